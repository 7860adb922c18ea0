/**
 * The writer lock of the configuration database: the store's pid lock
 * (durable/pid-lock.ts: exclusive create, stale-lock breaking) whose owner
 * record also holds what Junos's refusal names: the user, terminal, start
 * time, mode and edit level. This module words that refusal.
 */
import { userInfo } from 'node:os';
import {
  acquirePidLock,
  pidLockHolder,
  type PidLock,
  type PidLockAttempt,
  type PidLockOwner,
} from '../durable/pid-lock.js';

export interface LockOwner extends PidLockOwner {
  readonly user: string;
  /** ms since epoch */
  readonly since: number;
  /** `exclusive` for a `configure exclusive` session, `commit` while one operation runs. */
  readonly mode: 'commit' | 'exclusive';
  readonly terminal: string;
  /** The edit level shown in the lock message. */
  readonly editPath: readonly string[];
}

export type HeldLock = PidLock<LockOwner>;

export type LockAttempt = PidLockAttempt<LockOwner>;

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

export interface LockRequest {
  readonly user?: string;
  readonly mode?: 'commit' | 'exclusive';
  readonly terminal?: string;
  readonly editPath?: readonly string[];
  /** Keep retrying this long while a live process holds the lock (default 0: fail at once). */
  readonly waitMs?: number;
  readonly now?: () => number;
}

/** Try to take the lock at `file`; with `waitMs`, retry while a live process holds it. */
export function acquireLock(file: string, req: LockRequest = {}): LockAttempt {
  const fields = {
    user: req.user ?? currentUser(),
    since: (req.now ?? Date.now)(),
    mode: req.mode ?? 'commit',
    terminal: req.terminal ?? (process.stdin.isTTY ? 'tty' : 'none'),
    editPath: req.editPath ?? [],
  } as const;
  return acquirePidLock(file, fields, { waitMs: req.waitMs });
}

/** Read who holds the lock, if anyone alive does. */
export function lockHolder(file: string): LockOwner | undefined {
  return pidLockHolder<LockOwner>(file);
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
const LOCKED_HEADLINE = 'error: configuration database locked by:';

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
