/**
 * A configuration session: candidate edits, loads, compare, commit check,
 * commit (confirmed), rollback, in one of Junos's three modes (junos-cli.md §6):
 *
 * - `shared` (`configure`): the candidate is the store's shared candidate; each
 *   edit re-reads it under the lock, so concurrent editors never lose an edit.
 * - `exclusive` (`configure exclusive`): like shared, but the session holds the
 *   lock from open to close; everyone else's edits and commits are refused.
 *   Uncommitted changes are discarded on close.
 * - `private` (`configure private`): a private copy of the active configuration;
 *   at commit the private changes are applied to the then-active configuration
 *   and a change to a statement that another commit also changed is reported
 *   as a conflict instead of being overwritten.
 *
 * Commit steps (FRR's prepare/abort/apply with vyconf's structural diff):
 * lock -> recover/enforce deadlines -> validate -> diff -> appliers' check ->
 * appliers' prepare (on failure abort the prepared ones, change nothing) ->
 * store.commit (atomic write, rollback rotation, history) -> appliers' apply
 * (errors become warnings: the configuration is already committed) -> unlock.
 * `commit check` stops after prepare, aborts, and confirms a pending
 * `commit confirmed`. A commit without changes is recorded like any other
 * (history entry, rollback revision), as in Junos.
 */
import type { ConfigPath, Diagnostic, Result } from '../diag/diagnostic.js';
import { hasErrors } from '../diag/diagnostic.js';
import { applyChanges } from '../diff/apply-changes.js';
import { diffTrees, isListNode, isObjectNode, listOrder, type DiffOptions } from '../diff/diff-trees.js';
import { renderCompare, type CompareOptions } from '../diff/render-compare.js';
import type { TreeChange } from '../diff/tree-change.js';
import { META_KEY, type ConfigObject, type ConfigTree, type NodeMeta } from '../tree/config-tree.js';
import { deleteAt, getAt, treesEqual } from '../tree/tree-ops.js';
import { compareOptionsOf, diffOptionsOf, type ConfigLanguage } from './config-language.js';
import { applyPatch } from './load-patch.js';
import { currentUser, formatLockedMessage, type HeldLock } from './lock.js';
import { mergeTrees, nestAt, stripReplace } from './merge-trees.js';
import { renderJunos } from '../diag/render-junos.js';
import { editBanner, renderHistory, renderWarnings } from './render-commit.js';
import type { AutoRollback, CommitRecord, CommitVia, Store } from './store.js';
import { MAX_ROLLBACK } from './store.js';

export type SessionMode = 'shared' | 'exclusive' | 'private';
export type LoadMode = 'merge' | 'override' | 'replace' | 'set' | 'patch' | 'update';
export const LOAD_MODES: readonly LoadMode[] = ['merge', 'override', 'replace', 'set', 'patch', 'update'];

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

export interface SessionOptions {
  readonly store: Store;
  readonly language: ConfigLanguage;
  readonly mode?: SessionMode;
  readonly user?: string;
  readonly via?: CommitVia;
  readonly appliers?: readonly Applier[];
  readonly terminal?: string;
  /** How long to wait for another writer's lock before refusing (ms, default 0). */
  readonly lockWaitMs?: number;
}

export interface CommitOptions {
  readonly check?: boolean;
  readonly comment?: string;
  /** `commit confirmed [minutes]`: 1..65535 */
  readonly confirmed?: number;
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

export interface LoadOutcome {
  /** Number of error diagnostics (`load complete (N errors)`). */
  readonly errors: number;
  readonly message: string;
}

function diag(
  code: Diagnostic['code'],
  message: string,
  severity: 'error' | 'warning' = 'error',
  path?: ConfigPath,
): Diagnostic {
  return { code, severity, stage: 'commit', message, ...(path ? { path } : {}) };
}

const AUTO_ROLLBACK_MESSAGE = 'Commit was not confirmed; automatic rollback complete.';

export class Session {
  readonly mode: SessionMode;
  readonly store: Store;
  readonly language: ConfigLanguage;
  readonly user: string;
  readonly via: CommitVia;
  readonly appliers: readonly Applier[];
  /** The edit level (`[edit ...]`), used by `load ... relative`. */
  editPath: ConfigPath = [];
  private readonly terminal: string;
  private readonly lockWaitMs: number;
  private heldLock: HeldLock | undefined;
  private privateBase: ConfigTree | undefined;
  private privateCandidate: ConfigTree | undefined;
  /** True after a load that reported errors, until the next successful commit or rollback. */
  loadHadErrors = false;

