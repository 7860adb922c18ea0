/**
 * The one lock of every store (configuration database, PKI store, enrollment
 * jobs): a file that names its holder (pid, host, process start, a token
 * unique to this acquisition, plus whatever the store adds, e.g. the user and
 * terminal of Junos's "configuration database locked by" message).
 *
 * Acquire: the owner record is written whole to a temporary file, then
 * link(2)ed to the lock's name. link fails with EEXIST when the name exists,
 * exactly like an O_EXCL create, but the lock file appears with its content
 * complete: a reader never sees an empty or half-written lock, so an
 * unreadable one is never mistaken for a live holder in the middle of writing.
 *
 * Stale: a lock whose holder no longer runs on this host (process-alive.ts),
 * or whose pid now belongs to a process that started later (pid reuse), is
 * broken. Two processes may find the same stale lock at once; breaking it
 * takes a second lock, the break marker `LOCK.break.<token of the stale
 * lock>`, taken the same way (and itself broken the same way if its breaker
 * died). Under the marker the breaker re-reads the lock and removes it only
 * if it is still the stale one it read: nobody else removes a lock of that
 * token meanwhile (only the marker's holder may), and nobody creates one
 * (tokens are random, and link fails while the file exists), so a breaker
 * never removes a live lock taken after its read. The marker is released
 * right after; a late breaker that takes it then finds another token and
 * leaves the file alone.
 *
 * A held lock is a value (`{ ok: false, holder }`), never an exception: each
 * store words the refusal its own way.
 */
import { randomBytes } from 'node:crypto';
import { linkSync, readdirSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { processAlive, processStart, sleepSync } from './process-alive.js';

/** What every lock file holds. */
export interface PidLockOwner {
  readonly pid: number;
  readonly host: string;
  /** processStart(pid) when the lock was taken (absent where there is no /proc). */
  readonly started?: string;
  /** Unique to one acquisition: release and break remove only the lock they read. */
  readonly token: string;
}

export interface PidLock<O extends PidLockOwner> {
  readonly owner: O;
  /** Removes the lock file if it is still this acquisition's; idempotent. */
  release(): void;
}

export type PidLockAttempt<O extends PidLockOwner> =
  { readonly ok: true; readonly lock: PidLock<O> } | { readonly ok: false; readonly holder: O };

export interface PidLockOptions {
  /** Keep retrying this long while a live process holds the lock (default 0: answer at once). */
  readonly waitMs?: number;
}

/** Tokens of the locks this process holds: what decides about a lock naming our own pid without /proc. */
const held = new Set<string>();

/** Break markers nest (a marker whose breaker died is broken under a marker of its own) this deep at most. */
const MAX_BREAK_DEPTH = 3;

/** The longest pause between two attempts of a waiting acquirer. */
const MAX_BACKOFF_MS = 250;

/**
 * Reads the holder of the lock at FILE; undefined when there is none. A lock
 * directory (the PKI store and enrollment jobs used `<name>/pid` directories
 * before this module) and a lock file that does not parse are reported with a
 * token naming the inode, so that they can be broken like any other.
 */
export function readPidLockOwner<O extends PidLockOwner>(file: string): O | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code !== 'EISDIR') throw e;
    return inodeOwner<O>(file, readPid(join(file, 'pid')));
  }
  try {
    const o = JSON.parse(text) as O;
    if (typeof o === 'object' && o !== null && typeof o.token === 'string') return o;
  } catch {
    /* damaged: below */
  }
  return inodeOwner<O>(file, 0);
}

function readPid(file: string): number {
  try {
    return Number(readFileSync(file, 'utf8'));
  } catch {
    return 0; // a lock directory without a pid: its owner died between mkdir and write
  }
}

function inodeOwner<O extends PidLockOwner>(file: string, pid: number): O | undefined {
  try {
    const st = statSync(file, { bigint: true });
    return { pid, host: hostname(), token: `i${st.ino}-${st.ctimeNs}` } as unknown as O;
  } catch {
    return undefined; // removed meanwhile
  }
}

/** True when OWNER's process is certainly gone (same host only: another host's pids say nothing here). */
function isStalePidLock(owner: PidLockOwner): boolean {
  if (owner.host !== hostname()) return false;
  if (!processAlive(owner.pid)) return true;
  const now = processStart(owner.pid);
  if (owner.started !== undefined && now !== undefined) return owner.started !== now;
  // No start to compare: our own pid holds it only if this process took it; another pid, while it runs.
  return owner.pid === process.pid && !held.has(owner.token);
}

