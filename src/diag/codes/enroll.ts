/** Diagnostic codes owned by the enroll stage. Add codes here; never rename or reuse one. */
import type { CodeInfo } from '../codes.js';

// ---- SCEP enrollment jobs, owned by the SCEP engineer ----
const ENROLL_SCEP_CODES = {
  ENROLL_PENDING: {
    stage: 'enroll',
    severity: 'info',
    summary: 'The CA has not decided yet; the enrollment keeps polling.',
  },
  ENROLL_FAILED: {
    stage: 'enroll',
    severity: 'error',
    summary: 'An enrollment job failed; the reason is in the message.',
  },
  ENROLL_RETRIES_EXHAUSTED: {
    stage: 'enroll',
    severity: 'error',
    summary: 'The CA stayed PENDING for all configured retries.',
  },
  ENROLL_CA_CERT_MISSING: {
    stage: 'enroll',
    severity: 'error',
    summary: 'The CA certificate of the ca-profile is not loaded.',
  },
  ENROLL_PROFILE_UNKNOWN: {
    stage: 'enroll',
    severity: 'error',
    summary: 'The ca-profile is not configured or has no enrollment url.',
  },
  ENROLL_JOB_BUSY: {
    stage: 'enroll',
    severity: 'error',
    summary: 'Another process is running this enrollment job.',
  },
} as const satisfies Record<string, CodeInfo>;
// ---- end SCEP ----

// ---- reconcile (plan / renewal / daemon), owned by the RECONCILE engineer ----
const ENROLL_RECONCILE_CODES = {
  ENROLL_PLAN: {
    stage: 'enroll',
    severity: 'info',
    summary: 'An enrollment action planned by commit check / commit (renewal, CA certificate removal).',
  },
  ENROLL_PLAN_NOTE: {
    stage: 'enroll',
    severity: 'info',
    summary:
      'Why an auto-re-enrollment entry has nothing to do (no certificate yet, CA certificate missing).',
  },
  ENROLL_TRIGGER_AT_ISSUANCE: {
    stage: 'enroll',
    severity: 'warning',
    summary:
      'The re-enroll trigger falls at the certificate issuance (would renew in a loop); renewed at one third of the validity remaining instead.',
  },
  ENROLL_RENEWAL_FAILED: {
    stage: 'enroll',
    severity: 'error',
    summary: 'An automatic re-enrollment failed; the store is unchanged and the next run retries.',
  },
  ENROLL_CA_REMOVE_FAILED: {
    stage: 'enroll',
    severity: 'error',
    summary: 'The CA certificate of a deleted ca-profile could not be removed.',
  },
} as const satisfies Record<string, CodeInfo>;
// ---- end reconcile ----

export const ENROLL_CODES = {
  ...ENROLL_SCEP_CODES,
  ...ENROLL_RECONCILE_CODES,
} as const satisfies Record<string, CodeInfo>;
