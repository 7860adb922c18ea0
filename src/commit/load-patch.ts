/**
 * `load patch`: applies `show | compare` text to the candidate (junos-cli.md §4):
 * a `[edit a b c]` banner sets the context; runs of `+` lines are merged, runs
 * of `-` lines deleted (a whole block deletes the statement; a leaf-list line
 * deletes those values); `!` lines change activation (`inactive:` / `active:`)
 * or protection; unmarked lines and collapsed `name { ... }` lines are context
 * only. Whitespace after the marker does not matter. Diagnostics point into the
 * patch text (offsets are preserved by parsing each block in place).
 */
import type { ConfigPath, Diagnostic, Result } from '../diag/diagnostic.js';
import { applyChanges } from '../diff/apply-changes.js';
import {
  isListNode,
  isObject,
  type ConfigObject,
  type ConfigTree,
  type NodeMeta,
} from '../tree/config-tree.js';
import {
  dataKeys,
  deleteAt,
  getAt,
  getMeta,
  listNames,
  setMeta,
  setAt,
  treesEqual,
} from '../tree/tree-ops.js';
import type { ConfigLanguage } from './config-language.js';
import { mergeTrees } from './merge-trees.js';
import { diagnostic } from '../diag/diagnostic.js';

/** Split a banner or statement into words, honouring "quoted words". */
export function splitWords(s: string): string[] {
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|(\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s)) !== null) out.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2]);
  return out;
}

