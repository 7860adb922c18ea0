/**
 * The on-disk configuration database under `STATE/config/`:
 *
 *   HEAD                       {"format":2,"seq":N,"pending":{...}?}   the commit point
 *   revisions/<seq>.conf       committed configurations as curly text (the copy of
 *                              record: what rollback and recovery read), ending with
 *                              the footer `## pkicfg-store-format 2`; immutable once written
 *   revisions/<seq>.cache.json a derived JSON copy of <seq>.conf for fast reading, valid
 *                              only while its first line names that .conf file's
 *                              (inode, mtime, size); otherwise the .conf is parsed
 *   history.jsonl              one CommitRecord per line, in commit order
 *   candidate.json             the shared candidate, a working file (absent: no
 *                              uncommitted changes); first line `## base <seq>`, and
 *                              `## base <seq> exclusive <token>` while it holds the
 *                              uncommitted edits of the `configure exclusive` session
 *                              whose lock carries that token: once that lock is gone
 *                              (the session ended, however it ended) the edits are
 *                              void, as Junos discards them
 *   lock                       the writer lock (lock.ts)
 *
 * Stores written before the curly layout (HEAD format 1, revisions/<seq>.json
 * with the footer `## pkicfg-store-format 1`, a .conf beside it only as a side
 * copy) are read as they are: a revision without a format-2 .conf is read from
 * its .json. New commits write the curly layout; old revisions age out with
 * the rollback window.
 *
 * A commit, always under the lock, runs in this order:
 *   1. write revisions/<N+1>.conf (temp + fsync + rename + fsync dir)
 *   2. append its record to history.jsonl (fsync)
 *   3. replace HEAD with seq N+1          (temp + fsync + rename + fsync dir)  <- commit point
 *   4. drop the shared candidate, prune revisions older than rollback 49;
 *   5. after the commit returns (next turn of the event loop, `flushCaches`):
 *      write the cache of N+1 (temp + rename, no fsync: it is derived).
 * HEAD is only ever replaced atomically, so after a crash at any instant it
 * names either N or N+1, and revision N+1 exists before HEAD can name it. The
 * recovery run by every writer under the lock (`recover`) then discards what a
 * half-done commit left behind: history lines with a seq above HEAD (or a torn
 * last line) and revision files above HEAD. Readers never need the lock: they
 * read HEAD, then its revision, and ignore history lines above HEAD.
 *
 * A `commit confirmed` stores its deadline in HEAD (`pending`), so the deadline
 * survives restarts: whoever takes the lock after it (every writer, and
 * `openStore`) rolls back to the configuration before it, recorded as
 * `by root via other`.
 *
 * Long because: one class owns the database's paths, its in-memory caches
 * (revisions, manifests, the shared candidate) and the commit protocol's steps;
 * recovery and pruning invalidate the same caches the readers fill, so they
 * stay beside them. Records, file helpers and the lock are in store-types.ts,
 * store-files.ts and lock.ts.
 */
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  statSync,
  unlinkSync,
  type BigIntStats,
} from 'node:fs';
import { join } from 'node:path';
import { InternalError } from '../diag/diagnostic.js';
import { EMPTY_TREE, type ConfigTree } from '../tree/config-tree.js';
import {
  CURLY_CODEC,
  curlyFormatOf,
  decodeConfig,
  encodeConfig,
  type RevisionCodec,
} from './config-codec.js';
import { ChunkFiles } from './chunk-files.js';
import {
  parseManifest,
  printManifest,
  readChunked,
  revisionChunks,
  writeRunCaches,
  type NewChunk,
} from './chunked-revision.js';
import { appendDurable, writeFileAtomic } from '../durable/durable-fs.js';
import {
  acquireLock,
  currentUser,
  lockHolder,
  type HeldLock,
  type LockAttempt,
  type LockOwner,
  type LockRequest,
} from './lock.js';
import { ensurePrivateDir } from './state-dir.js';
import { processAlive } from '../durable/process-alive.js';
import { fileId, parseHistory, readStampedCache, REVISION_FILE, unlinkGone } from './store-files.js';
import {
  MAX_ROLLBACK,
  type AutoRollback,
  type CommitInput,
  type CommitRecord,
  type HeadState,
  type PendingConfirm,
  type StoreOptions,
} from './store-types.js';

const HISTORY_KEEP = 500;
import { removePidLockLeftovers } from '../durable/pid-lock.js';

export {
  MAX_ROLLBACK,
  type AutoRollback,
  type CommitInput,
  type CommitRecord,
  type CommitVia,
  type HeadState,
  type PendingConfirm,
  type StoreOptions,
} from './store-types.js';

