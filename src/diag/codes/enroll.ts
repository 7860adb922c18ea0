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

export const ENROLL_CODES = {
  ...ENROLL_SCEP_CODES,
} as const satisfies Record<string, CodeInfo>;
