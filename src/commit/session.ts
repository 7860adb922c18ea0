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
 * Commit (commit-pipeline.ts) runs under the lock after recovery and the
 * enforcement of an expired `commit confirmed`; this module chooses the
 * candidate of the session's mode (a private one rebased, rebase.ts) and
 * takes the lock (one place: `takeLock`). Message text is render-commit.ts's.
 */
import type { ConfigPath, Diagnostic, Result } from '../diag/diagnostic.js';
import { diagnostic } from '../diag/diagnostic.js';
import { diffTrees } from '../diff/diff-trees.js';
import { renderCompare } from '../diff/render-compare.js';
import type { TreeChange } from '../diff/tree-change.js';
import type { ConfigTree } from '../tree/config-tree.js';
import { treesEqual } from '../tree/tree-ops.js';
import { commitFailed, runCommitPipeline, type Applier, type CommitOutcome } from './commit-pipeline.js';
import { compareOptionsOf, diffOptionsOf, type ConfigLanguage } from './config-language.js';
import { loadInto, type LoadMode, type LoadOutcome } from './load-modes.js';
import { currentUser, formatLockedMessage, type HeldLock, type LockRequest } from './lock.js';
import { rebase } from './rebase.js';
import { AUTO_ROLLBACK_MESSAGE, renderConflicts, renderHistory } from './render-commit.js';
import type { AutoRollback, CommitVia, Store } from './store.js';
import { MAX_ROLLBACK } from './store.js';

export type { Applier, ApplierContext, CommitOutcome } from './commit-pipeline.js';
export { LOAD_MODES, type LoadMode, type LoadOutcome } from './load-modes.js';

export type SessionMode = 'shared' | 'exclusive' | 'private';

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

/** Every refusal of a session is an error, whatever the catalogue's default. */
const diag = (code: Diagnostic['code'], message: string): Diagnostic =>
  diagnostic(code, message, { severity: 'error' });

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
    const refuse = (message: string): Result<undefined> => ({
      value: undefined,
      diagnostics: [diag('COMMIT_DATABASE_MODIFIED', message)],
    });
    if (s.mode === 'exclusive') {
      const r = s.takeLock({ mode: 'exclusive', editPath: [] });
      if (!r.value) return { value: undefined, diagnostics: r.diagnostics };
      s.heldLock = r.value;
      s.store.recover();
      s.store.enforcePending();
      if (modified()) {
        s.heldLock.release();
        return refuse('error: configuration database modified');
      }
      s.store.writeSharedCandidate(undefined, 0);
    } else if (s.mode === 'private') {
      if (modified()) return refuse('error: shared configuration database modified');
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
    const r = this.takeLock();
    if (!r.value) return { value: undefined, diagnostics: r.diagnostics };
    const lock = r.value;
    this.heldLock = lock;
    try {
      return { value: await fn(), diagnostics: [] };
    } finally {
      this.heldLock = undefined;
      lock.release();
    }
  }

  /**
   * Takes the writer lock for this session's user and terminal (at its edit
   * level unless REQ says otherwise); refused with Junos's
   * `configuration database locked by:` text.
   */
  private takeLock(req: LockRequest = {}): Result<HeldLock | undefined> {
    const r = this.store.lock({
      user: this.user,
      terminal: this.terminal,
      editPath: this.editPath,
      waitMs: this.lockWaitMs,
      ...req,
    });
    if (r.ok) return { value: r.lock, diagnostics: [] };
    return {
      value: undefined,
      diagnostics: [diag('COMMIT_LOCKED', formatLockedMessage(r.holder, this.store.clock()))],
    };
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
    const mine = this.heldLock ? undefined : this.takeLock();
    if (mine && !mine.value) return { ok: false, diagnostics: [...mine.diagnostics] };
    try {
      this.store.recover();
      const auto = this.store.enforcePending();
      return { ok: true, value: await fn(), ...(auto ? { auto } : {}) };
    } finally {
      mine?.value?.release();
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
    const r = await this.mutate((cand) => loadInto(cand, mode, text, source, at, this.language));
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
      value: renderCompare(old, this.candidate(), { path: opts.path, ...compareOptionsOf(this.language) }),
      diagnostics: [],
    };
  }

  /** The structural changes active -> candidate, in configuration order. */
  changes(): TreeChange[] {
    return diffTrees(this.store.active(), this.candidate(), diffOptionsOf(this.language));
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
    const refused = this.refuseConfirmed(opts.confirmed);
    if (refused) return commitFailed([refused], [`error: ${refused.message}`]);
    const r = await this.locked(() => this.commitLocked(opts));
    if (!r.ok)
      return commitFailed(
        r.diagnostics,
        r.diagnostics.map((d) => d.message),
      );
    if (!r.auto) return r.value;
    const v = r.value.value;
    return {
      value: { ...v, autoRollback: r.auto, messages: [AUTO_ROLLBACK_MESSAGE, ...v.messages] },
      diagnostics: r.value.diagnostics,
    };
  }

  /** Why `commit confirmed MINUTES` is refused here, if it is. */
  private refuseConfirmed(minutes: number | undefined): Diagnostic | undefined {
    if (minutes === undefined) return undefined;
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > 65535)
      return diag('COMMIT_CONFIRMED_RANGE', `Value ${minutes} is not within range (1..65535)`);
    if (this.mode === 'private')
      return diag('COMMIT_CONFIRMED_PRIVATE', "'commit confirmed' is not allowed in private mode");
    return undefined;
  }

  /** The commit under the lock: the candidate of this session's mode through the pipeline. */
  private async commitLocked(opts: CommitOptions): Promise<Result<CommitOutcome>> {
    const active = this.store.readSeq(this.store.head().seq);
    let candidate: ConfigTree;
    if (this.mode === 'private') {
      const rb = rebase(this.privateBase as ConfigTree, this.privateCandidate as ConfigTree, active);
      if (rb.conflicts.length) return commitFailed(rb.conflicts, renderConflicts(rb.conflicts));
      candidate = rb.tree;
      const shared = this.store.sharedCandidate();
      if (shared && !treesEqual(shared.tree, active)) {
        const d = diag('COMMIT_DATABASE_MODIFIED', 'error: shared configuration database modified');
        return commitFailed([d], [d.message]);
      }
    } else candidate = this.sharedCandidate().tree;
    return runCommitPipeline({
      store: this.store,
      language: this.language,
      appliers: this.appliers,
      active,
      candidate,
      check: opts.check === true,
      record: { user: this.user, via: this.via, comment: opts.comment, confirmedMinutes: opts.confirmed },
      committed: () => {
        if (this.mode === 'private') {
          this.privateBase = candidate;
          this.privateCandidate = candidate;
        } else this.store.writeSharedCandidate(undefined, 0);
        this.loadHadErrors = false;
      },
    });
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