  private failureLines(diagnostics: readonly Diagnostic[], check: boolean): string[] {
    return renderJunos(diagnostics, { mode: check ? 'check' : 'commit' })
      .replace(/\n$/, '')
      .split('\n');
  }

  private constructor(opts: SessionOptions) {
    this.mode = opts.mode ?? 'shared';
    this.store = opts.store;
    this.language = opts.language;
    this.user = opts.user ?? currentUser();
    this.via = opts.via ?? 'api';
    this.appliers = opts.appliers ?? [];
    this.terminal = opts.terminal ?? 'none';
    this.lockWaitMs = opts.lockWaitMs ?? 0;
  }

  /**
   * Open a session. `exclusive` takes the lock (refused with Junos's
   * `configuration database locked by:` text) and, like `private`, is refused
   * while the shared candidate holds uncommitted changes.
   */
  static open(opts: SessionOptions): Result<Session | undefined> {
    const s = new Session(opts);
    const modified = (): boolean => {
      const c = s.store.sharedCandidate();
      return c !== undefined && !treesEqual(c.tree, s.store.active());
    };
    if (s.mode === 'exclusive') {
      const r = s.store.lock({ user: s.user, mode: 'exclusive', terminal: s.terminal, waitMs: s.lockWaitMs });
      if (!r.ok)
        return {
          value: undefined,
          diagnostics: [diag('COMMIT_LOCKED', formatLockedMessage(r.holder, s.store.clock()))],
        };
      s.heldLock = r.lock;
      s.store.recover();
      s.store.enforcePending();
      if (modified()) {
        s.heldLock.release();
        return {
          value: undefined,
          diagnostics: [diag('COMMIT_DATABASE_MODIFIED', 'error: configuration database modified')],
        };
      }
      s.store.writeSharedCandidate(undefined, 0);
    } else if (s.mode === 'private') {
      if (modified()) {
        return {
          value: undefined,
          diagnostics: [diag('COMMIT_DATABASE_MODIFIED', 'error: shared configuration database modified')],
        };
      }
      s.privateBase = s.store.active();
      s.privateCandidate = s.privateBase;
    }
    return { value: s, diagnostics: [] };
  }

  /** The candidate configuration as this session sees it. */
  candidate(): ConfigTree {
    if (this.mode === 'private') return this.privateCandidate as ConfigTree;
    return this.sharedCandidate().tree;
  }

  /** True when the candidate differs from the active configuration. */
  isModified(): boolean {
    return !treesEqual(this.candidate(), this.store.active());
  }

  /**
   * Run several operations (e.g. `load` then `commit`) under one hold of the
   * writer lock, so that nobody commits in between. Refused with the Junos lock
   * message when another process holds the lock.
   */
  async transaction<T>(fn: () => Promise<T>): Promise<Result<T | undefined>> {
    if (this.heldLock) return { value: await fn(), diagnostics: [] };
    const r = this.store.lock({
      user: this.user,
      terminal: this.terminal,
      editPath: this.editPath,
      waitMs: this.lockWaitMs,
    });
    if (!r.ok)
      return {
        value: undefined,
        diagnostics: [diag('COMMIT_LOCKED', formatLockedMessage(r.holder, this.store.clock()))],
      };
    this.heldLock = r.lock;
    try {
      return { value: await fn(), diagnostics: [] };
    } finally {
      this.heldLock = undefined;
      r.lock.release();
    }
  }

