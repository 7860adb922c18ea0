/**
 * The narrow seams between the shell and the engines it composes: the
 * configuration database (COMMIT's store and sessions), the language (SYNTAX:
 * schema, printers) and the operational-command tree (PKI's op framework).
 * The shell only renders and dispatches; every outcome arrives here as Junos
 * text plus success. `real-backend.ts` binds these to the real code; unit
 * tests use small fakes.
 */
import type { ConfigTree } from '../tree/config-tree.js';
import type { Reftree } from '../reftree/reftree.js';
import type { Grammar } from './grammar.js';
import type { DisplayFormat } from './pipes.js';

export type EditMode = 'shared' | 'exclusive' | 'private';

/** Text to print and whether the command succeeded (a failed command makes `-c` exit non-zero). */
export interface Outcome {
  readonly ok: boolean;
  readonly text: string;
  /** Offset (into the line given to `apply`) of the word an error is about: the shell puts the caret there. */
  readonly at?: number;
  /** Index of the command word (0 = the command keyword) an error is about: the shell puts the caret under it. */
  readonly word?: number;
}

export type LoadMode = 'merge' | 'override' | 'replace' | 'set' | 'patch' | 'update';

interface CommitRequest {
  readonly check?: boolean;
  readonly comment?: string;
  readonly confirmedMinutes?: number;
}

/** One configuration-mode session (shared, exclusive or private candidate). */
export interface ConfigSession {
  readonly mode: EditMode;
  candidate(): ConfigTree;
  /** True when the candidate differs from the active configuration. */
  isModified(): boolean;
  /** Runs set-grammar lines (set, delete, activate, deactivate, annotate, rename, copy, insert, protect...) at an edit level. */
  apply(line: string, source: string, editPath: readonly string[]): Promise<Outcome>;
  commit(req: CommitRequest): Promise<Outcome>;
  /** `rollback [n]`: loads revision n into the candidate (`load complete`). */
  rollback(n: number): Promise<Outcome>;
  load(mode: LoadMode, text: string, source: string, relativeTo?: readonly string[]): Promise<Outcome>;
  /** `show | compare [rollback n]`: the Junos diff of the candidate against the active or revision n ('' if equal). */
  compare(rollback: number | undefined, path: readonly string[]): Outcome;
  /** `update` (private mode): brings the latest committed configuration into the private candidate. */
  update(): Outcome;
  /** `status`: the users-editing block; `editPath` is where this user is now. */
  status(editPath?: readonly string[]): string;
  /** Leaves configuration mode (exclusive/private: discards; releases the lock). */
  close(): void;
}

/** One entry of `rollback ?` / `show system commit`. */
export interface RevisionInfo {
  readonly index: number;
  /** `2024-10-07 02:20:28 UTC by root via cli` */
  readonly summary: string;
}

export interface ConfigBackend {
  /** The active configuration (op-mode `show configuration`, the host name). */
  active(): ConfigTree;
  /** `configure [exclusive|private]`: a session, or the Junos error text. */
  enter(
    mode: EditMode,
    user: string,
  ): { ok: true; session: ConfigSession; notice: string } | { ok: false; text: string };
  /** Committed revisions, 0 first. */
  revisions(): readonly RevisionInfo[];
  /**
   * Rolls back an unconfirmed `commit confirmed` whose deadline has passed;
   * returns Junos's notice when it did, else ''.
   */
  expireConfirm(): string;
  /** A pending `commit confirmed`: minutes left. */
  pendingConfirm(): { minutes: number } | undefined;
  /** `show system commit`. */
  showCommits(): string;
  /** `## Last commit: <time> by <user>` (the header of operational `show configuration`), or ''. */
  lastCommitHeader(): string;
  /** Operational `show configuration | compare rollback n`: revision n against the active configuration. */
  compareActive(rollback: number, path: readonly string[]): Outcome;
}

/** What the shell needs of the configuration language. */
export interface LanguagePort {
  readonly reftree: Reftree;
  /**
   * Renders the part of `tree` at `path` in a display format, as `show [path]`
   * does: the contents of the statement at `path` (curly text relative to it,
   * `set` lines with absolute paths, JSON/YAML of the subtree).
   */
  render(tree: ConfigTree, path: readonly string[], format: DisplayFormat): string;
}

/** Interaction a command may need while it runs. */
export interface Interaction {
  /** Writes at once (text a command shows before it asks a question). */
  write(text: string): void;
  /** `question [yes,no] (no)`; non-interactive: the default. */
  confirm(question: string, defaultYes: boolean): Promise<boolean>;
  /** `load ... terminal`: reads lines until ^D. */
  readTerminal(): Promise<string>;
  /** Shows a spinner until the returned function is called (only on a terminal). */
  spin(text: string): () => void;
}

/** The operational-command tree (PKI's framework; COMMIT, SCEP, CMP register into it). */
export interface OpPort {
  readonly grammar: Grammar;
  /** Runs an expanded operational command; output is returned as text. */
  run(words: readonly string[], io: Interaction, display?: DisplayFormat): Promise<Outcome>;
}
