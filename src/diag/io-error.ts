/**
 * The one place that turns a Node file-system error into words for the
 * user: what could not be done, to which path, and why in plain terms
 * ("could not read 'x.conf': No such file or directory"), instead of Node's
 * `ENOENT: no such file or directory, open 'x.conf'`. When a path component
 * is a file where a directory is needed (ENOTDIR, or EEXIST from mkdir), the
 * message names that component.
 */
import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** What the command was doing with the path. */
export type IoIntent = 'read' | 'write' | 'open' | 'create';

const REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'No such file or directory',
  EISDIR: 'Is a directory',
  ENOTDIR: 'Not a directory',
  EACCES: 'Permission denied',
  EPERM: 'Operation not permitted',
  EEXIST: 'File exists',
  ENOSPC: 'No space left on device',
  EROFS: 'Read-only file system',
  ELOOP: 'Too many levels of symbolic links',
  ENAMETOOLONG: 'File name too long',
  EMFILE: 'Too many open files',
  EBUSY: 'Device or resource busy',
  EIO: 'Input/output error',
};

const VERBS: Readonly<Record<string, IoIntent>> = {
  open: 'open',
  read: 'read',
  scandir: 'read',
  stat: 'read',
  lstat: 'read',
  mkdir: 'create',
  write: 'write',
  rename: 'write',
  unlink: 'write',
  rmdir: 'write',
  chmod: 'write',
  copyfile: 'write',
  fsync: 'write',
};

/**
 * A Node system error from a file-system call: an errno code and a syscall.
 * Duck-typed, not `instanceof Error`: errors from node:fs may come from
 * another realm (vm contexts, test runners).
 */
export function isFsError(e: unknown): e is NodeJS.ErrnoException {
  if (typeof e !== 'object' || e === null) return false;
  const x = e as { code?: unknown; syscall?: unknown };
  return typeof x.code === 'string' && typeof x.syscall === 'string';
}

function messageOf(e: unknown): string {
  const m = typeof e === 'object' && e !== null ? (e as { message?: unknown }).message : undefined;
  return typeof m === 'string' ? m : String(e);
}

/** The nearest existing ancestor of PATH that is not a directory, if any. */
function fileInTheWay(path: string): string | undefined {
  for (let p = resolve(path); ; p = dirname(p)) {
    try {
      return statSync(p).isDirectory() ? undefined : p;
    } catch {
      if (dirname(p) === p) return undefined;
    }
  }
}

/**
 * The message for an error of a file-system call: `could not read 'x.conf':
 * No such file or directory`. PATH overrides the error's own path (the name
 * the user typed rather than the resolved one); INTENT the verb guessed from
 * the syscall. Anything that is not a file-system error keeps its message.
 */
export function describeIoError(e: unknown, opts: { path?: string; intent?: IoIntent } = {}): string {
  if (!isFsError(e)) return messageOf(e);
  const code = e.code ?? '';
  const path = opts.path ?? e.path;
  const intent = opts.intent ?? VERBS[e.syscall ?? ''] ?? 'open';
  const verb = intent === 'create' ? 'create directory' : intent;
  const what = path === undefined ? `could not ${verb}` : `could not ${verb} '${path}'`;
  if ((code === 'ENOTDIR' || (code === 'EEXIST' && e.syscall === 'mkdir')) && e.path !== undefined) {
    const blocker = fileInTheWay(e.path);
    if (blocker !== undefined && blocker === resolve(e.path) && e.syscall === 'mkdir')
      return `could not create directory '${path}': it exists and is not a directory`;
    if (blocker !== undefined) return `${what}: '${blocker}' is not a directory`;
  }
  return `${what}: ${REASONS[code] ?? e.message}`;
}