export class Store {
  readonly configDir: string;
  private readonly revDir: string;
  private readonly headFile: string;
  private readonly historyFile: string;
  private readonly candidateFile: string;
  readonly lockFile: string;
  readonly durable: boolean;
  readonly clock: () => number;
  private cache = new Map<number, ConfigTree>();
  private readonly pendingCaches: NewChunk[][] = [];
  /** The chunks of `config/chunks/`. */
  readonly chunks: ChunkFiles;
  /** Hashes named by each revision's manifest, by seq, while the manifest file is the same. */
  private readonly manifestMemo = new Map<number, { id: string; hashes: readonly string[] }>();
  private candidateCache:
    { id: string; value: { tree: ConfigTree; baseSeq: number }; exclusive?: string } | undefined;
  private readonly codec: RevisionCodec;

  constructor(
    readonly stateDir: string,
    opts: StoreOptions = {},
  ) {
    this.configDir = join(stateDir, 'config');
    this.revDir = join(this.configDir, 'revisions');
    this.headFile = join(this.configDir, 'HEAD');
    this.historyFile = join(this.configDir, 'history.jsonl');
    this.candidateFile = join(this.configDir, 'candidate.json');
    this.lockFile = join(this.configDir, 'lock');
    this.durable = opts.durable ?? true;
    this.clock = opts.clock ?? Date.now;
    this.codec = opts.codec ?? CURLY_CODEC;
    ensurePrivateDir(stateDir);
    ensurePrivateDir(this.configDir);
    mkdirSync(this.revDir, { recursive: true, mode: 0o700 });
    this.chunks = new ChunkFiles(join(this.configDir, 'chunks'));
  }

  /** The commit point: which revision is active, and any pending confirmed commit. */
  head(): HeadState {
    try {
      const h = JSON.parse(readFileSync(this.headFile, 'utf8')) as HeadState;
      if (h.format !== 1 && h.format !== 2 && h.format !== 3)
        throw new InternalError(`${this.headFile}: unknown format ${String(h.format)}`);
      return h;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { format: 3, seq: 0 };
      throw e;
    }
  }

  /** A revision in the JSON layout of format 1 (read only). */
  private revFile(seq: number): string {
    return join(this.revDir, `${seq}.json`);
  }

  /** The curly text of a revision (`<seq>.conf`): the copy of record. */
  revisionTextFile(seq: number): string {
    return join(this.revDir, `${seq}.conf`);
  }

  /** The manifest of a chunked revision (format 3). */
  manifestFile(seq: number): string {
    return join(this.revDir, `${seq}.manifest`);
  }

