/** Diagnostic codes owned by the validate stage. Add codes here; never rename or reuse one. */
import type { CodeInfo } from '../codes.js';

export const VALIDATE_CODES = {
  MISSING_MANDATORY: {
    stage: 'schema',
    severity: 'error',
    summary: "A mandatory statement is missing (`Missing mandatory statement: 'x'`).",
  },
  VALUE_OUT_OF_RANGE: {
    stage: 'schema',
    severity: 'error',
    summary: 'A number is outside its range (`Value N is not within range (min..max)`).',
  },
  INVALID_VALUE: {
    stage: 'schema',
    severity: 'error',
    summary: 'A value has the wrong type, length, pattern, format or is not one of the allowed words.',
  },
  INVALID_NAME: {
    stage: 'schema',
    severity: 'error',
    summary: "A list entry name breaks the name rules (`Must not contain '/', %, '.' or a space`).",
  },
  TOO_MANY_VALUES: {
    stage: 'schema',
    severity: 'error',
    summary: 'A multi-value statement has more values than allowed (e.g. 20 `ca-profiles`).',
  },
  DUPLICATE_VALUE: {
    stage: 'schema',
    severity: 'error',
    summary: 'A multi-value statement lists a value twice.',
  },
  SCHEMA_VIOLATION: {
    stage: 'schema',
    severity: 'error',
    summary:
      'The tree does not have the shape the schema describes (e.g. a statement where none is allowed).',
  },
  REFERENCE_UNDEFINED: {
    stage: 'semantic',
    severity: 'error',
    summary: 'A reference names an object that is not configured or is inactive (Junos `must` rule).',
  },
  REFERENCE_DANGLING: {
    stage: 'semantic',
    severity: 'warning',
    summary: 'A reference without a Junos `must` rule names nothing (e.g. a `trusted-ca-group` member).',
  },
  REFERENCE_NO_ENROLLMENT_URL: {
    stage: 'semantic',
    severity: 'error',
    summary: 'The `ca-profile-name` of auto re-enrollment names a ca-profile without `enrollment url`.',
  },
  REENROLL_TRIGGER_MISSING: {
    stage: 'semantic',
    severity: 'error',
    summary:
      'Auto re-enrollment needs `re-enroll-trigger-time-percentage` or `re-enroll-time` (Junos 23.1+).',
  },
  IKE_POLICY_AUTH: {
    stage: 'semantic',
    severity: 'error',
    summary:
      'An IKE policy needs exactly one of `certificate local-certificate`, `pre-shared-key`, `seeded-pre-shared-key`.',
  },
  IKE_POLICY_PROPOSALS: {
    stage: 'semantic',
    severity: 'error',
    summary: 'An IKE policy has both `proposals` and `proposal-set`.',
  },
  IKE_PROPOSAL_SET_CERT: {
    stage: 'semantic',
    severity: 'error',
    summary: 'A Suite B or PRIME `proposal-set` needs certificate-based authentication.',
  },
  IKE_GATEWAY_DYNAMIC_IDENTITY: {
    stage: 'semantic',
    severity: 'error',
    summary: 'A dynamic IKE gateway has `remote-identity`; it belongs under `dynamic`.',
  },
  CHOICE_CONFLICT: {
    stage: 'semantic',
    severity: 'error',
    summary: 'Two statements that exclude each other (one Junos choice) are both configured.',
  },
  NO_REMOTE_TRACE: {
    stage: 'semantic',
    severity: 'error',
    summary: '`traceoptions no-remote-trace` without `[system tracing]`.',
  },
  DEPRECATED_STATEMENT: {
    stage: 'semantic',
    severity: 'warning',
    summary: "A deprecated statement is used (`'x' is deprecated`).",
  },
  UNMODELLED_STATEMENT: {
    stage: 'semantic',
    severity: 'warning',
    summary: '`--strict`: a statement pkicfg does not model is kept verbatim but not validated.',
  },
} as const satisfies Record<string, CodeInfo>;
