/**
 * When automatic re-enrollment starts (Junos `auto-re-enrollment`,
 * junos-pki.md §1.8 and §4 rules 1-4): when the certificate's remaining
 * lifetime falls to `re-enroll-trigger-time-percentage` % of its validity —
 * or `re-enroll-time days|hours|percent` before expiry, which wins when both
 * are set. The planner (plan.ts) turns it into actions; the engines run them.
 *
 * A trigger at or before the certificate's issuance (`re-enroll-time hours 24`
 * on a one-day certificate) would make every renewed certificate due the moment
 * it arrives: a renewal on every commit and every daemon pass. Such a trigger
 * is replaced, as cert-manager does when renewBefore is not shorter than the
 * duration, by renewal when one third of the validity remains; commit warns
 * about it (plan.ts `triggerWarnings`). "At issuance" allows for CAs backdating
 * notBefore (this project's CA by 5 minutes, others by up to an hour): the
 * first hour of the validity, or its first tenth when that is shorter.
 * Every planner (commit check, commit, daemon, `show security pki`) reads
 * the trigger from `renewalSchedule`, so they agree.
 */

import type { RenewalPolicy } from '../tree/pki-view.js';

export type { RenewalPolicy };

/** The share of the validity before expiry at which a fallback renewal starts. */
const FALLBACK_REMAINING = 1 / 3;
/** How far after notBefore a trigger still counts as "at issuance" (ms, or a tenth of the validity). */
const ISSUANCE_SLACK_MS = 3_600_000;

export interface RenewalSchedule {
  /** When renewal starts. */
  readonly at: Date;
  /** Set when the configured trigger fell at issuance: the time it named (`at` is the fallback). */
  readonly configuredAt?: Date;
}

/** The trigger as configured; undefined when the policy sets none. */
function configuredTrigger(notBefore: Date, notAfter: Date, policy: RenewalPolicy): Date | undefined {
  const end = notAfter.getTime();
  const life = end - notBefore.getTime();
  if (policy.days !== undefined) return new Date(end - policy.days * 86_400_000);
  if (policy.hours !== undefined) return new Date(end - policy.hours * 3_600_000);
  const pct = policy.percent ?? policy.percentage;
  if (pct === undefined) return undefined;
  return new Date(end - (life * pct) / 100);
}

/** When renewal of a certificate valid NOTBEFORE..NOTAFTER starts; undefined when the policy sets no trigger. */
export function renewalSchedule(
  notBefore: Date,
  notAfter: Date,
  policy: RenewalPolicy,
): RenewalSchedule | undefined {
  const at = configuredTrigger(notBefore, notAfter, policy);
  if (at === undefined) return undefined;
  const start = notBefore.getTime();
  const life = notAfter.getTime() - start;
  if (at.getTime() > start + Math.min(ISSUANCE_SLACK_MS, life / 10)) return { at };
  return { at: new Date(notAfter.getTime() - life * FALLBACK_REMAINING), configuredAt: at };
}

/** When renewal should start (renewalSchedule's `at`); undefined when the policy sets no trigger. */
export function renewalTriggerTime(notBefore: Date, notAfter: Date, policy: RenewalPolicy): Date | undefined {
  return renewalSchedule(notBefore, notAfter, policy)?.at;
}
