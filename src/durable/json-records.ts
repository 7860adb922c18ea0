/**
 * A directory of JSON records, one file `<id>.json` each, replaced
 * atomically and durably (durable-fs.ts): the layout of the enrollment job
 * store and the attempt store. Readers need no lock: every write is a rename.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from './durable-fs.js';

/** Writes a file atomically and durably (temp `<path>.tmp-PID-TIME`, fsync, rename). */
export function writeFileDurable(path: string, data: string, mode = 0o600): void {
  writeFileAtomic(path, data, { mode, temp: `${path}.tmp-${process.pid}-${Date.now()}` });
}

/** Replaces the record at PATH with VALUE (pretty JSON), creating its directory (0700). */
export function saveJsonRecord(dir: string, path: string, value: unknown): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileDurable(path, JSON.stringify(value, null, 2) + '\n');
}

/** The record at PATH, or undefined when there is none. */
export function loadJsonRecord<T>(path: string): T | undefined {
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as T) : undefined;
}

/** Every record of DIR (none when it does not exist), sorted by ORDER. */
export function listJsonRecords<T>(dir: string, order: (a: T, b: T) => number): T[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as T)
    .sort(order);
}
