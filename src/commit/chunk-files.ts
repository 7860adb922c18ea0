/**
 * The content-addressed chunk files of the revision store, `config/chunks/`:
 * `<sha256>.conf` holds a piece of a revision's curly text (whole lines, final
 * newline included) and is named by the SHA-256 of its bytes, so `sha256sum`
 * checks it and a chunk is written once, whatever number of revisions share it.
 * Chunk files are immutable; `<sha256>.json` beside one is a derived parsed
 * copy (first line `## of <sha256>.conf <file id>`), trusted only while that
 * names the chunk file as it is now.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, type BigIntStats } from 'node:fs';
import { join } from 'node:path';
import { InternalError } from '../diag/diagnostic.js';
import { writeFileAtomic } from '../durable/durable-fs.js';
import { readStampedCache } from './store-files.js';

/** SHA-256 (hex) of a chunk file's content. */
export function chunkHash(content: string): string {
  return createHash('sha256').update(content).digest('hex');
}

/** A chunk that is missing or whose bytes do not match its name. */
export class ChunkError extends InternalError {}

export class ChunkFiles {
  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  }

  file(hash: string): string {
    return join(this.dir, `${hash}.conf`);
  }

  cacheFile(hash: string): string {
    return join(this.dir, `${hash}.json`);
  }

  has(hash: string): boolean {
    try {
      statSync(this.file(hash));
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw e;
    }
  }

  /** Write chunk `hash` with `content` (temp + fsync + rename + fsync dir) unless it is there. */
  put(hash: string, content: string, durable: boolean): void {
    if (!this.has(hash)) writeFileAtomic(this.file(hash), content, { durable });
  }

  /** The verified text of a chunk; ChunkError when it is missing or damaged. */
  read(hash: string): string {
    let text: string;
    try {
      text = readFileSync(this.file(hash), 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT')
        throw new ChunkError(`${this.file(hash)}: chunk missing`);
      throw e;
    }
    if (chunkHash(text) !== hash)
      throw new ChunkError(`${this.file(hash)}: chunk damaged (its SHA-256 does not match its name)`);
    return text;
  }

  /** What identifies the chunk file as it is now (undefined when absent). */
  fileId(hash: string): string | undefined {
    let st: BigIntStats;
    try {
      st = statSync(this.file(hash), { bigint: true });
    } catch {
      return undefined;
    }
    return `${st.ino}:${st.mtimeNs}:${st.ctimeNs}:${st.size}`;
  }

  /** The derived JSON of a chunk, if it was made from the chunk file as it is now. */
  readCache(hash: string): unknown {
    const id = this.fileId(hash);
    if (id === undefined) return undefined;
    return readStampedCache(
      this.cacheFile(hash),
      `## of ${hash}.conf ${id}`,
      (json) => JSON.parse(json) as unknown,
    );
  }

  readCacheExists(hash: string): boolean {
    return existsSync(this.cacheFile(hash));
  }

  /** Best effort (derived, no fsync): a read-only directory or a racing recovery means no cache. */
  writeCache(hash: string, json: string): void {
    const id = this.fileId(hash);
    if (id === undefined) return;
    try {
      writeFileAtomic(this.cacheFile(hash), `## of ${hash}.conf ${id}\n${json}`, { durable: false });
    } catch {
      /* no cache */
    }
  }
}
