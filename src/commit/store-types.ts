/**
 * The records of the configuration database (store.ts): a commit's history
 * entry, HEAD, a pending `commit confirmed`, the store's options.
 */
import type { RevisionCodec } from './config-codec.js';

/**
 * How a commit was made (`show system commit` prints `via <how>`); `shell` is read from stores written before shells recorded `cli` (Junos: an interactive session is `via cli`).
 */
export type CommitVia = 'cli' | 'shell' | 'api' | 'other';

/** One entry of the commit history. */
export interface CommitRecord {
  readonly seq: number;
  /** ms since epoch */
  readonly time: number;
  readonly user: string;
  readonly via: CommitVia;
  readonly comment?: string;
  /** Set for `commit confirmed`: minutes given and the rollback deadline (ms since epoch). */
  readonly confirmed?: { readonly minutes: number; readonly deadline: number };
}

/** A pending `commit confirmed`. */
export interface PendingConfirm {
  readonly seq: number;
  readonly deadline: number;
  /** The revision that becomes active again if the commit is not confirmed. */
  readonly rollbackSeq: number;
}

export interface HeadState {
  /** 3: chunked revisions (2: one curly text per revision, 1: JSON; both still read). */
  readonly format: 1 | 2 | 3;
  readonly seq: number;
  readonly pending?: PendingConfirm;
}

export interface StoreOptions {
  /** fsync files and directories (default true; false only for throw-away test/bench stores). */
  readonly durable?: boolean;
  readonly clock?: () => number;
  /** Enforce an expired `commit confirmed` deadline while opening (default true). */
  readonly enforcePending?: boolean;
  /**
   * How revisions are printed to and parsed from curly text (default: the
   * schema's printer and parser, `CURLY_CODEC`).
   */
  readonly codec?: RevisionCodec;
}

export interface CommitInput {
  readonly user: string;
  readonly via: CommitVia;
  readonly comment?: string;
  /** `commit confirmed N`: minutes 1..65535 */
  readonly confirmedMinutes?: number;
}

/** Rollback revisions kept besides the active one (rollback 1..49). */
export const MAX_ROLLBACK = 49;

/** What `enforcePending` did. */
export interface AutoRollback {
  /** The revision (seq) of the commit that was not confirmed. */
  readonly from: number;
  /** The revision (seq) whose configuration is active again. */
  readonly restored: number;
  readonly record: CommitRecord;
}
