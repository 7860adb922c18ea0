/**
 * When a failed renewal is tried again. Junos's ca-profile has `enrollment
 * retry-interval SECONDS`: where it is configured, a failed renewal is retried
 * at that interval (`enrollment retry` keeps its Junos meaning, the number of
 * SCEP polls of one attempt). Otherwise the default backs off exponentially as
 * cert-manager does after failed issuance: 1 hour after the first failure,
 * doubling with each further one, at most 32 hours. The planner (plan.ts)
 * reads this, so commit check, commit and the daemon agree on the next retry.
 */

/** The first default retry delay (ms). */
const BACKOFF_BASE_MS = 3_600_000;
/** The longest default retry delay (ms). */
export const BACKOFF_MAX_MS = 32 * 3_600_000;

export interface RetryPolicy {
  readonly retryIntervalSec: number;
  readonly retryIntervalConfigured?: boolean;
}

/** The delay before the next try after FAILURES (>= 1) consecutive failed attempts. */
export function retryDelayMs(failures: number, policy: RetryPolicy): number {
  if (policy.retryIntervalConfigured === true) return policy.retryIntervalSec * 1000;
  const n = Math.max(1, failures);
  return Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.min(n - 1, 16));
}

/** When the next try is due after FAILURES failures, the last one at LAST. */
export function nextRetryAt(last: Date, failures: number, policy: RetryPolicy): Date {
  return new Date(last.getTime() + retryDelayMs(failures, policy));
}