  /** The active configuration. */
  active(): ConfigTree {
    return this.store.active();
  }

  /** The shared candidate rebased on the active configuration when a commit from elsewhere moved HEAD. */
  private sharedCandidate(): { tree: ConfigTree; rebased: boolean } {
    const head = this.store.head().seq;
    const active = this.store.readSeq(head);
    const c = this.store.sharedCandidate();
    if (!c) return { tree: active, rebased: false };
    if (c.baseSeq === head) return { tree: c.tree, rebased: false };
    let base: ConfigTree;
    try {
      base = this.store.readSeq(c.baseSeq);
    } catch {
      return { tree: active, rebased: true };
    }
    return { tree: rebase(base, c.tree, active).tree, rebased: true };
  }

  private async locked<T>(
    fn: () => Promise<T> | T,
  ): Promise<{ ok: true; value: T; auto?: AutoRollback } | { ok: false; diagnostics: Diagnostic[] }> {
    let lock = this.heldLock;
    let mine = false;
    if (!lock) {
      const r = this.store.lock({
        user: this.user,
        terminal: this.terminal,
        editPath: this.editPath,
        waitMs: this.lockWaitMs,
      });
      if (!r.ok)
        return {
          ok: false,
          diagnostics: [diag('COMMIT_LOCKED', formatLockedMessage(r.holder, this.store.clock()))],
        };
      lock = r.lock;
      mine = true;
    }
    try {
      this.store.recover();
      const auto = this.store.enforcePending();
      return { ok: true, value: await fn(), ...(auto ? { auto } : {}) };
    } finally {
      if (mine) lock.release();
    }
  }

  /** Replace the candidate with `fn(candidate)` (under the lock for shared candidates). */
  private async mutate(fn: (c: ConfigTree) => Result<ConfigTree>): Promise<Result<boolean>> {
    if (this.mode === 'private') {
      const r = fn(this.privateCandidate as ConfigTree);
      this.privateCandidate = r.value;
      return { value: true, diagnostics: r.diagnostics };
    }
    const r = await this.locked(() => {
      const cur = this.sharedCandidate().tree;
      const next = fn(cur);
      const head = this.store.head().seq;
      const active = this.store.readSeq(head);
      // an exclusive session's edits carry its lock token: void once the session is gone
      const owner = this.mode === 'exclusive' ? this.heldLock?.owner.token : undefined;
      this.store.writeSharedCandidate(treesEqual(next.value, active) ? undefined : next.value, head, owner);
      return next.diagnostics;
    });
    if (!r.ok) return { value: false, diagnostics: r.diagnostics };
    return { value: true, diagnostics: r.value };
  }

  /** Apply set-grammar commands (`set`, `delete`, `activate`, ...) to the candidate. */
  async applyCommands(text: string, source: string): Promise<Result<boolean>> {
    let editPath = this.editPath;
    const r = await this.mutate((c) => {
      const a = this.language.applyCommands(c, text, source, this.editPath);
      editPath = a.value.editPath;
      return { value: a.value.tree, diagnostics: a.diagnostics };
    });
    if (r.value) this.editPath = editPath;
    return r;
  }

