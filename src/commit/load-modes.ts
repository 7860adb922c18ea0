/**
 * Junos's `load` modes as one function of the candidate (junos-cli.md §4):
 * merge, override, replace, set, patch, update; `relative` loads below the
 * edit level. Like Junos, a load with errors keeps what parsed; the session
 * (session.ts) counts the errors for `load complete (N errors)`.
 */
import type { ConfigPath, Result } from '../diag/diagnostic.js';
import type { ConfigTree } from '../tree/config-tree.js';
import { deleteAt } from '../tree/tree-ops.js';
import type { ConfigLanguage } from './config-language.js';
import { applyPatch } from './load-patch.js';
import { mergeTrees, nestAt, stripReplace } from './merge-trees.js';

export type LoadMode = 'merge' | 'override' | 'replace' | 'set' | 'patch' | 'update';
export const LOAD_MODES: readonly LoadMode[] = ['merge', 'override', 'replace', 'set', 'patch', 'update'];

export interface LoadOutcome {
  /** Number of error diagnostics (`load complete (N errors)`). */
  readonly errors: number;
  readonly message: string;
}

/** The candidate CAND after `load MODE` of TEXT at the level AT (`[]`: the top). */
export function loadInto(
  cand: ConfigTree,
  mode: LoadMode,
  text: string,
  source: string,
  at: ConfigPath,
  language: ConfigLanguage,
): Result<ConfigTree> {
  if (mode === 'set') {
    const a = language.applyCommands(cand, text, source, at);
    return { value: a.value.tree, diagnostics: a.diagnostics };
  }
  if (mode === 'patch') return applyPatch(cand, text, source, language, at);
  const parsedAt = at.length ? language.parseConfigAt?.(text, source, at) : undefined;
  const parsed = parsedAt ?? language.parseConfig(text, source);
  const incoming =
    at.length && !parsedAt ? nestAt(parsed.value.tree, at, (p) => language.isList(p)) : parsed.value.tree;
  let next: ConfigTree;
  if (mode === 'merge' || mode === 'replace')
    next = mergeTrees(cand, incoming, { replace: mode === 'replace' });
  else if (at.length === 0) next = stripReplace(parsed.value.tree);
  else next = mergeTrees(deleteAt(cand, at), incoming);
  return { value: next, diagnostics: parsed.diagnostics };
}
