/**
 * The commit pipeline once the candidate is known (FRR's prepare/abort/apply
 * with vyconf's structural diff): validate -> diff -> appliers' check ->
 * appliers' prepare (on failure abort the prepared ones, change nothing) ->
 * store.commit (atomic write, rollback rotation, history) -> appliers' apply
 * (errors become warnings: the configuration is already committed).
 * `commit check` stops after prepare, aborts, and confirms a pending
 * `commit confirmed`. The caller (session.ts) holds the lock and chose the
 * candidate; this module knows no session mode.
 */
import type { Diagnostic, Result } from '../diag/diagnostic.js';
import { diagnostic, hasErrors } from '../diag/diagnostic.js';
import { diffTrees } from '../diff/diff-trees.js';
import type { TreeChange } from '../diff/tree-change.js';
import type { ConfigTree } from '../tree/config-tree.js';
import { diffOptionsOf, type ConfigLanguage } from './config-language.js';
import { renderCommitComplete, renderFailure, renderWarnings } from './render-commit.js';
import type { AutoRollback, CommitInput, CommitRecord, Store } from './store.js';

/** What an applier sees: the active and new configurations and the diff between them. */
export interface ApplierContext {
  readonly active: ConfigTree;
  readonly candidate: ConfigTree;
  readonly changes: readonly TreeChange[];
  /** `check` for `commit check` (prepare is aborted afterwards), `commit` otherwise. */
  readonly phase: 'check' | 'commit';
}

type MaybeAsync<T> = T | Promise<T>;

/**
 * A hook into commit (FRR northbound events): `check` and `prepare` may refuse
 * with error diagnostics before anything is written; `abort` undoes a prepare;
 * `apply` runs after the commit point (its errors become warnings).
 * The enrollment stage plugs in here; commit does not know it.
 */
export interface Applier {
  readonly name: string;
  check?(ctx: ApplierContext): MaybeAsync<readonly Diagnostic[]>;
  prepare?(ctx: ApplierContext): MaybeAsync<readonly Diagnostic[]>;
  abort?(ctx: ApplierContext): MaybeAsync<void>;
  apply?(ctx: ApplierContext): MaybeAsync<readonly Diagnostic[]>;
}

export interface CommitOutcome {
  readonly ok: boolean;
  /** The new history record (every successful commit that is not a check writes one). */
  readonly record?: CommitRecord;
  /** What changed (active -> committed candidate): the enrollment stage plans from it. */
  readonly changes: readonly TreeChange[];
  /** The lines to print, in Junos wording (`commit complete`, failure blocks, ...). */
  readonly messages: readonly string[];
  readonly autoRollback?: AutoRollback;
}

/** A refused commit: nothing changed. */
export function commitFailed(diagnostics: readonly Diagnostic[], messages: string[]): Result<CommitOutcome> {
  return { value: { ok: false, changes: [], messages }, diagnostics };
}

export interface PipelineInput {
  readonly store: Store;
  readonly language: ConfigLanguage;
  readonly appliers: readonly Applier[];
  readonly active: ConfigTree;
  readonly candidate: ConfigTree;
  readonly check: boolean;
  readonly record: CommitInput;
  /** Runs right after the commit point, before the appliers' apply (the session drops its candidate). */
  readonly committed: () => void;
}

/** Runs the pipeline (call under the lock, after recovery). */
export async function runCommitPipeline(p: PipelineInput): Promise<Result<CommitOutcome>> {
  const { check, active, candidate } = p;
  const pre = [...p.language.validate(candidate)];
  if (hasErrors(pre)) return commitFailed(pre, renderFailure(pre, check));
  const changes = diffTrees(active, candidate, diffOptionsOf(p.language));
  const ctx: ApplierContext = { active, candidate, changes, phase: check ? 'check' : 'commit' };
  const prepared = await prepareAll(p.appliers, ctx, pre);
  if (!prepared) return commitFailed(pre, renderFailure(pre, check));
  if (check) {
    for (const a of prepared.reverse()) await a.abort?.(ctx);
    p.store.confirm();
    return {
      value: { ok: true, changes, messages: [...renderWarnings(pre), 'configuration check succeeds'] },
      diagnostics: pre,
    };
  }
  // As in Junos, a commit without changes is a commit too: it gets a history
  // entry and a rollback revision (and a comment, if given).
  const record = p.store.commit(candidate, p.record);
  p.committed();
  const post = await applyAll(p.appliers, ctx);
  const all = [...pre, ...post];
  return {
    value: { ok: true, record, changes, messages: renderCommitComplete(all, p.record.confirmedMinutes) },
    diagnostics: all,
  };
}

/**
 * The appliers' check, then their prepare, collecting diagnostics into PRE;
 * the prepared appliers, or undefined (every prepare aborted) when one refused.
 */
async function prepareAll(
  appliers: readonly Applier[],
  ctx: ApplierContext,
  pre: Diagnostic[],
): Promise<Applier[] | undefined> {
  for (const a of appliers) {
    const d = a.check ? await a.check(ctx) : [];
    pre.push(...d);
    if (hasErrors(d)) return undefined;
  }
  const prepared: Applier[] = [];
  for (const a of appliers) {
    const d = a.prepare ? await a.prepare(ctx) : [];
    pre.push(...d);
    if (hasErrors(d)) {
      for (const p of prepared.reverse()) await p.abort?.(ctx);
      await a.abort?.(ctx);
      return undefined;
    }
    prepared.push(a);
  }
  return prepared;
}

/** The appliers' apply after the commit point: their errors (and exceptions) are warnings. */
async function applyAll(appliers: readonly Applier[], ctx: ApplierContext): Promise<Diagnostic[]> {
  const post: Diagnostic[] = [];
  for (const a of appliers) {
    try {
      const d = a.apply ? await a.apply(ctx) : [];
      post.push(...d.map((x) => (x.severity === 'error' ? { ...x, severity: 'warning' as const } : x)));
    } catch (e) {
      post.push(
        diagnostic('COMMIT_APPLY_FAILED', `${a.name}: ${(e as Error).message}`, { severity: 'warning' }),
      );
    }
  }
  return post;
}