  /**
   * `load MODE`: merge, override, replace, set, patch or update the candidate from
   * `text`. Like Junos, a load with errors keeps what parsed and reports
   * `load complete (N errors)`; `relative` loads below the edit level.
   */
  async load(
    mode: LoadMode,
    text: string,
    source: string,
    opts: { relative?: boolean } = {},
  ): Promise<Result<LoadOutcome>> {
    const at: ConfigPath = opts.relative ? this.editPath : [];
    const r = await this.mutate((cand): Result<ConfigTree> => {
      if (mode === 'set') {
        const a = this.language.applyCommands(cand, text, source, at);
        return { value: a.value.tree, diagnostics: a.diagnostics };
      }
      if (mode === 'patch') return applyPatch(cand, text, source, this.language, at);
      const parsedAt = at.length ? this.language.parseConfigAt?.(text, source, at) : undefined;
      const parsed = parsedAt ?? this.language.parseConfig(text, source);
      const incoming =
        at.length && !parsedAt
          ? nestAt(parsed.value.tree, at, (p) => this.language.isList(p))
          : parsed.value.tree;
      let next: ConfigTree;
      if (mode === 'merge' || mode === 'replace')
        next = mergeTrees(cand, incoming, { replace: mode === 'replace' });
      else if (at.length === 0) next = stripReplace(parsed.value.tree);
      else next = mergeTrees(deleteAt(cand, at), incoming);
      return { value: next, diagnostics: parsed.diagnostics };
    });
    if (!r.value) return { value: { errors: 0, message: 'load failed' }, diagnostics: r.diagnostics };
    const errors = r.diagnostics.filter((d) => d.severity === 'error').length;
    this.loadHadErrors = errors > 0;
    return {
      value: { errors, message: errors ? `load complete (${errors} errors)` : 'load complete' },
      diagnostics: r.diagnostics,
    };
  }

  /** `rollback N`: load revision N (0 = active: discard changes) into the candidate. */
  async rollback(n: number): Promise<Result<LoadOutcome | undefined>> {
    const tree = Number.isInteger(n) && n >= 0 && n <= MAX_ROLLBACK ? this.store.rollback(n) : undefined;
    if (tree === undefined) {
      return { value: undefined, diagnostics: [diag('ROLLBACK_NOT_FOUND', `rollback ${n} does not exist`)] };
    }
    const r = await this.mutate(() => ({ value: tree, diagnostics: [] }));
    if (!r.value) return { value: undefined, diagnostics: r.diagnostics };
    this.loadHadErrors = false;
    return { value: { errors: 0, message: 'load complete' }, diagnostics: [] };
  }

  /** `show | compare [rollback N]`: candidate against the active configuration or revision N. */
  compare(opts: { rollback?: number; path?: ConfigPath } = {}): Result<string> {
    const old = opts.rollback === undefined ? this.store.active() : this.store.rollback(opts.rollback);
    if (old === undefined)
      return {
        value: '',
        diagnostics: [diag('ROLLBACK_NOT_FOUND', `rollback ${opts.rollback} does not exist`)],
      };
    return {
      value: renderCompare(old, this.candidate(), { path: opts.path, ...this.compareOptions() }),
      diagnostics: [],
    };
  }

  /** The structural changes active -> candidate, in configuration order. */
  changes(): TreeChange[] {
    return diffTrees(this.store.active(), this.candidate(), this.diffOptions());
  }

  private diffOptions(): DiffOptions {
    return diffOptionsOf(this.language);
  }

  private compareOptions(): CompareOptions {
    return compareOptionsOf(this.language);
  }

  /**
   * Enforce an expired `commit confirmed` deadline now: a long-running shell or
   * daemon calls this on a timer (every writer and `openStore` also do). Returns
   * the automatic rollback when one happened; undefined when nothing was due or
   * another process holds the lock (it will enforce it).
   */
  async enforceDeadline(): Promise<AutoRollback | undefined> {
    const pending = this.store.head().pending;
    if (!pending || this.store.clock() < pending.deadline) return undefined;
    const r = await this.locked(() => undefined);
    return r.ok ? r.auto : undefined;
  }

  /** `show system commit`. */
  history(): string {
    return renderHistory(this.store.history(), this.store.head().pending, this.store.clock());
  }

  /** `update` (private mode): bring the latest committed configuration into the private candidate. */
  update(): Result<boolean> {
    if (this.mode !== 'private') return { value: true, diagnostics: [] };
    const active = this.store.active();
    const r = rebase(this.privateBase as ConfigTree, this.privateCandidate as ConfigTree, active);
    this.privateBase = active;
    this.privateCandidate = r.tree;
    return { value: r.conflicts.length === 0, diagnostics: r.conflicts };
  }

