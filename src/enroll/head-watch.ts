/**
 * The daemon's sleep that a commit interrupts. The daemon plans its next
 * wake-up from the store (renewal triggers, a `commit confirmed` deadline);
 * a commit made while it sleeps can bring that wake-up forward (a new
 * confirmed deadline, a new certificate), so the sleep ends as soon as the
 * commit point (`config/HEAD`, replaced by rename at every commit) changes.
 * fs.watch on the directory wakes it at once where the platform delivers
 * events; a stat every POLL_MS is the fallback where it does not (network
 * file systems, some containers).
 */
import { statSync, watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import type { Clock } from './clock.js';

/** The fallback check of HEAD while sleeping (ms). */
const POLL_MS = 1000;

/** What identifies one version of a file written by rename ('' while absent). */
export function fileVersion(file: string): string {
  try {
    const st = statSync(file, { bigint: true });
    return `${st.ino}:${st.mtimeNs}:${st.size}`;
  } catch {
    return '';
  }
}

/**
 * Sleep MS on CLOCK in the directory DIR: ends early when SIGNAL aborts or
 * the file NAME in DIR is no longer the version SINCE (fileVersion; default:
 * the version when the sleep starts). Returns true when the file changed.
 */
export async function sleepUntilChanged(
  clock: Clock,
  ms: number,
  dir: string,
  name: string,
  opts: { readonly signal?: AbortSignal; readonly since?: string } = {},
): Promise<boolean> {
  const { signal } = opts;
  const file = join(dir, name);
  const before = opts.since ?? fileVersion(file);
  if (before !== fileVersion(file)) return true;
  const changed = (): boolean => fileVersion(file) !== before;
  const wake = new AbortController();
  const stop = (): void => wake.abort();
  if (signal?.aborted) return false;
  signal?.addEventListener('abort', stop);
  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(dir, { persistent: false }, (_event, f) => {
      if ((f === null || f === name) && changed()) stop();
    });
    watcher.on('error', () => watcher?.close()); // the directory went away: polling remains
  } catch {
    watcher = undefined; // no watch support here: polling only
  }
  // a clock that cannot be interrupted still ends each step when we wake
  const woken = new Promise<void>((resolve) => wake.signal.addEventListener('abort', () => resolve()));
  const end = clock.now().getTime() + ms;
  try {
    for (;;) {
      const left = end - clock.now().getTime();
      if (left <= 0 || wake.signal.aborted) break;
      await Promise.race([clock.sleep(Math.min(left, POLL_MS), wake.signal), woken]);
      if (changed()) return true;
    }
    return changed();
  } finally {
    signal?.removeEventListener('abort', stop);
    watcher?.close();
    stop(); // settles `woken` and ends a step still running on the clock
  }
}
