/**
 * The PKI store under STATE/pki/ (directories 0700, files 0600):
 *
 *   keys/<id>[.<n>].key        private keys, PKCS#8 PEM (`openssl pkey -in` reads them)
 *   local/<id>[.<n>].pem       local (end-entity) certificates
 *   ca/<profile>[.<n>].pem     one CA certificate per ca-profile
 *   requests/<id>[.<n>].pem    PKCS#10 certificate requests
 *   crl/<profile>[.<n>].pem    one CRL per ca-profile
 *   index.json                 metadata of every object and the name of its file (the commit point)
 *
 * Files are never modified in place. Every change goes through
 * `commit(changes)`: under a lock, each new version is written to a file name
 * that the current index does not reference (`<id>.pem` for a new object,
 * `<id>.<n>.pem` with a fresh generation `n` when it replaces one) and fsync'd,
 * then the new index is renamed over index.json: that rename is the single
 * commit point. Only then are the files the new index no longer references
 * removed. A process killed at any instant therefore leaves either the old or
 * the new store; files a dead commit left behind are unreferenced and are
 * garbage-collected under the lock (at the next commit, or on open when the
 * store is idle). Callers stage all the objects a command produces into one
 * `commit`, so a failed command changes nothing. `path(kind, id)` is the PEM
 * file the index references (OpenSSL reads it). Ids are used as file names
 * (percent-encoded when needed; `.` is always encoded, so `<id>.<n>` never
 * collides with another id).
 *
 * This module is the store's face: the index and its reading are in
 * pki-index.ts, the commit (lock, staging, commit point, garbage collection)
 * in pki-commit.ts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Result } from '../diag/diagnostic.js';
import { commitPkiChanges, tidyIdleStore, type PkiChange, type PkiLayout } from './pki-commit.js';
import { objectPath, readIndex, type PkiEntryMeta, type PkiKind } from './pki-index.js';

export { PKI_KINDS, type MetaValue, type PkiKind } from './pki-index.js';
export type { PkiChange } from './pki-commit.js';

export interface PkiStoreOptions {
  /** Skip fsync (tests on throw-away directories). Default true. */
  readonly durable?: boolean;
  /** Clock for createdAt. */
  readonly now?: () => Date;
}

export interface PkiStore {
  /** STATE/pki */
  readonly dir: string;
  /** Ids of one kind, in the order they were first stored. */
  list(kind: PkiKind): string[];
  has(kind: PkiKind, id: string): boolean;
  /** The PEM text of an object, or undefined when absent. */
  readPem(kind: PkiKind, id: string): string | undefined;
  meta(kind: PkiKind, id: string): PkiEntryMeta | undefined;
  /** Where an object's PEM file is (or would be). */
  path(kind: PkiKind, id: string): string;
  /** Applies all changes atomically (see the module comment); a diagnostic on I/O failure, store unchanged. */
  commit(changes: readonly PkiChange[]): Result<boolean>;
}

/** Opens (creating when needed) the PKI store of a state directory. */
export function openPkiStore(stateDir: string, opts: PkiStoreOptions = {}): PkiStore {
  const dir = join(stateDir, 'pki');
  const layout: PkiLayout = {
    stateDir,
    dir,
    indexPath: join(dir, 'index.json'),
    lockPath: join(dir, '.lock'),
    durable: opts.durable ?? true,
    now: opts.now ?? (() => new Date()),
  };
  const index = () => readIndex(layout.indexPath);
  if (existsSync(dir)) tidyIdleStore(layout);
  return {
    dir,
    list: (kind) => [...index().order[kind]],
    has: (kind, id) => Object.hasOwn(index().entries[kind], id),
    readPem: (kind, id) => readPem(layout, kind, id),
    meta: (kind, id) => index().entries[kind][id],
    path: (kind, id) => objectPath(dir, index(), kind, id),
    commit: (changes) => commitPkiChanges(layout, changes),
  };
}

function readPem(layout: PkiLayout, kind: PkiKind, id: string): string | undefined {
  // A commit may replace (and then remove) the file between our index read and file read: retry.
  for (let attempt = 0; attempt < 5; attempt++) {
    const idx = readIndex(layout.indexPath);
    if (!Object.hasOwn(idx.entries[kind], id)) return undefined;
    try {
      return readFileSync(objectPath(layout.dir, idx, kind, id), 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') return undefined;
    }
  }
  return undefined;
}
