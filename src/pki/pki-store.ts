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
 */
import {
  chmodSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { diagnostic, type Result } from '../diag/diagnostic.js';
import { fsyncDir as fsyncPath, writeSyncedFile } from '../durable/durable-fs.js';
import { processAlive, sleepSync } from '../durable/process-alive.js';

export type PkiKind = 'key' | 'local' | 'ca' | 'request' | 'crl';

export const PKI_KINDS: readonly PkiKind[] = ['key', 'local', 'ca', 'request', 'crl'];

const DIRS: Record<PkiKind, { dir: string; ext: string }> = {
  key: { dir: 'keys', ext: '.key' },
  local: { dir: 'local', ext: '.pem' },
  ca: { dir: 'ca', ext: '.pem' },
  request: { dir: 'requests', ext: '.pem' },
  crl: { dir: 'crl', ext: '.pem' },
};

export type MetaValue = string | number | boolean;

/** Metadata kept in index.json for one object. `createdAt` is ISO-8601 UTC. */
export interface PkiEntryMeta {
  readonly createdAt: string;
  readonly [key: string]: MetaValue | undefined;
}

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

interface PkiIndex {
  version: 2;
  entries: Record<PkiKind, Record<string, PkiEntryMeta>>;
  /** Insertion order per kind (object key order is not reliable for ids like `1`). */
  order: Record<PkiKind, string[]>;
  /** File name (inside the kind's directory) of each entry; absent in version-1 indexes: `<id><ext>`. */
  files: Record<PkiKind, Record<string, string>>;
  /** Last generation number used for a replacement file name. */
  seq: number;
}

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

let counter = 0;

/**
 * A map keyed by user ids (certificate-id, ca-profile): no prototype, so
 * `constructor`, `toString` or `__proto__` are ids like any other (an
 * ordinary `{}` claims to hold them, and assigning `__proto__` replaces its
 * prototype instead of storing an entry).
 */
function idMap<V>(from?: unknown): Record<string, V> {
  const m = Object.create(null) as Record<string, V>;
  if (typeof from === 'object' && from !== null && !Array.isArray(from)) {
    for (const [k, v] of Object.entries(from)) m[k] = v as V;
  }
  return m;
}

function emptyIndex(): PkiIndex {
  const entries = {} as Record<PkiKind, Record<string, PkiEntryMeta>>;
  const order = {} as Record<PkiKind, string[]>;
  const files = {} as Record<PkiKind, Record<string, string>>;
  for (const k of PKI_KINDS) {
    entries[k] = idMap();
    order[k] = [];
    files[k] = idMap();
  }
  return { version: 2, entries, order, files, seq: 0 };
}

function fileName(id: string): string {
  return /^[A-Za-z0-9_\-+@=,:]+$/.test(id) ? id : encodeURIComponent(id).replace(/\./g, '%2E');
}

function writeTemp(target: string, data: string, durable: boolean): string {
  const tmp = `${target}.tmp-${process.pid}-${++counter}`;
  writeSyncedFile(tmp, data, { durable, exclusive: true });
  return tmp;
}

/** Opens (creating when needed) the PKI store of a state directory. */
export function openPkiStore(stateDir: string, opts: PkiStoreOptions = {}): PkiStore {
  const dir = join(stateDir, 'pki');
  const durable = opts.durable ?? true;
  const now = opts.now ?? (() => new Date());
  const indexPath = join(dir, 'index.json');
  const lockPath = join(dir, '.lock');

  const ensureDirs = (): void => {
    mkdirSync(stateDir, { recursive: true, mode: 0o700 });
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chmodSync(dir, 0o700);
    for (const k of PKI_KINDS) mkdirSync(join(dir, DIRS[k].dir), { recursive: true, mode: 0o700 });
  };

  const readIndex = (): PkiIndex => {
    let text: string;
    try {
      text = readFileSync(indexPath, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return emptyIndex();
      throw e;
    }
    let parsed: Partial<PkiIndex>;
    try {
      parsed = JSON.parse(text) as Partial<PkiIndex>;
    } catch (e) {
      // Not a user mistake and not a bug: damaged state. The op runner prints the message.
      throw new Error(
        `PKI store index ${indexPath} is unreadable (${(e as Error).message}); restore it or remove the pki directory`,
      );
    }
    const idx = emptyIndex();
    for (const k of PKI_KINDS) {
      // JSON.parse makes "__proto__" an own property; copying into id maps keeps it one.
      idx.entries[k] = idMap(parsed.entries?.[k]);
      idx.order[k] = (parsed.order?.[k] ?? Object.keys(idx.entries[k])).filter((id) =>
        Object.hasOwn(idx.entries[k], id),
      );
      const files = idMap<unknown>(parsed.files?.[k]);
      for (const id of Object.keys(idx.entries[k])) {
        const f = files[id];
        idx.files[k][id] = typeof f === 'string' ? f : fileName(id) + DIRS[k].ext;
      }
    }
    idx.seq = typeof parsed.seq === 'number' ? parsed.seq : 0;
    return idx;
  };

  const canonical = (kind: PkiKind, id: string): string => fileName(id) + DIRS[kind].ext;
  const fileOf = (idx: PkiIndex, kind: PkiKind, id: string): string =>
    join(dir, DIRS[kind].dir, idx.files[kind][id] ?? canonical(kind, id));
  const path = (kind: PkiKind, id: string): string => fileOf(readIndex(), kind, id);

  /** Takes the lock (a directory holding the owner's pid, created by one atomic rename). */
  const tryLock = (): (() => void) | undefined => {
    const tmp = join(dir, `.lock-new-${process.pid}-${++counter}`);
    mkdirSync(tmp, { mode: 0o700 });
    try {
      const fd = openSync(join(tmp, 'pid'), 'w', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      renameSync(tmp, lockPath);
      return () => rmSync(lockPath, { recursive: true, force: true });
    } catch (e) {
      rmSync(tmp, { recursive: true, force: true });
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw e;
      breakStaleLock();
      return undefined;
    }
  };

  /** A lock whose owner is dead (killed mid-commit) is moved away and removed. */
  const breakStaleLock = (): void => {
    let pid: number;
    try {
      pid = Number(readFileSync(join(lockPath, 'pid'), 'utf8'));
    } catch {
      return; // released meanwhile
    }
    if (!Number.isInteger(pid) || pid <= 0) return;
    if (pid !== process.pid && processAlive(pid)) return;
    if (pid === process.pid) return; // our own (re-entrant use is a bug; wait for the deadline)
    const away = join(dir, `.lock-dead-${process.pid}-${++counter}`);
    try {
      renameSync(lockPath, away);
    } catch {
      return; // someone else broke it
    }
    let moved = NaN;
    try {
      moved = Number(readFileSync(join(away, 'pid'), 'utf8'));
    } catch {
      /* empty */
    }
    if (moved !== pid) {
      // We raced and moved a live owner's fresh lock: put it back.
      try {
        renameSync(away, lockPath);
        return;
      } catch {
        /* fall through */
      }
    }
    rmSync(away, { recursive: true, force: true });
  };

  const lock = (): (() => void) => {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const unlock = tryLock();
      if (unlock) return unlock;
      if (Date.now() > deadline) throw new Error(`PKI store is locked (${lockPath})`);
      sleepSync(20);
    }
  };

  /** Removes every file the index does not reference (leftovers of a dead commit). Under the lock only. */
  const collectGarbage = (idx: PkiIndex): void => {
    for (const k of PKI_KINDS) {
      const kdir = join(dir, DIRS[k].dir);
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
      if (/^index\.json\.tmp-/.test(n) || /^\.lock-(new|dead)-/.test(n)) {
        const m = /-(\d+)-\d+$/.exec(n);
        if (m && Number(m[1]) !== process.pid && !processAlive(Number(m[1])))
          rmSync(join(dir, n), { force: true, recursive: true });
      }
    }
  };

  // On open: tidy up after a dead commit when nobody is committing right now.
  if (existsSync(dir)) {
    try {
      // A second try when the first one found (and removed) a dead owner's lock.
      const unlock = tryLock() ?? tryLock();
      if (unlock) {
        try {
          collectGarbage(readIndex());
        } finally {
          unlock();
        }
      }
    } catch {
      /* read-only or damaged store: the operations report it */
    }
  }

  const store: PkiStore = {
    dir,
    list(kind) {
      return [...readIndex().order[kind]];
    },
    has(kind, id) {
      return Object.hasOwn(readIndex().entries[kind], id);
    },
    readPem(kind, id) {
      // A commit may replace (and then remove) the file between our index read and file read: retry.
      for (let attempt = 0; attempt < 5; attempt++) {
        const idx = readIndex();
        if (!Object.hasOwn(idx.entries[kind], id)) return undefined;
        try {
          return readFileSync(fileOf(idx, kind, id), 'utf8');
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'ENOENT') return undefined;
        }
      }
      return undefined;
    },
    meta(kind, id) {
      return readIndex().entries[kind][id];
    },
    path,
    commit(changes) {
      if (changes.length === 0) return { value: true, diagnostics: [] };
      const temps: string[] = [];
      const placed: string[] = [];
      let committed = false;
      let unlock: (() => void) | undefined;
      try {
        ensureDirs();
        unlock = lock();
        const old = readIndex();
        collectGarbage(old);
        const idx = readIndex();
        // Every file name the committed index references: never written to by this commit.
        const referenced = new Set<string>();
        for (const k of PKI_KINDS) for (const f of Object.values(old.files[k])) referenced.add(`${k}/${f}`);
        const stamp = now().toISOString();
        const writes: { tmp: string; target: string }[] = [];
        for (const c of changes) {
          if (c.op === 'put') {
            let name = canonical(c.kind, c.id);
            if (referenced.has(`${c.kind}/${name}`)) {
              name = `${fileName(c.id)}.${++idx.seq}${DIRS[c.kind].ext}`;
            }
            referenced.add(`${c.kind}/${name}`);
            const target = join(dir, DIRS[c.kind].dir, name);
            const tmp = writeTemp(target, c.pem, durable);
            temps.push(tmp);
            writes.push({ tmp, target });
            const createdAt = typeof c.meta?.createdAt === 'string' ? c.meta.createdAt : stamp;
            idx.entries[c.kind][c.id] = { ...(c.meta ?? {}), createdAt };
            idx.files[c.kind][c.id] = name;
            if (!idx.order[c.kind].includes(c.id)) idx.order[c.kind].push(c.id);
          } else {
            delete idx.entries[c.kind][c.id];
            delete idx.files[c.kind][c.id];
            idx.order[c.kind] = idx.order[c.kind].filter((x) => x !== c.id);
          }
        }
        // Data files go to names the committed index does not reference: the old store is intact.
        for (const w of writes) {
          renameSync(w.tmp, w.target);
          temps.splice(temps.indexOf(w.tmp), 1);
          placed.push(w.target);
        }
        if (durable) for (const k of PKI_KINDS) fsyncPath(join(dir, DIRS[k].dir));
        const indexTmp = writeTemp(indexPath, JSON.stringify(idx, null, 2) + '\n', durable);
        temps.push(indexTmp);
        renameSync(indexTmp, indexPath); // the commit point
        temps.length = 0;
        committed = true;
        if (durable) fsyncPath(dir);
        // Files only the old index referenced (replaced or deleted objects) go now.
        const live = new Set<string>();
        for (const k of PKI_KINDS) for (const f of Object.values(idx.files[k])) live.add(`${k}/${f}`);
        for (const k of PKI_KINDS) {
          for (const f of Object.values(old.files[k])) {
            if (!live.has(`${k}/${f}`)) rmSync(join(dir, DIRS[k].dir, f), { force: true });
          }
        }
        return { value: true, diagnostics: [] };
      } catch (e) {
        if (committed) return { value: true, diagnostics: [] }; // only the clean-up failed; the next commit retries it
        for (const t of [...temps, ...placed]) rmSync(t, { force: true });
        return {
          value: false,
          diagnostics: [
            diagnostic('PKI_STORE_IO', `cannot update the PKI store ${dir}: ${(e as Error).message}`),
          ],
        };
      } finally {
        unlock?.();
      }
    },
  };
  return store;
}