  /** `commit`, `commit check`, `commit confirmed N`, `commit comment "..."`. */
  async commit(opts: CommitOptions = {}): Promise<Result<CommitOutcome>> {
    const fail = (diagnostics: readonly Diagnostic[], messages: string[]): Result<CommitOutcome> => ({
      value: { ok: false, changes: [], messages },
      diagnostics,
    });
    if (opts.confirmed !== undefined) {
      if (!Number.isInteger(opts.confirmed) || opts.confirmed < 1 || opts.confirmed > 65535) {
        const d = diag('COMMIT_CONFIRMED_RANGE', `Value ${opts.confirmed} is not within range (1..65535)`);
        return fail([d], [`error: ${d.message}`]);
      }
      if (this.mode === 'private') {
        const d = diag('COMMIT_CONFIRMED_PRIVATE', "'commit confirmed' is not allowed in private mode");
        return fail([d], [`error: ${d.message}`]);
      }
    }
    const check = opts.check === true;
    const r = await this.locked(async (): Promise<Result<CommitOutcome>> => {
      const head = this.store.head();
      const active = this.store.readSeq(head.seq);
      let candidate: ConfigTree;
      const pre: Diagnostic[] = [];
      if (this.mode === 'private') {
        const rb = rebase(this.privateBase as ConfigTree, this.privateCandidate as ConfigTree, active);
        if (rb.conflicts.length)
          return fail(rb.conflicts, [
            ...rb.conflicts.map((d) => `${editBanner(d.path ?? [])}\n    ${d.message}`),
            'error: commit failed',
          ]);
        candidate = rb.tree;
        const shared = this.store.sharedCandidate();
        if (shared && !treesEqual(shared.tree, active)) {
          const d = diag('COMMIT_DATABASE_MODIFIED', 'error: shared configuration database modified');
          return fail([d], [d.message]);
        }
      } else candidate = this.sharedCandidate().tree;

      const validation = this.language.validate(candidate);
      pre.push(...validation);
      if (hasErrors(validation)) return fail(validation, this.failureLines(validation, check));
      const changes = diffTrees(active, candidate, this.diffOptions());
      const ctx: ApplierContext = { active, candidate, changes, phase: check ? 'check' : 'commit' };
      for (const a of this.appliers) {
        const d = a.check ? await a.check(ctx) : [];
        pre.push(...d);
        if (hasErrors(d)) return fail(pre, this.failureLines(pre, check));
      }
      const prepared: Applier[] = [];
      for (const a of this.appliers) {
        const d = a.prepare ? await a.prepare(ctx) : [];
        pre.push(...d);
        if (hasErrors(d)) {
          for (const p of prepared.reverse()) await p.abort?.(ctx);
          await a.abort?.(ctx);
          return fail(pre, this.failureLines(pre, check));
        }
        prepared.push(a);
      }
      if (check) {
        for (const p of prepared.reverse()) await p.abort?.(ctx);
        this.store.confirm();
        return {
          value: { ok: true, changes, messages: [...renderWarnings(pre), 'configuration check succeeds'] },
          diagnostics: pre,
        };
      }
      // As in Junos, a commit without changes is a commit too: it gets a history
      // entry and a rollback revision (and a comment, if given).
      const record: CommitRecord = this.store.commit(candidate, {
        user: this.user,
        via: this.via,
        comment: opts.comment,
        confirmedMinutes: opts.confirmed,
      });
      if (this.mode === 'private') {
        this.privateBase = candidate;
        this.privateCandidate = candidate;
      } else this.store.writeSharedCandidate(undefined, 0);
      this.loadHadErrors = false;
      const post: Diagnostic[] = [];
      for (const a of this.appliers) {
        try {
          const d = a.apply ? await a.apply(ctx) : [];
          post.push(...d.map((x) => (x.severity === 'error' ? { ...x, severity: 'warning' as const } : x)));
        } catch (e) {
          post.push(diag('COMMIT_APPLY_FAILED', `${a.name}: ${(e as Error).message}`, 'warning'));
        }
      }
      const messages = [...renderWarnings([...pre, ...post])];
      if (opts.confirmed !== undefined) {
        messages.push(
          `commit confirmed will be automatically rolled back in ${opts.confirmed} minutes unless confirmed`,
        );
      }
      messages.push('commit complete');
      return { value: { ok: true, record, changes, messages }, diagnostics: [...pre, ...post] };
    });
    if (!r.ok)
      return fail(
        r.diagnostics,
        r.diagnostics.map((d) => d.message),
      );
    if (r.auto) {
      const v = r.value.value;
      return {
        value: { ...v, autoRollback: r.auto, messages: [AUTO_ROLLBACK_MESSAGE, ...v.messages] },
        diagnostics: r.value.diagnostics,
      };
    }
    return r.value;
  }

