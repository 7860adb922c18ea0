/**
 * Whether a process of this host still runs: what decides that a lock, a
 * job's run lock or a CA's temporary file was left by a dead process and may
 * be broken or cleaned. One answer for every store: only ESRCH ("no such
 * process") is dead; EPERM (it runs, as another user) and any other error
 * count as alive, because breaking a live owner's lock is the harm to avoid.
 */
import { readFileSync } from 'node:fs';

/** True unless PID is certainly not a running process. */
export function processAlive(pid: number): boolean {
  // kill(0 or negative) would signal process groups: a corrupt pid is no process
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/**
 * When process PID started, as the kernel counts it (Linux: field 22 of
 * /proc/PID/stat, clock ticks since boot); undefined where there is no /proc
 * or no such process. A lock records its holder's start so that a pid reused
 * by a later process (a container restarted with the same pids) is not taken
 * for the holder.
 */
export function processStart(pid: number): string | undefined {
  if (!Number.isSafeInteger(pid) || pid <= 0) return undefined;
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // the command name (field 2) is in parentheses and may hold spaces or ')'
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return fields[19];
}

/** Blocks this thread for MS milliseconds (lock retries in synchronous stores). */
export function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
