/**
 * The PKI store's one writer: `commitPkiChanges` applies a batch of changes
 * under the store's pid lock (durable/pid-lock.ts) with index.json's rename
 * as the single commit point, and the garbage collection of what a killed
 * commit left (pki-store.ts's module comment has the protocol).
 */
import { mkdirSync, chmodSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { diagnostic, type Result } from '../diag/diagnostic.js';
import { fsyncDir, writeSyncedFile } from '../durable/durable-fs.js';
import {
  acquirePidLock,
  removePidLockLeftovers,
  type PidLockAttempt,
  type PidLockOwner,
} from '../durable/pid-lock.js';
import { processAlive } from '../durable/process-alive.js';
import {
  PKI_DIRS,
  PKI_KINDS,
  canonicalName,
  fileName,
  readIndex,
  referencedFiles,
  type MetaValue,
  type PkiIndex,
  type PkiKind,
} from './pki-index.js';

export type PkiChange =
  | {
      readonly op: 'put';
      readonly kind: PkiKind;
      readonly id: string;
      readonly pem: string;
      /** Replaces the entry's metadata (createdAt is filled from the commit's clock when absent). */
      readonly meta?: Readonly<Record<string, MetaValue>>;
    }
  | { readonly op: 'delete'; readonly kind: PkiKind; readonly id: string };

/** Where a PKI store is and how it writes. */
export interface PkiLayout {
  readonly stateDir: string;
  /** STATE/pki */
  readonly dir: string;
  readonly indexPath: string;
  readonly lockPath: string;
  readonly durable: boolean;
  readonly now: () => Date;
}

/** How long a commit waits for another process's commit to finish. */
const LOCK_WAIT_MS = 10_000;

let counter = 0;

function writeTemp(target: string, data: string, durable: boolean): string {
  const tmp = `${target}.tmp-${process.pid}-${++counter}`;
  writeSyncedFile(tmp, data, { durable, exclusive: true });
  return tmp;
}

function lockPkiStore(layout: PkiLayout, waitMs: number): PidLockAttempt<PidLockOwner> {
  return acquirePidLock(layout.lockPath, {}, { waitMs });
}

/** Removes every file the index does not reference (leftovers of a dead commit). Under the lock only. */
function collectGarbage(layout: PkiLayout, idx: PkiIndex): void {
  const { dir } = layout;
  for (const k of PKI_KINDS) {
    const kdir = join(dir, PKI_DIRS[k].dir);
    const live = new Set(Object.values(idx.files[k]));
    let names: string[];
    try {
      names = readdirSync(kdir);
    } catch {
      continue;
    }
    for (const n of names) if (!live.has(n)) rmSync(join(kdir, n), { force: true, recursive: true });
  }
  for (const n of readdirSync(dir)) {
    // index temp files, and the lock directories of older versions (`.lock-new-`, `.lock-dead-`)
    if (/^index\.json\.tmp-/.test(n) || /^\.lock-(new|dead)-/.test(n)) {
      const m = /-(\d+)-\d+$/.exec(n);
      if (m && Number(m[1]) !== process.pid && !processAlive(Number(m[1])))
        rmSync(join(dir, n), { force: true, recursive: true });
    }
  }
  removePidLockLeftovers(layout.lockPath);
}

/** On open: tidy up after a dead commit when nobody is committing right now. */
export function tidyIdleStore(layout: PkiLayout): void {
  try {
    const r = lockPkiStore(layout, 0);
    if (!r.ok) return;
    try {
      collectGarbage(layout, readIndex(layout.indexPath));
    } finally {
      r.lock.release();
    }
  } catch {
    /* read-only or damaged store: the operations report it */
  }
}

function ensureDirs(layout: PkiLayout): void {
  mkdirSync(layout.stateDir, { recursive: true, mode: 0o700 });
  mkdirSync(layout.dir, { recursive: true, mode: 0o700 });
  chmodSync(layout.dir, 0o700);
  for (const k of PKI_KINDS) mkdirSync(join(layout.dir, PKI_DIRS[k].dir), { recursive: true, mode: 0o700 });
}

/** The files one commit writes, and what it must remove if it fails before its commit point. */
interface Staged {
  readonly idx: PkiIndex;
  readonly writes: { tmp: string; target: string }[];
  readonly temps: string[];
  readonly placed: string[];
}

/**
 * Applies CHANGES to a copy of the index OLD, writing each new object's PEM
 * to a temporary file beside a name OLD does not reference (a replaced object
 * gets `<id>.<n>` with a fresh generation n).
 */
function stage(layout: PkiLayout, old: PkiIndex, changes: readonly PkiChange[], st: Staged): void {
  const { idx } = st;
  const referenced = referencedFiles(old);
  const stamp = layout.now().toISOString();
  for (const c of changes) {
    if (c.op === 'delete') {
      delete idx.entries[c.kind][c.id];
      delete idx.files[c.kind][c.id];
      idx.order[c.kind] = idx.order[c.kind].filter((x) => x !== c.id);
      continue;
    }
    let name = canonicalName(c.kind, c.id);
    if (referenced.has(`${c.kind}/${name}`)) name = `${fileName(c.id)}.${++idx.seq}${PKI_DIRS[c.kind].ext}`;
    referenced.add(`${c.kind}/${name}`);
    const target = join(layout.dir, PKI_DIRS[c.kind].dir, name);
    const tmp = writeTemp(target, c.pem, layout.durable);
    st.temps.push(tmp);
    st.writes.push({ tmp, target });
    const createdAt = typeof c.meta?.createdAt === 'string' ? c.meta.createdAt : stamp;
    idx.entries[c.kind][c.id] = { ...(c.meta ?? {}), createdAt };
    idx.files[c.kind][c.id] = name;
    if (!idx.order[c.kind].includes(c.id)) idx.order[c.kind].push(c.id);
  }
}

/** Places the staged files, then renames the new index over index.json: the commit point. */
function place(layout: PkiLayout, st: Staged): void {
  // Data files go to names the committed index does not reference: the old store is intact.
  for (const w of st.writes) {
    renameSync(w.tmp, w.target);
    st.temps.splice(st.temps.indexOf(w.tmp), 1);
    st.placed.push(w.target);
  }
  // only the directories that received a file: a clean directory's fsync still costs a round trip
  if (layout.durable) for (const d of new Set(st.placed.map((t) => dirname(t)))) fsyncDir(d);
  const indexTmp = writeTemp(layout.indexPath, JSON.stringify(st.idx, null, 2) + '\n', layout.durable);
  st.temps.push(indexTmp);
  renameSync(indexTmp, layout.indexPath); // the commit point
  st.temps.length = 0;
}

/** Removes the files only OLD referenced (replaced or deleted objects). */
function removeReplaced(layout: PkiLayout, old: PkiIndex, idx: PkiIndex): void {
  const live = referencedFiles(idx);
  for (const k of PKI_KINDS) {
    for (const f of Object.values(old.files[k])) {
      if (!live.has(`${k}/${f}`)) rmSync(join(layout.dir, PKI_DIRS[k].dir, f), { force: true });
    }
  }
}

function ioFailure(layout: PkiLayout, message: string): Result<boolean> {
  return {
    value: false,
    diagnostics: [diagnostic('PKI_STORE_IO', `cannot update the PKI store ${layout.dir}: ${message}`)],
  };
}

/** Applies all CHANGES atomically; a diagnostic on I/O failure (or a lock held too long), store unchanged. */
export function commitPkiChanges(layout: PkiLayout, changes: readonly PkiChange[]): Result<boolean> {
  if (changes.length === 0) return { value: true, diagnostics: [] };
  let st: Staged | undefined;
  let committed = false;
  let lock: { release(): void } | undefined;
  try {
    ensureDirs(layout);
    const r = lockPkiStore(layout, LOCK_WAIT_MS);
    if (!r.ok) return ioFailure(layout, `PKI store is locked by pid ${r.holder.pid} (${layout.lockPath})`);
    lock = r.lock;
    const old = readIndex(layout.indexPath);
    collectGarbage(layout, old);
    st = { idx: readIndex(layout.indexPath), writes: [], temps: [], placed: [] };
    stage(layout, old, changes, st);
    place(layout, st);
    committed = true;
    if (layout.durable) fsyncDir(layout.dir);
    removeReplaced(layout, old, st.idx);
    return { value: true, diagnostics: [] };
  } catch (e) {
    if (committed) return { value: true, diagnostics: [] }; // only the clean-up failed; the next commit retries it
    for (const t of [...(st?.temps ?? []), ...(st?.placed ?? [])]) rmSync(t, { force: true });
    return ioFailure(layout, (e as Error).message);
  } finally {
    lock?.release();
  }
}
