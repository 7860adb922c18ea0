/**
 * What the commit stage needs from the syntax and validate stages, as one
 * interface so that sessions can be tested with a stand-in and the real stages
 * plug in at one place (`defaultLanguage`).
 */
import type { ConfigPath, Diagnostic, Result } from '../diag/diagnostic.js';
import type { ConfigObject, ConfigTree } from '../tree/config-tree.js';
import type { SpanMap } from '../tree/span-map.js';
import type { DiffOptions } from '../diff/diff-trees.js';
import type { CompareOptions } from '../diff/render-compare.js';

export interface ConfigLanguage {
  /** Parse a configuration file (curly, set, json or yaml) into a tree; errors keep what parsed. */
  parseConfig(text: string, source: string): Result<{ tree: ConfigTree; spans?: SpanMap }>;
  /**
   * Parse a text that sits at `at` (`load ... relative`): statements are read
   * against the schema of that level, the tree returned is absolute and spans
   * point into `text`. Undefined when the language cannot (the caller then
   * parses at the top and nests the result).
   */
  parseConfigAt?(
    text: string,
    source: string,
    at: ConfigPath,
  ): Result<{ tree: ConfigTree; spans?: SpanMap }> | undefined;
  /** Apply set-grammar commands (set, delete, activate, ...) at an edit level, with Junos messages. */
  applyCommands(
    tree: ConfigTree,
    text: string,
    source: string,
    editPath: ConfigPath,
  ): Result<{ tree: ConfigTree; editPath: ConfigPath }>;
  /** True when the node at `path` is a keyed list (so the next word is an entry name). */
  isList(path: ConfigPath): boolean;
  /** Commit-time validation of a candidate (schema + semantic rules); [] when valid. */
  validate(tree: ConfigTree, spans?: SpanMap): readonly Diagnostic[];
  /** The canonical curly text of a tree, or of the statements below `path` relative to it. */
  printCurly(tree: ConfigTree, path?: ConfigPath): string;
  /** Display (schema) order of a container's data keys; default: key order. */
  keyOrder?(path: ConfigPath, obj: ConfigObject): string[];
}

/** How a language orders a diff: its display order when it has one. */
export function diffOptionsOf(lang: ConfigLanguage): DiffOptions {
  const order = lang.keyOrder;
  return order ? { order: (p, o) => order.call(lang, p, o) } : {};
}

/** How a language prints `show | compare`: its order and its curly printer. */
export function compareOptionsOf(lang: ConfigLanguage): CompareOptions {
  return {
    ...diffOptionsOf(lang),
    printer: { printCurly: (t, p) => lang.printCurly(t, p), isList: (p) => lang.isList(p) },
  };
}
