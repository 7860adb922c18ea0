/**
 * Whether a process of this host still runs: what decides that a lock, a
 * job's run lock or a CA's temporary file was left by a dead process and may
 * be broken or cleaned. One answer for every store: only ESRCH ("no such
 * process") is dead; EPERM (it runs, as another user) and any other error
 * count as alive, because breaking a live owner's lock is the harm to avoid.
 */

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

/** Blocks this thread for MS milliseconds (lock retries in synchronous stores). */
export function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