  /** The chunk hashes a revision's manifest names (undefined: no manifest). */
  manifestHashes(seq: number): readonly string[] | undefined {
    let st: BigIntStats;
    try {
      st = statSync(this.manifestFile(seq), { bigint: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
    const id = fileId(st);
    const hit = this.manifestMemo.get(seq);
    if (hit?.id === id) return hit.hashes;
    const file = this.manifestFile(seq);
    const hashes = parseManifest(readFileSync(file, 'utf8'), file).map((l) => l.hash);
    this.manifestMemo.set(seq, { id, hashes });
    return hashes;
  }

  /**
   * The curly text of a chunked revision as a person reconstructs it: its
   * chunks concatenated in manifest order (verified); undefined without a manifest.
   */
  revisionText(seq: number): string | undefined {
    const file = this.manifestFile(seq);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
    return parseManifest(text, file)
      .map((l) => this.chunks.read(l.hash))
      .join('');
  }

  /** The derived JSON copy of `<seq>.conf`. */
  private cacheFile(seq: number): string {
    return join(this.revDir, `${seq}.cache.json`);
  }

  /** A committed configuration by sequence number (seq 0 is the empty initial configuration). */
  readSeq(seq: number): ConfigTree {
    if (seq === 0) return EMPTY_TREE;
    const hit = this.cache.get(seq);
    if (hit) return hit;
    const tree = this.readRevision(seq);
    if (this.cache.size > 8) this.cache.clear();
    this.cache.set(seq, tree);
    return tree;
  }

  /**
   * Read revision `seq`: its curly text, through the cache when the cache was
   * made from exactly this file; a revision of the old layout from its JSON.
   */
  private readRevision(seq: number): ConfigTree {
    const manifest = this.manifestFile(seq);
    let mtext: string | undefined;
    try {
      mtext = readFileSync(manifest, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    if (mtext !== undefined) return readChunked(this.chunks, parseManifest(mtext, manifest));
    // the layouts before chunks: one curly text (format 2) or JSON (format 1) per revision
    const conf = this.revisionTextFile(seq);
    let st: BigIntStats | undefined;
    try {
      st = statSync(conf, { bigint: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    if (st !== undefined) {
      const id = fileId(st);
      const cached = this.readCache(seq, id);
      if (cached) return cached;
      const text = readFileSync(conf, 'utf8');
      if (curlyFormatOf(text) === 2) {
        const tree = this.codec.parse(text, conf);
        this.writeCache(seq, id, tree);
        return tree;
      }
      // a format-1 side copy: the record is the JSON beside it
    }
    const file = this.revFile(seq);
    return decodeConfig(readFileSync(file, 'utf8'), file);
  }

  private readCache(seq: number, id: string): ConfigTree | undefined {
    const file = this.cacheFile(seq);
    return readStampedCache(file, `## of ${seq}.conf ${id}`, (json) => decodeConfig(json, file));
  }

  /** Best effort: a reader without the lock may write it too (atomic rename; recovery may remove it). */
  /** Write the JSON caches of this process's commits now (otherwise done on the next turn of the event loop). */
  flushCaches(): void {
    for (const c of this.pendingCaches.splice(0)) writeRunCaches(this.chunks, c);
  }

  private writeCache(seq: number, id: string, tree: ConfigTree): void {
    try {
      writeFileAtomic(this.cacheFile(seq), `## of ${seq}.conf ${id}\n${encodeConfig(tree)}`, {
        durable: false,
      });
    } catch {
      /* read-only state directory, or a writer's recovery removed the temp file: no cache */
    }
  }

  /** The active configuration. */
  active(): ConfigTree {
    return this.readSeq(this.head().seq);
  }

  /** Commit history, newest first, only committed entries (seq <= HEAD). */
  history(): CommitRecord[] {
    const head = this.head().seq;
    return this.readHistory()
      .records.filter((r) => r.seq <= head)
      .reverse();
  }

  private readHistory(): { records: CommitRecord[]; damaged: boolean } {
    let text: string;
    try {
      text = readFileSync(this.historyFile, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], damaged: false };
      throw e;
    }
    return parseHistory(text);
  }

  /**
   * Seq of rollback N (0 = active), from the history; undefined if there is no
   * such revision. Revisions made before the history began are not addressable.
   */
  rollbackSeq(n: number): number | undefined {
    if (!Number.isInteger(n) || n < 0 || n > MAX_ROLLBACK) return undefined;
    if (n === 0) return this.head().seq;
    const h = this.history();
    const r = h[n];
    return r ? r.seq : undefined;
  }

  /** Configuration rollback N (0 = active), or undefined. */
  rollback(n: number): ConfigTree | undefined {
    const seq = this.rollbackSeq(n);
    return seq === undefined ? undefined : this.readSeq(seq);
  }

  /** The shared candidate, or undefined when it has no uncommitted changes. */
  sharedCandidate(): { tree: ConfigTree; baseSeq: number } | undefined {
    let st;
    try {
      st = statSync(this.candidateFile, { bigint: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
    // Every write is a rename, so (inode, mtime, size) identifies a version: reuse the tree.
    const id = fileId(st);
    if (this.candidateCache?.id !== id) {
      const text = readFileSync(this.candidateFile, 'utf8');
      const nl = text.indexOf('\n');
      const m = /^## base (\d+)(?: exclusive ([0-9a-f]+))?$/.exec(text.slice(0, nl));
      const value = {
        tree: decodeConfig(text.slice(nl + 1), this.candidateFile),
        baseSeq: Number(m?.[1] ?? '0'),
      };
      this.candidateCache = { id, value, ...(m?.[2] ? { exclusive: m[2] } : {}) };
    }
    const c = this.candidateCache;
    return c.exclusive !== undefined && !this.exclusiveAlive(c.exclusive) ? undefined : c.value;
  }

  /** True while the `configure exclusive` session holding lock TOKEN still holds it. */
  private exclusiveAlive(token: string): boolean {
    return lockHolder(this.lockFile)?.token === token;
  }

  /**
   * Replace (or with undefined, drop) the shared candidate. Call under the lock.
   * EXCLUSIVE: the lock token of the `configure exclusive` session making these
   * edits; they are discarded when that session's lock is gone.
   */
  writeSharedCandidate(tree: ConfigTree | undefined, baseSeq: number, exclusive?: string): void {
    this.candidateCache = undefined;
    if (tree === undefined) {
      try {
        unlinkSync(this.candidateFile);
      } catch {
        /* absent */
      }
      return;
    }
    const tag = exclusive !== undefined ? ` exclusive ${exclusive}` : '';
    writeFileAtomic(this.candidateFile, `## base ${baseSeq}${tag}\n${encodeConfig(tree)}`, {
      durable: this.durable,
    });
    const st = statSync(this.candidateFile, { bigint: true });
    this.candidateCache = { id: fileId(st), value: { tree, baseSeq }, ...(exclusive ? { exclusive } : {}) };
  }

  /** Take the writer lock (see lock.ts); a writer then calls `recover()`. */
  lock(req: LockRequest = {}): LockAttempt {
    return acquireLock(this.lockFile, { now: this.clock, ...req });
  }

  /** Who holds the lock, if a live process does. */
  lockHolder(): LockOwner | undefined {
    return lockHolder(this.lockFile);
  }

  /**
   * Finish or discard a half-done commit (call under the lock). Idempotent.
   * Returns true when something had to be repaired.
   */
  recover(): boolean {
    const head = this.head().seq;
    let repaired = false;
    const { records, damaged } = this.readHistory();
    const kept = records.filter((r) => r.seq <= head);
    if (damaged || kept.length !== records.length) {
      writeFileAtomic(this.historyFile, kept.map((r) => `${JSON.stringify(r)}\n`).join(''), {
        durable: this.durable,
      });
      repaired = true;
    }
    for (const name of readdirSync(this.revDir)) {
      const m = REVISION_FILE.exec(name);
      if ((m && Number(m[1]) > head) || name.startsWith('.')) {
        unlinkGone(join(this.revDir, name));
        this.cache.delete(Number(m?.[1]));
        this.manifestMemo.delete(Number(m?.[1]));
        repaired = true;
      }
    }
    // chunks and temp files a killed commit left (the next commit would also remove them)
    if (repaired || readdirSync(this.chunks.dir).some((n) => n.startsWith('.'))) {
      if (this.collectChunks(head) > 0) repaired = true;
    }
    // The edits of a `configure exclusive` session that died without closing
    // (SIGKILL, crash): Junos discards them when the session ends, so the
    // next user must not see, let alone commit, them.
    if (existsSync(this.candidateFile) && this.sharedCandidate() === undefined) {
      this.writeSharedCandidate(undefined, 0);
      repaired = true;
    }
    for (const name of readdirSync(this.configDir)) {
      if (name.startsWith('.') && name.includes('.tmp-')) {
        unlinkGone(join(this.configDir, name));
        repaired = true;
      }
      // Leftovers of breaking a stale lock by a killed process of an older version.
      const m = /^lock\.stale-(\d+)-/.exec(name);
      if (m && !processAlive(Number(m[1]))) {
        unlinkGone(join(this.configDir, name));
        repaired = true;
      }
    }
    // Leftovers of a lock attempt or a lock break by a killed process.
    if (removePidLockLeftovers(this.lockFile) > 0) repaired = true;
    return repaired;
  }

  /**
   * Make `tree` the active configuration (call under the lock, after `recover`).
   * Writes the revision, the history record and then HEAD, the commit point.
   */
  commit(tree: ConfigTree, input: CommitInput): CommitRecord {
    this.recover(); // idempotent; makes a caller that forgot it safe
    const head = this.head();
    const seq = head.seq + 1;
    const time = this.clock();
    const record: CommitRecord = {
      seq,
      time,
      user: input.user,
      via: input.via,
      ...(input.comment !== undefined ? { comment: input.comment } : {}),
      ...(input.confirmedMinutes !== undefined
        ? { confirmed: { minutes: input.confirmedMinutes, deadline: time + input.confirmedMinutes * 60_000 } }
        : {}),
    };
    // 1. the chunks HEAD's revision does not have (a one-statement change: one or two)
    const { lines, chunks } = revisionChunks(tree);
    const have = new Set(head.seq > 0 ? (this.manifestHashes(head.seq) ?? []) : []);
    const fresh: NewChunk[] = [];
    for (const c of chunks)
      if (!have.has(c.hash)) {
        have.add(c.hash);
        this.chunks.put(c.hash, c.content, this.durable);
        fresh.push(c);
      }
    // 2. the manifest, 3. the history record, 4. HEAD: the commit point
    writeFileAtomic(this.manifestFile(seq), printManifest(lines), { durable: this.durable });
    appendDurable(this.historyFile, `${JSON.stringify(record)}\n`, this.durable);
    // A re-armed confirmed commit keeps rolling back to the configuration before the first one.
    const pending: PendingConfirm | undefined = record.confirmed
      ? {
          seq,
          deadline: record.confirmed.deadline,
          rollbackSeq: head.pending ? head.pending.rollbackSeq : head.seq,
        }
      : undefined;
    this.writeHead({ format: 3, seq, ...(pending ? { pending } : {}) });
    this.cache.set(seq, tree);
    this.prune(seq);
    // The cache is derived and this process holds the tree: it is written after
    // the commit returns (off the commit's path and outside the lock), before
    // the process can exit; a reader that finds none parses the curly text.
    this.pendingCaches.push(fresh);
    if (this.pendingCaches.length === 1) setImmediate(() => this.flushCaches());
    return record;
  }

  /** Confirm a pending `commit confirmed` (a later `commit` or `commit check`). Call under the lock. */
  confirm(): boolean {
    const head = this.head();
    if (!head.pending) return false;
    this.writeHead({ format: head.format, seq: head.seq });
    return true;
  }

  private writeHead(h: HeadState): void {
    writeFileAtomic(this.headFile, `${JSON.stringify(h)}\n`, { durable: this.durable });
  }

  /**
   * Remove the chunks no revision at or below HEAD names (those of pruned
   * revisions, and those a killed commit wrote before its commit point), and
   * their caches and temporary files. Call under the lock.
   */
  collectChunks(head: number = this.head().seq): number {
    const used = new Set<string>();
    for (const name of readdirSync(this.revDir)) {
      const m = /^(\d+)\.manifest$/.exec(name);
      if (!m || Number(m[1]) > head) continue;
      try {
        for (const h of this.manifestHashes(Number(m[1])) ?? []) used.add(h);
      } catch {
        return 0; // a damaged manifest: keep every chunk (`pkicfg store check` reports it)
      }
    }
    let removed = 0;
    for (const name of readdirSync(this.chunks.dir)) {
      const m = /^([0-9a-f]{64})\.(?:conf|json)$/.exec(name);
      if ((m && !used.has(m[1])) || name.startsWith('.')) {
        unlinkGone(join(this.chunks.dir, name));
        removed++;
      }
    }
    return removed;
  }

  private prune(head: number): void {
    const records = this.readHistory().records;
    const keepSeqs = new Set(records.slice(-(MAX_ROLLBACK + 1)).map((r) => r.seq));
    const pend = this.head().pending;
    if (pend) keepSeqs.add(pend.rollbackSeq);
    for (const name of readdirSync(this.revDir)) {
      const m = REVISION_FILE.exec(name);
      if (m && !keepSeqs.has(Number(m[1])) && Number(m[1]) < head) {
        unlinkGone(join(this.revDir, name));
        this.cache.delete(Number(m[1]));
        this.manifestMemo.delete(Number(m[1]));
      }
    }
    this.collectChunks(head);
    if (records.length > 2 * HISTORY_KEEP) {
      const kept = records.slice(-HISTORY_KEEP);
      writeFileAtomic(this.historyFile, kept.map((r) => `${JSON.stringify(r)}\n`).join(''), {
        durable: this.durable,
      });
    }
  }

  /**
   * If a `commit confirmed` deadline has passed, commit the configuration before
   * it again as `root via other` (call under the lock). Returns what was done.
   */
  enforcePending(now: number = this.clock()): AutoRollback | undefined {
    const head = this.head();
    if (!head.pending || now < head.pending.deadline) return undefined;
    const tree = this.readSeq(head.pending.rollbackSeq);
    const from = head.seq;
    const record = this.commit(tree, { user: 'root', via: 'other' });
    return { from, restored: head.pending.rollbackSeq, record };
  }

  /** Run `fn` under the writer lock after recovery and deadline enforcement. */
  withLock<T>(
    req: LockRequest,
    fn: (lock: HeldLock) => T,
  ): { ok: true; value: T } | { ok: false; holder: LockOwner } {
    const r = this.lock(req);
    if (!r.ok) return r;
    try {
      this.recover();
      this.enforcePending();
      return { ok: true, value: fn(r.lock) };
    } finally {
      r.lock.release();
    }
  }
}

/**
 * Open (creating if needed) the store of a state directory. An expired
 * `commit confirmed` deadline is enforced here when the lock is free.
 */
export function openStore(stateDir: string, opts: StoreOptions = {}): Store {
  const store = new Store(stateDir, opts);
  if (opts.enforcePending !== false && existsSync(join(store.configDir, 'HEAD'))) {
    const h = store.head();
    if (h.pending && store.clock() >= h.pending.deadline) {
      store.withLock({ user: currentUser(), waitMs: 2000 }, () => undefined);
    }
  }
  return store;
}
