/**
 * One `+` or `-` block of a `load patch` text (load-patch.ts): its lines are
 * parsed in place, inside the statements its `[edit ...]` banner opens, so
 * that diagnostics keep the patch's offsets; a `+` block is merged into the
 * tree, a `-` block deletes what it names (a whole block deletes the
 * statement, a leaf-list line those values).
 */
import { diagnostic, type ConfigPath, type Diagnostic } from '../diag/diagnostic.js';
import { isListNode, isObject, type ConfigObject, type ConfigTree } from '../tree/config-tree.js';
import { dataKeys, deleteAt, getAt, listNames, setAt } from '../tree/tree-ops.js';
import { quoteIfNeeded } from '../syntax/words.js';
import type { ConfigLanguage } from './config-language.js';
import { mergeTrees } from './merge-trees.js';

export interface PatchBlock {
  readonly marker: '+' | '-';
  readonly banner: ConfigPath;
  /** Offset of the block's first line: where its `statement not found` warnings point. */
  readonly start: number;
  /** The text after each line's marker, at its offset in the patch. */
  readonly lines: { offset: number; text: string }[];
}

/** The tree after the block; the block's diagnostics are pushed to `diagnostics`. */
export function applyBlock(
  tree: ConfigTree,
  b: PatchBlock,
  text: string,
  source: string,
  lang: ConfigLanguage,
  diagnostics: Diagnostic[],
): ConfigTree {
  // Parse the block in place: same offsets as in the patch, other text blanked.
  const chars = text.replace(/[^\n]/g, ' ').split('');
  for (const l of b.lines) for (let i = 0; i < l.text.length; i++) chars[l.offset + i] = l.text[i];
  const body = chars.join('');
  const { prefix, suffix } = bannerBraces(b.banner, lang);
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
  if (b.marker === '+') return mergeTrees(tree, parsed.value.tree);
  const found = { missing: [] as ConfigPath[] };
  const t = deleteNamed(tree, parsed.value.tree, [], found);
  for (const p of found.missing) {
    diagnostics.push(
      diagnostic('PATCH_NOT_FOUND', `warning: statement not found: ${p.join(' ')}`, {
        severity: 'warning',
        span: { source, start: b.start, end: b.start + 1 },
      }),
    );
  }
  return t;
}

/** `[edit security pki ca-profile X]` -> `security { pki { ca-profile X { ` and its closing braces. */
function bannerBraces(banner: ConfigPath, lang: ConfigLanguage): { prefix: string; suffix: string } {
  let prefix = '';
  let opened = 0;
  for (let i = 0; i < banner.length; i++) {
    const w = quoteIfNeeded(banner[i]);
    if (lang.isList(banner.slice(0, i + 1)) && i + 1 < banner.length) {
      prefix += `${w} ${quoteIfNeeded(banner[i + 1])} { `;
      i++;
    } else prefix += `${w} { `;
    opened++;
  }
  return { prefix, suffix: ' }'.repeat(opened) };
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
