/**
 * `load patch`: applies `show | compare` text to the candidate (junos-cli.md §4):
 * a `[edit a b c]` banner sets the context; runs of `+` lines are merged, runs
 * of `-` lines deleted (a whole block deletes the statement; a leaf-list line
 * deletes those values); `!` lines change activation (`inactive:` / `active:`)
 * or protection; unmarked lines and collapsed `name { ... }` lines are context
 * only. Whitespace after the marker does not matter. Diagnostics point into the
 * patch text (offsets are preserved by parsing each block in place).
 *
 * This file reads the lines and keeps the state between them (PatchReader:
 * banner, open block, last context line, pending annotation); patch-block.ts
 * applies the `+` / `-` blocks, patch-marks.ts the `!` and annotation lines.
 */
import { diagnostic, type ConfigPath, type Diagnostic, type Result } from '../diag/diagnostic.js';
import { applyChanges } from '../diff/apply-changes.js';
import { isListNode, type ConfigTree } from '../tree/config-tree.js';
import { getAt, listNames, treesEqual } from '../tree/tree-ops.js';
import type { ConfigLanguage } from './config-language.js';
import { applyBlock, type PatchBlock } from './patch-block.js';
import { annotateAt, applyMark, type PendingAnnotation } from './patch-marks.js';
import { splitWords, statementPath } from './patch-paths.js';

/** Apply `show | compare` text to `tree`. Keeps what applies and reports the rest. */
export function applyPatch(
  tree: ConfigTree,
  text: string,
  source: string,
  lang: ConfigLanguage,
  at: ConfigPath = [],
): Result<ConfigTree> {
  const r = new PatchReader(tree, text, source, lang, at);
  let offset = 0;
  for (const raw of text.split('\n')) {
    const lineStart = offset;
    offset += raw.length + 1;
    r.line(raw, lineStart);
  }
  r.flush();
  return { value: r.tree, diagnostics: r.diagnostics };
}

/** The state between the lines of a patch: the tree so far, the banner, the open block, the line before. */
class PatchReader {
  readonly diagnostics: Diagnostic[] = [];
  private banner: ConfigPath;
  private block: PatchBlock | undefined;
  private lastContext: ConfigPath | undefined;
  private annotation: PendingAnnotation | undefined;

  constructor(
    public tree: ConfigTree,
    private readonly text: string,
    private readonly source: string,
    private readonly lang: ConfigLanguage,
    private readonly at: ConfigPath,
  ) {
    this.banner = at;
  }

  line(raw: string, lineStart: number): void {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '') return;
    const bm = /^\[edit(?:\s+(.*))?\]\s*$/.exec(line);
    if (bm) {
      this.flush();
      this.banner = [...this.at, ...splitWords(bm[1] ?? '')];
      this.lastContext = undefined;
      this.annotation = undefined;
      return;
    }
    const marker = line[0];
    const rest = line.slice(1);
    if (marker === '+' || marker === '-') return this.plusMinus(marker, rest, lineStart);
    this.flush();
    const end = lineStart + raw.length;
    if (marker === '!') {
      const r = applyMark(this.tree, this.banner, rest, this.annotation);
      if (r === 'syntax') this.report('PATCH_SYNTAX', `syntax error: ${rest.trim()}`, lineStart, end);
      else if (r === 'not found')
        this.report('PATCH_NOT_FOUND', 'warning: statement not found', lineStart, end);
      else {
        this.tree = r;
        this.annotation = undefined;
      }
    } else if (marker === ' ' || marker === '\t') {
      this.lastContext = statementPath(this.tree, this.banner, rest);
      if (this.annotation && this.lastContext)
        this.tree = annotateAt(this.tree, this.lastContext, this.annotation);
      this.annotation = undefined;
    } else this.report('PATCH_SYNTAX', `syntax error: ${line.trim()}`, lineStart, end);
  }

  /** A `+` or `-` line: an annotation, a collapsed entry, or a line of the block it opens or continues. */
  private plusMinus(marker: '+' | '-', rest: string, lineStart: number): void {
    if (/^\s*(\/\*.*\*\/|#.*)\s*$/.test(rest) && !this.block) {
      // An annotation line: it applies to the statement on the next (context) line.
      this.annotation = { add: marker === '+', text: rest.trim(), offset: lineStart + 1, raw: rest };
      return;
    }
    if (/\{\s*\.\.\.\s*\}\s*$/.test(rest)) {
      this.flush();
      // A collapsed entry: `-` where it was, `+` where it goes (after the context line).
      if (marker === '+')
        this.tree = placeCollapsed(this.tree, statementPath(this.tree, this.banner, rest), this.lastContext);
      return;
    }
    let block = this.block;
    if (!block || block.marker !== marker || block.banner !== this.banner) {
      this.flush();
      block = this.block = { marker, banner: this.banner, start: lineStart, lines: [] };
      if (this.annotation && this.annotation.add === (marker === '+')) {
        // The annotation of a statement added (or removed) whole.
        block.lines.push({ offset: this.annotation.offset, text: this.annotation.raw });
      }
      this.annotation = undefined;
    }
    block.lines.push({ offset: lineStart + 1, text: rest });
  }

  flush(): void {
    if (this.block)
      this.tree = applyBlock(this.tree, this.block, this.text, this.source, this.lang, this.diagnostics);
    this.block = undefined;
  }

  private report(
    code: 'PATCH_SYNTAX' | 'PATCH_NOT_FOUND',
    message: string,
    start: number,
    end: number,
  ): void {
    this.diagnostics.push(
      diagnostic(code, message, {
        severity: code === 'PATCH_SYNTAX' ? 'error' : 'warning',
        span: { source: this.source, start, end },
      }),
    );
  }
}

/**
 * A `+ name { ... }` line: the list entry at p moves to just after the entry
 * of the context line above it (the first place when there is none).
 */
function placeCollapsed(
  t: ConfigTree,
  p: ConfigPath | undefined,
  lastContext: ConfigPath | undefined,
): ConfigTree {
  if (!p || p.length < 2) return t;
  const listPath = p.slice(0, -1);
  const name = p[p.length - 1];
  const list = getAt(t, listPath);
  if (!isListNode(list)) return t;
  const order = listNames(list).filter((n) => n !== name);
  const after =
    lastContext && lastContext.length === p.length && treesEqual(lastContext.slice(0, -1), listPath)
      ? lastContext[lastContext.length - 1]
      : undefined;
  order.splice(after === undefined ? 0 : order.indexOf(after) + 1, 0, name);
  return applyChanges(t, [
    { op: 'reorder', path: listPath, entry: false, old: listNames(list), value: order },
  ]);
}
