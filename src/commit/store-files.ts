/**
 * File-level helpers of the configuration database (store.ts, chunk-files.ts):
 * unlink that tolerates a file already gone, the identity of a file version,
 * the stamped caches derived from a record file, and history.jsonl parsing.
 */
import { readFileSync, unlinkSync, type BigIntStats } from 'node:fs';
import type { CommitRecord } from './store-types.js';

/**
 * unlink, where a file already gone is fine: another process may rename its
 * temp file (a cache written outside the lock) or prune the same file.
 */
export function unlinkGone(file: string): void {
  try {
    unlinkSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
}

/** Files of a revision: its curly record, its cache, or an old-layout JSON record. */
export const REVISION_FILE = /^(\d+)\.(?:conf|json|cache\.json|manifest)$/;

/** What identifies one version of a file written by rename: inode, mtime, ctime and size. */
export function fileId(st: BigIntStats): string {
  return `${st.ino}:${st.mtimeNs}:${st.ctimeNs}:${st.size}`;
}

/**
 * A derived cache at FILE whose first line is STAMP (naming the version of the
 * record it was made from), its rest parsed by PARSE; undefined when absent,
 * made from another version, torn or foreign (the record is parsed instead).
 */
export function readStampedCache<T>(file: string, stamp: string, parse: (text: string) => T): T | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const nl = text.indexOf('\n');
  if (nl < 0 || text.slice(0, nl) !== stamp) return undefined;
  try {
    return parse(text.slice(nl + 1));
  } catch {
    return undefined;
  }
}

/** The records of history.jsonl's TEXT; `damaged` when a line (a torn last one after a crash) does not parse. */
export function parseHistory(text: string): { records: CommitRecord[]; damaged: boolean } {
  const records: CommitRecord[] = [];
  let damaged = false;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line === '') {
      if (i !== lines.length - 1) damaged = true;
      continue;
    }
    try {
      records.push(JSON.parse(line) as CommitRecord);
    } catch {
      damaged = true; // a torn last line from a crash during append
    }
  }
  if (!text.endsWith('\n') && text.length > 0) damaged = true;
  return { records, damaged };
}
