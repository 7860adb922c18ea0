/**
 * When automatic re-enrollment starts (Junos `auto-re-enrollment`,
 * junos-pki.md §1.8 and §4 rules 1-4): when the certificate's remaining
 * lifetime falls to `re-enroll-trigger-time-percentage` % of its validity —
 * or `re-enroll-time days|hours|percent` before expiry, which wins when both
 * are set. The planner (plan.ts) turns it into actions; the engines run them.
 */

import type { RenewalPolicy } from '../tree/pki-view.js';

export type { RenewalPolicy };

/** When renewal should start; undefined when the policy sets no trigger. */
export function renewalTriggerTime(notBefore: Date, notAfter: Date, policy: RenewalPolicy): Date | undefined {
  const end = notAfter.getTime();
  const life = end - notBefore.getTime();
  if (policy.days !== undefined) return new Date(end - policy.days * 86_400_000);
  if (policy.hours !== undefined) return new Date(end - policy.hours * 3_600_000);
  const pct = policy.percent ?? policy.percentage;
  if (pct === undefined) return undefined;
  return new Date(end - (life * pct) / 100);
}
