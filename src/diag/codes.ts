/**
 * The catalogue of diagnostic codes: stable UPPER_SNAKE strings, never reused.
 * Each stage keeps its own table in codes/<stage>.ts so that work on one stage
 * does not touch another's; this file merges them. The README's diagnostics
 * table is generated from CATALOGUE.
 */
import type { Severity, Stage } from './diagnostic.js';
import { SYNTAX_CODES } from './codes/syntax.js';
import { VALIDATE_CODES } from './codes/validate.js';
import { COMMIT_CODES } from './codes/commit.js';
import { PKI_CODES } from './codes/pki.js';
import { PROTOCOL_CODES } from './codes/protocol.js';
import { ENROLL_CODES } from './codes/enroll.js';

export interface CodeInfo {
  readonly stage: Stage;
  readonly severity: Severity;
  /** One line describing what the code means (for the README table). */
  readonly summary: string;
}

export const CATALOGUE = {
  INTERNAL: { stage: 'internal', severity: 'error', summary: 'A bug in pkicfg; please report it.' },
  ...SYNTAX_CODES,
  ...VALIDATE_CODES,
  ...COMMIT_CODES,
  ...PKI_CODES,
  ...PROTOCOL_CODES,
  ...ENROLL_CODES,
} as const satisfies Record<string, CodeInfo>;

export type DiagnosticCode = keyof typeof CATALOGUE;

/**
 * Codes taken out of the catalogue because nothing emitted them; kept here so
 * that no new code takes their name (a code is never reused).
 */
export const RETIRED_CODES: readonly string[] = [
  'COMMIT_CHECK_FAILED', // appliers never refuse a commit (enrollment state is not configuration)
  'COMMIT_LOAD_ERRORS', // `load --commit` after load errors says so in plain words
  'PKI_STORE_CORRUPT', // a damaged index is reported as an I/O-class error, not a diagnostic
  'PKI_NOT_CONFIRMED', // the "no" answer of a confirmation is printed, not reported
];