/** The live holder of the lock at FILE, if any. */
export function pidLockHolder<O extends PidLockOwner>(file: string): O | undefined {
  const o = readPidLockOwner<O>(file);
  return o && !isStalePidLock(o) ? o : undefined;
}

/**
 * Takes the lock at FILE with the owner record FIELDS + pid, host, start and
 * token; with `waitMs`, retries (exponential backoff with jitter: waiters must
 * not all retry in step) while a live process holds it.
 */
export function acquirePidLock<F extends object>(
  file: string,
  fields: F,
  opts: PidLockOptions = {},
): PidLockAttempt<F & PidLockOwner> {
  const owner = newOwner(fields);
  const deadline = Date.now() + (opts.waitMs ?? 0);
  let pause = 5;
  for (;;) {
    const r = tryOnce(file, owner, 0);
    const left = deadline - Date.now();
    if (r.ok || left <= 0) return r;
    sleepSync(Math.min(left, Math.floor(pause / 2 + Math.random() * pause)));
    pause = Math.min(pause * 2, MAX_BACKOFF_MS);
  }
}

function newOwner<F extends object>(fields: F): F & PidLockOwner {
  const started = processStart(process.pid);
  return {
    ...fields,
    pid: process.pid,
    host: hostname(),
    ...(started !== undefined ? { started } : {}),
    token: randomBytes(8).toString('hex'),
  };
}

function tryOnce<O extends PidLockOwner>(file: string, owner: O, depth: number): PidLockAttempt<O> {
  const tmp = `${file}.${owner.pid}.${owner.token}`;
  writeFileSync(tmp, JSON.stringify(owner), { mode: 0o600 });
  try {
    for (let attempt = 0; attempt < 20; attempt++) {
      try {
        linkSync(tmp, file);
        return { ok: true, lock: heldLock(file, owner) };
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      const holder = readPidLockOwner<O>(file);
      if (holder === undefined) continue; // released meanwhile
      if (!isStalePidLock(holder)) return { ok: false, holder };
      // another process is breaking it: give it the moment it needs
      if (!breakStale(file, holder, depth)) sleepSync(1);
    }
    const holder = readPidLockOwner<O>(file);
    return holder ? { ok: false, holder } : tryOnce(file, owner, depth);
  } finally {
    unlinkGone(tmp);
  }
}

/** Removes STALE's lock under its break marker; false when another live breaker holds the marker. */
function breakStale(file: string, stale: PidLockOwner, depth: number): boolean {
  if (depth >= MAX_BREAK_DEPTH) return false;
  const marker = tryOnce(`${file}.break.${stale.token}`, newOwner({}), depth + 1);
  if (!marker.ok) return false;
  try {
    if (readPidLockOwner(file)?.token === stale.token) rmSync(file, { recursive: true, force: true });
  } finally {
    marker.lock.release();
  }
  return true;
}

function heldLock<O extends PidLockOwner>(file: string, owner: O): PidLock<O> {
  held.add(owner.token);
  let released = false;
  return {
    owner,
    release(): void {
      if (released) return;
      released = true;
      if (readPidLockOwner(file)?.token === owner.token) unlinkGone(file);
      held.delete(owner.token);
    },
  };
}

/**
 * Removes what killed acquirers and breakers left beside the lock at FILE
 * (temporary owner files of dead pids, break markers of dead breakers).
 * Call while holding the lock: every marker is then about an older lock.
 * Returns how many files went.
 */
export function removePidLockLeftovers(file: string): number {
  const dir = dirname(file);
  const prefix = `${basename(file)}.`;
  let removed = 0;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return 0;
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const temp = /\.(\d+)\.[0-9a-f]{16}$/.exec(name);
    const path = join(dir, name);
    const gone = temp ? !processAlive(Number(temp[1])) : isMarkerStale(path, name.slice(prefix.length));
    if (gone) {
      unlinkGone(path);
      removed++;
    }
  }
  return removed;
}

function isMarkerStale(path: string, rest: string): boolean {
  if (!rest.startsWith('break.')) return false;
  const o = readPidLockOwner(path);
  return o !== undefined && isStalePidLock(o);
}

function unlinkGone(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    /* gone */
  }
}
