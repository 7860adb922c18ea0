/**
 * Durable file primitives for the store: every replacement is write to a
 * temporary file in the same directory, fsync, rename over the target, fsync
 * the directory (so the rename itself survives a power cut). `durable: false`
 * skips the fsyncs (tests and benchmarks on throw-away directories).
 */
import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

let counter = 0;

/** fsync a directory so that renames and unlinks in it are durable. */
export function fsyncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Atomically replace `file` with `data` (mode 0600). */
export function writeFileAtomic(file: string, data: string, durable = true): void {
  const tmp = join(dirname(file), `.${basename(file)}.tmp-${process.pid}-${++counter}`);
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, data);
    if (durable) fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
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
  if (durable) fsyncDir(dirname(file));
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
