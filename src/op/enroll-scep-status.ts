/**
 * `show security pki local-certificate` lines for SCEP enrollment jobs that
 * are not done (pending, polling) or failed; an issued job shows as its
 * certificate. Kept apart from enroll-scep.ts (and free of protocol code) so
 * that `show security pki local-certificate` (pki-show.ts) loads it cheaply.
 */
import { enrollmentStatuses } from '../enroll/job-store.js';
import type { OpContext } from './op-context.js';

export function scepLocalCertificateStatus(ctx: OpContext): ReadonlyMap<string, string> {
  const out = new Map<string, string>();
  for (const s of enrollmentStatuses(ctx.stateDir)) {
    if (s.state === 'issued') continue;
    out.set(s.certId, `  Enrollment: SCEP, ca-profile ${s.caProfile}, ${s.state}\n    ${s.detail}\n`);
  }
  return out;
}
