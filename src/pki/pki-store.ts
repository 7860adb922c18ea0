/**
 * The PKI store under STATE/pki/ (directories 0700, files 0600):
 *
 *   keys/<id>.key        private keys, PKCS#8 PEM (`openssl pkey -in` reads them)
 *   local/<id>.pem       local (end-entity) certificates
 *   ca/<profile>.pem     one CA certificate per ca-profile
 *   requests/<id>.pem    PKCS#10 certificate requests
 *   crl/<profile>.pem    one CRL per ca-profile
 *   index.json           metadata of every object (the commit point)
 *
 * Every change goes through `commit(changes)`: under a lock, all new files are
 * first written to temporary names and fsync'd (any failure removes them and
 * leaves the store as it was), then renamed into place, then the index is
 * replaced atomically, then deleted files are removed. Callers stage all the
 * objects a command produces into one `commit`, so a failed command changes
 * nothing. Ids are used as file names (percent-encoded when needed).
 */
import {
  chmodSync,
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmdirSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import type { Result } from '../diag/diagnostic.js';
import { pkiDiagnostic } from './pki-diagnostic.js';

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
  version: 1;
  entries: Record<PkiKind, Record<string, PkiEntryMeta>>;
  /** Insertion order per kind (object key order is not reliable for ids like `1`). */
  order: Record<PkiKind, string[]>;
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

function emptyIndex(): PkiIndex {
  const entries = {} as Record<PkiKind, Record<string, PkiEntryMeta>>;
  const order = {} as Record<PkiKind, string[]>;
  for (const k of PKI_KINDS) {
    entries[k] = {};
    order[k] = [];
  }
  return { version: 1, entries, order };
}

function fileName(id: string): string {
  return /^[A-Za-z0-9_\-+@=,:]+$/.test(id) ? id : encodeURIComponent(id).replace(/\./g, '%2E');
}

function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function writeTemp(target: string, data: string, durable: boolean): string {
  const tmp = `${target}.tmp-${process.pid}-${++counter}`;
  const fd = openSync(tmp, 'wx', 0o600);
  try {
    writeSync(fd, data);
    if (durable) fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return tmp;
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
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
    if (!existsSync(indexPath)) return emptyIndex();
    let parsed: Partial<PkiIndex>;
    try {
      parsed = JSON.parse(readFileSync(indexPath, 'utf8')) as Partial<PkiIndex>;
    } catch (e) {
      // Not a user mistake and not a bug: damaged state. The op runner prints the message.
      throw new Error(
        `PKI store index ${indexPath} is unreadable (${(e as Error).message}); restore it or remove the pki directory`,
      );
    }
    const idx = emptyIndex();
    for (const k of PKI_KINDS) {
      idx.entries[k] = parsed.entries?.[k] ?? {};
      idx.order[k] = (parsed.order?.[k] ?? Object.keys(idx.entries[k])).filter((id) => id in idx.entries[k]);
    }
    return idx;
  };

  const path = (kind: PkiKind, id: string): string =>
    join(dir, DIRS[kind].dir, fileName(id) + DIRS[kind].ext);

  const lock = (): (() => void) => {
    const deadline = Date.now() + 10_000;
    for (;;) {
      try {
        mkdirSync(lockPath, { mode: 0o700 });
        return () => rmdirSync(lockPath);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        // A lock older than 30 s belongs to a process that died mid-commit.
        try {
          if (Date.now() - statSync(lockPath).mtimeMs > 30_000) rmdirSync(lockPath);
        } catch {
          /* raced with its owner */
        }
        if (Date.now() > deadline) throw new Error(`PKI store is locked (${lockPath})`);
        sleepSync(20);
      }
    }
  };

  const store: PkiStore = {
    dir,
    list(kind) {
      return [...readIndex().order[kind]];
    },
    has(kind, id) {
      return id in readIndex().entries[kind];
    },
    readPem(kind, id) {
      if (!(id in readIndex().entries[kind])) return undefined;
      try {
        return readFileSync(path(kind, id), 'utf8');
      } catch {
        return undefined;
      }
    },
    meta(kind, id) {
      return readIndex().entries[kind][id];
    },
    path,
    commit(changes) {
      if (changes.length === 0) return { value: true, diagnostics: [] };
      const temps: { tmp: string; target: string }[] = [];
      let unlock: (() => void) | undefined;
      try {
        ensureDirs();
        unlock = lock();
        const idx = readIndex();
        const deletes: string[] = [];
        const stamp = now().toISOString();
        for (const c of changes) {
          const target = path(c.kind, c.id);
          if (c.op === 'put') {
            temps.push({ tmp: writeTemp(target, c.pem, durable), target });
            const createdAt = typeof c.meta?.createdAt === 'string' ? c.meta.createdAt : stamp;
            idx.entries[c.kind][c.id] = { ...(c.meta ?? {}), createdAt };
            if (!idx.order[c.kind].includes(c.id)) idx.order[c.kind].push(c.id);
          } else {
            delete idx.entries[c.kind][c.id];
            idx.order[c.kind] = idx.order[c.kind].filter((x) => x !== c.id);
            deletes.push(target);
          }
        }
        const indexTmp = writeTemp(indexPath, JSON.stringify(idx, null, 2) + '\n', durable);
        temps.push({ tmp: indexTmp, target: indexPath });
        // Point of no return: rename data files, then the index (the commit point).
        for (const t of temps) renameSync(t.tmp, t.target);
        temps.length = 0;
        for (const d of deletes) {
          const stillPut = changes.some((c) => c.op === 'put' && path(c.kind, c.id) === d);
          if (!stillPut && existsSync(d)) unlinkSync(d);
        }
        if (durable) {
          fsyncPath(dir);
          for (const k of PKI_KINDS) fsyncPath(join(dir, DIRS[k].dir));
        }
        return { value: true, diagnostics: [] };
      } catch (e) {
        for (const t of temps) {
          try {
            unlinkSync(t.tmp);
          } catch {
            /* never written */
          }
        }
        return {
          value: false,
          diagnostics: [
            pkiDiagnostic('PKI_STORE_IO', `cannot update the PKI store ${dir}: ${(e as Error).message}`),
          ],
        };
      } finally {
        unlock?.();
      }
    },
  };
  return store;
}
