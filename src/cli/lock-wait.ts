/**
 * `--wait SECONDS` and exit status 3 of the commands that take the
 * configuration lock (commit, load, rollback, shell). A script that finds the
 * database locked can either wait for it with a bound or tell "locked" (3,
 * retry later) from a configuration error (1) without parsing messages.
 */
import type { Diagnostic } from '../diag/diagnostic.js';

/** Exit status when the configuration lock refused (`configuration database locked by:`). */
const EXIT_LOCKED = 3;

export const WAIT_OPTION = { wait: { type: 'string' } } as const;

/** The usage line of `--wait`, shared by every command that has it. */
export const WAIT_USAGE =
  '  --wait SECONDS    wait up to SECONDS for the configuration lock (default $PKICFG_WAIT, else 0: refuse at once)\n';

/** The longest accepted wait: one day (the lock is for commits, not for queues). */
const MAX_WAIT_SECONDS = 86_400;

/**
 * The lock wait in ms from `--wait`, else `$PKICFG_WAIT`, else 0; a string with
 * the usage message when the value is not a number of seconds.
 */
export function lockWaitMs(flag: string | undefined, env: NodeJS.ProcessEnv): number | string {
  const raw = flag ?? env.PKICFG_WAIT;
  if (raw === undefined || raw === '') return 0;
  const what = flag !== undefined ? '--wait' : 'PKICFG_WAIT';
  if (!/^\d+(\.\d+)?$/.test(raw) || Number(raw) > MAX_WAIT_SECONDS)
    return `${what} takes seconds (0..${MAX_WAIT_SECONDS})`;
  return Math.round(Number(raw) * 1000);
}

/** 3 when one of DIAGNOSTICS is a lock refusal, else FALLBACK. */
export function lockedOr(diagnostics: readonly Diagnostic[], fallback: number): number {
  return diagnostics.some((d) => d.code === 'COMMIT_LOCKED') ? EXIT_LOCKED : fallback;
}
