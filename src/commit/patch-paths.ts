/**
 * Which statement a line of a `load patch` text names (load-patch.ts): the
 * words of a banner or statement, quotes honoured, and the path of the
 * existing statement they lead to below the `[edit ...]` banner.
 */
import type { ConfigPath } from '../diag/diagnostic.js';
import type { ConfigTree } from '../tree/config-tree.js';
import { getAt } from '../tree/tree-ops.js';

/** Split a banner or statement into words, honouring "quoted words". */
export function splitWords(s: string): string[] {
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|(\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s)) !== null) out.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2]);
  return out;
}

/** The path of the statement a context or collapsed line names (`ca-profile X { ... }`, `ca-identity X;`). */
export function statementPath(tree: ConfigTree, banner: ConfigPath, text: string): ConfigPath | undefined {
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

/** The path of the statement a `!` line's words name: all of them, else a leaf's keyword (`keyword value`). */
export function markedPath(
  tree: ConfigTree,
  banner: ConfigPath,
  words: readonly string[],
): ConfigPath | undefined {
  const p = [...banner, ...words];
  if (getAt(tree, p) !== undefined) return p;
  if (words.length <= 1) return undefined;
  const leaf = [...banner, words[0]];
  return getAt(tree, leaf) !== undefined ? leaf : undefined;
}
