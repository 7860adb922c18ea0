/**
 * The PKI store's index (STATE/pki/index.json, pki-store.ts has the layout):
 * its shape, reading it (version 1 and 2), and where each object's file is.
 * Read by the store's readers without a lock; written only by pki-commit.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export type PkiKind = 'key' | 'local' | 'ca' | 'request' | 'crl';

export const PKI_KINDS: readonly PkiKind[] = ['key', 'local', 'ca', 'request', 'crl'];

/** The directory (inside STATE/pki) and file extension of each kind. */
export const PKI_DIRS: Record<PkiKind, { dir: string; ext: string }> = {
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

export interface PkiIndex {
  version: 2;
  entries: Record<PkiKind, Record<string, PkiEntryMeta>>;
  /** Insertion order per kind (object key order is not reliable for ids like `1`). */
  order: Record<PkiKind, string[]>;
  /** File name (inside the kind's directory) of each entry; absent in version-1 indexes: `<id><ext>`. */
  files: Record<PkiKind, Record<string, string>>;
  /** Last generation number used for a replacement file name. */
  seq: number;
}

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

/** An id as a file name: percent-encoded when needed, `.` always (so `<id>.<n>` never collides with an id). */
export function fileName(id: string): string {
  return /^[A-Za-z0-9_\-+@=,:]+$/.test(id) ? id : encodeURIComponent(id).replace(/\./g, '%2E');
}

/** The file name of a new object (`<id><ext>`). */
export function canonicalName(kind: PkiKind, id: string): string {
  return fileName(id) + PKI_DIRS[kind].ext;
}

/** The path of an object's file in the store at DIR, as IDX references it (or would). */
export function objectPath(dir: string, idx: PkiIndex, kind: PkiKind, id: string): string {
  return join(dir, PKI_DIRS[kind].dir, idx.files[kind][id] ?? canonicalName(kind, id));
}

/** Every file IDX references, as `<kind>/<file name>`. */
export function referencedFiles(idx: PkiIndex): Set<string> {
  const out = new Set<string>();
  for (const k of PKI_KINDS) for (const f of Object.values(idx.files[k])) out.add(`${k}/${f}`);
  return out;
}

/** Reads index.json at INDEXPATH (an empty index when there is none). */
export function readIndex(indexPath: string): PkiIndex {
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
      idx.files[k][id] = typeof f === 'string' ? f : canonicalName(k, id);
    }
  }
  idx.seq = typeof parsed.seq === 'number' ? parsed.seq : 0;
  return idx;
}