function quoteWord(w: string): string {
  return /[\s;{}[\]"#]/.test(w) || w === '' ? `"${w.replace(/(["\\])/g, '\\$1')}"` : w;
}

interface Block {
  marker: '+' | '-';
  banner: ConfigPath;
  start: number;
  lines: { offset: number; text: string }[];
}

function pdiag(
  code: 'PATCH_SYNTAX' | 'PATCH_NOT_FOUND',
  message: string,
  source: string,
  start: number,
  end: number,
): Diagnostic {
  return diagnostic(code, message, {
    severity: code === 'PATCH_SYNTAX' ? 'error' : 'warning',
    span: { source, start, end },
  });
}

/** Remove from `tree` what `del` (a parsed `-` block, rooted at the top) names. */
function deleteNamed(
  tree: ConfigTree,
  del: ConfigObject,
  path: string[],
  found: { missing: ConfigPath[] },
): ConfigTree {
  let t = tree;
  const keys = isListNode(del) ? listNames(del) : dataKeys(del);
  for (const k of keys) {
    const v = del[k];
    const p = [...path, k];
    const cur = getAt(t, p);
    if (cur === undefined) {
      found.missing.push(p);
      continue;
    }
    if (isObject(v) && dataKeys(v).length > 0 && isObject(cur)) {
      t = deleteNamed(t, v, p, found);
      const after = getAt(t, p);
      if (isObject(after) && dataKeys(after).length === 0) {
        t = deleteAt(t, p);
      }
    } else if (Array.isArray(v) && Array.isArray(cur)) {
      const drop = new Set(v as readonly string[]);
      const rest = (cur as readonly string[]).filter((x) => !drop.has(x));
      t = rest.length ? setAt(t, p, rest) : deleteAt(t, p);
    } else {
      t = deleteAt(t, p);
    }
  }
  return t;
}

/** The path of the statement a context or collapsed line names (`ca-profile X { ... }`, `ca-identity X;`). */
function statementPath(tree: ConfigTree, banner: ConfigPath, text: string): ConfigPath | undefined {
  const body = text
    .trim()
    .replace(/^(inactive:|active:|protect:|unprotect:)\s*/g, '')
    .replace(/\s*(\{\s*\.\.\.\s*\}|\{|;)\s*(##.*)?$/, '');
  const words = splitWords(body);
  for (let n = words.length; n >= 1; n--) {
    const p = [...banner, ...words.slice(0, n)];
    if (getAt(tree, p) !== undefined) return p;
  }
  return undefined;
}

/** Apply `show | compare` text to `tree`. Keeps what applies and reports the rest. */
export function applyPatch(
  tree: ConfigTree,
  text: string,
  source: string,
  lang: ConfigLanguage,
  at: ConfigPath = [],
): Result<ConfigTree> {
  const diagnostics: Diagnostic[] = [];
  let banner: ConfigPath = at;
  let t = tree;
  let block: Block | undefined;
  const flush = (): void => {
    if (!block) return;
    const b = block;
    block = undefined;
    // Parse the block in place: same offsets as in the patch, other text blanked.
    const chars = text.replace(/[^\n]/g, ' ').split('');
    for (const l of b.lines) for (let i = 0; i < l.text.length; i++) chars[l.offset + i] = l.text[i];
    const body = chars.join('');
    // `[edit security pki ca-profile X]` -> `security { pki { ca-profile X { `
    let prefix = '';
    let opened = 0;
    for (let i = 0; i < b.banner.length; i++) {
      const w = quoteWord(b.banner[i]);
      if (lang.isList(b.banner.slice(0, i + 1)) && i + 1 < b.banner.length) {
        prefix += `${w} ${quoteWord(b.banner[i + 1])} { `;
        i++;
      } else prefix += `${w} { `;
      opened++;
    }
    const suffix = ' }'.repeat(opened);
    const parsed = lang.parseConfig(prefix + body + suffix, source);
    for (const d of parsed.diagnostics) {
      diagnostics.push(
        d.span
          ? {
              ...d,
              span: {
                ...d.span,
                start: Math.max(0, d.span.start - prefix.length),
                end: Math.max(0, d.span.end - prefix.length),
              },
            }
          : d,
      );
    }
    if (b.marker === '+') t = mergeTrees(t, parsed.value.tree);
    else {
      const found = { missing: [] as ConfigPath[] };
      t = deleteNamed(t, parsed.value.tree, [], found);
      for (const p of found.missing) {
        diagnostics.push(
          pdiag(
            'PATCH_NOT_FOUND',
            `warning: statement not found: ${p.join(' ')}`,
            source,
            b.start,
            b.start + 1,
          ),
        );
      }
    }
  };
  let lastContext: ConfigPath | undefined;
  let annotation: { add: boolean; text: string; offset: number; raw: string } | undefined;
  let offset = 0;
  for (const raw of text.split('\n')) {
    const lineStart = offset;
    offset += raw.length + 1;
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '') continue;
    const bm = /^\[edit(?:\s+(.*))?\]\s*$/.exec(line);
    if (bm) {
      flush();
      banner = [...at, ...splitWords(bm[1] ?? '')];
      lastContext = undefined;
      annotation = undefined;
      continue;
    }
    const marker = line[0];
    const rest = line.slice(1);
    if ((marker === '+' || marker === '-') && /^\s*(\/\*.*\*\/|#.*)\s*$/.test(rest) && !block) {
      // An annotation line: it applies to the statement on the next (context) line.
      annotation = { add: marker === '+', text: rest.trim(), offset: lineStart + 1, raw: rest };
      continue;
    }
    if (marker === '+' || marker === '-') {
      if (/\{\s*\.\.\.\s*\}\s*$/.test(rest)) {
        flush();
        // A collapsed entry: `-` where it was, `+` where it goes (after the context line).
        const p = statementPath(t, banner, rest);
        if (marker === '+' && p && p.length >= 2) {
          const listPath = p.slice(0, -1);
          const name = p[p.length - 1];
          const list = getAt(t, listPath);
          if (isListNode(list)) {
            const order = listNames(list).filter((n) => n !== name);
            const after =
              lastContext && lastContext.length === p.length && treesEqual(lastContext.slice(0, -1), listPath)
                ? lastContext[lastContext.length - 1]
                : undefined;
            order.splice(after === undefined ? 0 : order.indexOf(after) + 1, 0, name);
            t = applyChanges(t, [
              { op: 'reorder', path: listPath, entry: false, old: listNames(list), value: order },
            ]);
          }
        }
        continue;
      }
      if (!block || block.marker !== marker || block.banner !== banner) {
        flush();
        block = { marker, banner, start: lineStart, lines: [] };
        if (annotation && annotation.add === (marker === '+')) {
          // The annotation of a statement added (or removed) whole.
          block.lines.push({ offset: annotation.offset, text: annotation.raw });
        }
        annotation = undefined;
      }
      block.lines.push({ offset: lineStart + 1, text: rest });
      continue;
    }
    flush();
    if (marker === '!') {
      const m = /^\s*(inactive:|active:|protect:|unprotect:)\s*(.*?)\s*(\{\s*\.\.\.\s*\}|\{|;)?\s*$/.exec(
        rest,
      );
      if (!m) {
        diagnostics.push(
          pdiag('PATCH_SYNTAX', `syntax error: ${rest.trim()}`, source, lineStart, lineStart + raw.length),
        );
        continue;
      }
      const words = splitWords(m[2].replace(/^(inactive:|protect:)\s*/, ''));
      let p = [...banner, ...words];
      let node = getAt(t, p);
      if (node === undefined && words.length > 1) {
        p = [...banner, words[0]]; // a leaf: `keyword value`
        node = getAt(t, p);
      }
      if (node === undefined) {
        diagnostics.push(
          pdiag('PATCH_NOT_FOUND', 'warning: statement not found', source, lineStart, lineStart + raw.length),
        );
        continue;
      }
      const meta: NodeMeta = { ...(getMeta(t, p) ?? {}) };
      const mm = meta as { inactive?: true; protect?: true };
      if (m[1] === 'inactive:') mm.inactive = true;
      else if (m[1] === 'active:') delete mm.inactive;
      else if (m[1] === 'protect:') mm.protect = true;
      else delete mm.protect;
      if (annotation) {
        // `+ /* note */` above `! inactive: stmt`: the annotation of that statement changed too
        const ma = meta as { annotation?: string };
        if (annotation.add) ma.annotation = annotation.text;
        else if (ma.annotation === annotation.text) delete ma.annotation;
        annotation = undefined;
      }
      t = setMeta(t, p, Object.keys(meta).length ? meta : undefined);
      continue;
    }
    if (marker === ' ' || marker === '\t') {
      lastContext = statementPath(t, banner, rest);
      if (annotation && lastContext) {
        const meta: { annotation?: string } = { ...(getMeta(t, lastContext) ?? {}) };
        if (annotation.add) meta.annotation = annotation.text;
        else if (meta.annotation === annotation.text) delete meta.annotation;
        t = setMeta(t, lastContext, Object.keys(meta).length ? (meta as NodeMeta) : undefined);
      }
      annotation = undefined;
      continue;
    }
    diagnostics.push(
      pdiag('PATCH_SYNTAX', `syntax error: ${line.trim()}`, source, lineStart, lineStart + raw.length),
    );
  }
  flush();
  return { value: t, diagnostics };
}
