/**
 * The writer lock of the configuration database: a file created atomically with
 * link(2) (fails if it exists) holding the owner's user, pid, host, start time
 * and mode. A lock whose process is gone (same host, `kill(pid, 0)` says ESRCH)
 * is stale and broken: it is first renamed away under a unique name and checked
 * to still be the stale one, so two processes breaking the same stale lock never
 * remove a live lock taken in between.
 */
import { randomBytes } from 'node:crypto';
import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import { processAlive, sleepSync } from '../durable/process-alive.js';

export interface LockOwner {
  readonly user: string;
  readonly pid: number;
  readonly host: string;
  /** ms since epoch */
  readonly since: number;
  /** `exclusive` for a `configure exclusive` session, `commit` while one operation runs. */
  readonly mode: 'commit' | 'exclusive';
  readonly terminal: string;
  /** The edit level shown in the lock message. */
  readonly editPath: readonly string[];
  readonly token: string;
}

export interface HeldLock {
  readonly owner: LockOwner;
  release(): void;
}

export type LockAttempt =
  { readonly ok: true; readonly lock: HeldLock } | { readonly ok: false; readonly holder: LockOwner };

/** The current user name (USER/LOGNAME, else the OS account). */
export function currentUser(env: NodeJS.ProcessEnv = process.env): string {
  if (env.USER) return env.USER;
  if (env.LOGNAME) return env.LOGNAME;
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

function readOwner(file: string): LockOwner | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LockOwner;
  } catch {
    return undefined;
  }
}

/** True when the lock's process no longer runs on this host. */
export function isStale(owner: LockOwner): boolean {
  if (owner.host !== hostname()) return false;
  return !processAlive(owner.pid);
}

export interface LockRequest {
  readonly user?: string;
  readonly mode?: 'commit' | 'exclusive';
  readonly terminal?: string;
  readonly editPath?: readonly string[];
  /** Keep retrying this long while a live process holds the lock (default 0: fail at once). */
  readonly waitMs?: number;
  readonly now?: () => number;
}

function tryOnce(file: string, owner: LockOwner): LockAttempt {
  const tmp = `${file}.${owner.pid}.${owner.token}`;
  writeFileSync(tmp, JSON.stringify(owner), { mode: 0o600 });
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        linkSync(tmp, file);
        return { ok: true, lock: makeHeld(file, owner) };
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      const holder = readOwner(file);
      if (holder === undefined) continue; // removed meanwhile
      if (!isStale(holder)) return { ok: false, holder };
      breakStale(file, holder);
    }
    const holder = readOwner(file);
    return holder ? { ok: false, holder } : tryOnce(file, owner);
  } finally {
    try {
      unlinkSync(tmp);
    } catch {
      /* gone */
    }
  }
}

function breakStale(file: string, stale: LockOwner): void {
  const aside = `${file}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    renameSync(file, aside);
  } catch {
    return; // someone else broke it first
  }
  const moved = readOwner(aside);
  if (moved && moved.token !== stale.token) {
    // We moved a live lock taken after our read: put it back unless another took the slot.
    try {
      linkSync(aside, file);
    } catch {
      /* slot taken again; the live holder's release will fail harmlessly */
    }
  }
  try {
    unlinkSync(aside);
  } catch {
    /* gone */
  }
}

function makeHeld(file: string, owner: LockOwner): HeldLock {
  let released = false;
  return {
    owner,
    release(): void {
      if (released) return;
      released = true;
      const cur = readOwner(file);
      if (cur && cur.token === owner.token) {
        try {
          unlinkSync(file);
        } catch {
          /* gone */
        }
      }
    },
  };
}

/** Try to take the lock at `file`; with `waitMs`, retry while a live process holds it. */
export function acquireLock(file: string, req: LockRequest = {}): LockAttempt {
  const now = req.now ?? Date.now;
  const owner: LockOwner = {
    user: req.user ?? currentUser(),
    pid: process.pid,
    host: hostname(),
    since: now(),
    mode: req.mode ?? 'commit',
    terminal: req.terminal ?? (process.stdin.isTTY ? 'tty' : 'none'),
    editPath: req.editPath ?? [],
    token: randomBytes(8).toString('hex'),
  };
  const deadline = Date.now() + (req.waitMs ?? 0);
  // Exponential backoff with jitter: a commit holds the lock for milliseconds,
  // an exclusive session for minutes; waiters must not all retry in step.
  let pause = 5;
  for (;;) {
    const r = tryOnce(file, owner);
    const left = deadline - Date.now();
    if (r.ok || left <= 0) return r;
    sleepSync(Math.min(left, Math.floor(pause / 2 + Math.random() * pause)));
    pause = Math.min(pause * 2, MAX_BACKOFF_MS);
  }
}

/** The longest pause between two attempts of a waiting writer. */
const MAX_BACKOFF_MS = 250;

/** Read who holds the lock, if anyone alive does. */
export function lockHolder(file: string): LockOwner | undefined {
  const o = readOwner(file);
  return o && !isStale(o) ? o : undefined;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** `2026-09-02 09:31:02 UTC` */
export function formatTime(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())} UTC`;
}

/** The first line of the lock refusal: scripts (and the shell's exit status) recognise it. */
export const LOCKED_HEADLINE = 'error: configuration database locked by:';

/** True when TEXT holds a lock refusal (formatLockedMessage). */
export function isLockedText(text: string): boolean {
  return text.split('\n').some((l) => l.trim() === LOCKED_HEADLINE);
}

/**
 * Junos's lock message (junos-cli.md §6.2):
 * `error: configuration database locked by:` / owner line / edit level.
 */
export function formatLockedMessage(holder: LockOwner, now: number = Date.now()): string {
  const idle = Math.max(0, Math.floor((now - holder.since) / 1000));
  const idleText = `${pad2(Math.floor(idle / 3600))}:${pad2(Math.floor(idle / 60) % 60)}:${pad2(idle % 60)}`;
  const level = holder.editPath.length ? `[edit ${holder.editPath.join(' ')}]` : '[edit]';
  return [
    LOCKED_HEADLINE,
    `  ${holder.user} terminal ${holder.terminal} (pid ${holder.pid}) on since ${formatTime(holder.since)}, idle ${idleText}`,
    `      ${holder.mode === 'exclusive' ? 'exclusive ' : ''}${level}`,
  ].join('\n');
}
