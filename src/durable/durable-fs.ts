/**
 * Durable file primitives under every store (configuration revisions, PKI
 * store, enrollment jobs, embedded CA): a replacement is a write to a
 * temporary file in the same directory, fsync, rename over the target, fsync
 * of the directory (so that the rename itself survives a power cut).
 * `durable: false` skips the fsyncs (tests and benchmarks on throw-away
 * directories). Each store keeps its own temporary-name pattern (`temp`):
 * its crash recovery recognises leftovers by that name, including those of
 * older versions.
 *
 * Why not write-file-atomic / proper-lockfile (both were declared and never
 * used): the stores need synchronous writes with a caller-chosen temporary
 * name for their recovery, and locks that name their holder (user, terminal,
 * pid) for Junos's "configuration database locked by" message and break only
 * when that pid is dead (process-alive.ts), where proper-lockfile breaks
 * locks by age.
 */
import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

let counter = 0;

export interface WriteOptions {
  /** fsync the file and its directory (default true). */
  readonly durable?: boolean;
  /** Mode of a created file (default 0600: stores hold keys and secrets). */
  readonly mode?: number;
  /** The temporary file's path (default `.NAME.tmp-PID-N` beside the target). */
  readonly temp?: string;
  /** Fail if the temporary file exists (default: replace it; a dead process of the same pid may have left it). */
  readonly exclusive?: boolean;
}

/** fsync a directory (or file) so that renames and unlinks in it are durable. */
export function fsyncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** The default temporary path for a replacement of `file`. */
function tempPathFor(file: string): string {
  return join(dirname(file), `.${basename(file)}.tmp-${process.pid}-${++counter}`);
}

/** Writes DATA to the file TMP and fsyncs it; for batches renamed later. */
export function writeSyncedFile(tmp: string, data: string | Uint8Array, opts: WriteOptions = {}): void {
  const fd = openSync(tmp, opts.exclusive ? 'wx' : 'w', opts.mode ?? 0o600);
  try {
    const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    for (let off = 0; off < buf.length;) off += writeSync(fd, buf, off, buf.length - off);
    if (opts.durable !== false) fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Atomically replace `file` with `data`. */
export function writeFileAtomic(file: string, data: string | Uint8Array, opts: WriteOptions = {}): void {
  const tmp = opts.temp ?? tempPathFor(file);
  writeSyncedFile(tmp, data, opts);
  try {
    renameSync(tmp, file);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      /* already gone */
    }
    throw e;
  }
  if (opts.durable !== false) fsyncDir(dirname(file));
}

/** Append `data` to `file` and fsync it. */
export function appendDurable(file: string, data: string, durable = true): void {
  const fd = openSync(file, 'a', 0o600);
  try {
    writeSync(fd, data);
    if (durable) fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