  /**
   * End the session: an exclusive session discards its uncommitted changes and
   * releases the lock; a private one drops its candidate.
   */
  close(): void {
    if (this.heldLock) {
      this.store.writeSharedCandidate(undefined, 0);
      this.heldLock.release();
      this.heldLock = undefined;
    }
  }
}

/**
 * Three-way rebase: the changes base -> mine applied to `current`. A change to a
 * node that `current` also changed (differently) is a conflict and is left out.
 */
export function rebase(
  base: ConfigTree,
  mine: ConfigTree,
  current: ConfigTree,
): { tree: ConfigTree; conflicts: Diagnostic[] } {
  if (base === current || treesEqual(base, current)) return { tree: mine, conflicts: [] };
  const conflicts: Diagnostic[] = [];
  let tree = current;
  const work = diffTrees(base, mine);
  for (let i = 0; i < work.length; i++) {
    const ch = work[i];
    const theirs = getAt(tree, ch.path);
    const was = getAt(base, ch.path);
    const ours = getAt(mine, ch.path);
    if (ch.op === 'add' && isObjectNode(ch.value) && isObjectNode(theirs)) {
      // Both sides created this container or entry: merge their contents statement by statement.
      work.splice(i + 1, 0, ...expandAdd(ch.path, ch.value));
      continue;
    }
    if (!treesEqual(was, theirs) && !treesEqual(ours, theirs)) {
      const parent = ch.entry ? ch.path.slice(0, -2) : ch.path.slice(0, -1);
      const stmt = ch.entry ? ch.path.slice(-2).join(' ') : ch.path[ch.path.length - 1];
      conflicts.push({
        ...diag(
          'COMMIT_CONFLICT',
          `'${stmt}' was changed by another commit since this private session began`,
        ),
        path: parent,
        statement: stmt,
      });
      continue;
    }
    try {
      tree = applyChanges(tree, [ch]);
    } catch {
      conflicts.push(
        diag('COMMIT_CONFLICT', `'${ch.path.join(' ')}' conflicts with another commit`, 'error', ch.path),
      );
    }
  }
  return { tree, conflicts };
}

/** The adds that build `value` (a container or a list) at `path` statement by statement. */
function expandAdd(path: ConfigPath, value: ConfigObject): TreeChange[] {
  if (isListNode(value)) {
    const names = listOrder(value);
    return names.map((name, i) => ({
      op: 'add',
      path: [...path, name],
      entry: true,
      value: value[name] as ConfigObject,
      after: i > 0 ? names[i - 1] : null,
    }));
  }
  const out: TreeChange[] = [];
  const meta = value[META_KEY] as NodeMeta | undefined;
  if (meta) out.push({ op: 'meta', path, entry: false, old: undefined, value: meta });
  for (const c of diffTrees({}, { ...(value as object), [META_KEY]: undefined } as ConfigObject))
    out.push({ ...c, path: [...path, ...c.path] });
  return out;
}
