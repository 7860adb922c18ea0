/** Diagnostic codes owned by the commit stage. Add codes here; never rename or reuse one. */
import type { CodeInfo } from '../codes.js';

export const COMMIT_CODES = {
  COMMIT_LOCKED: {
    stage: 'commit',
    severity: 'error',
    summary:
      'Another user holds the configuration database lock (`configure exclusive` or a commit in progress).',
  },
  COMMIT_DATABASE_MODIFIED: {
    stage: 'commit',
    severity: 'error',
    summary: 'The shared candidate holds uncommitted changes, so `configure exclusive`/`private` is refused.',
  },
  COMMIT_CONFLICT: {
    stage: 'commit',
    severity: 'error',
    summary: 'A private candidate changes a statement that another commit changed since the session began.',
  },
  COMMIT_APPLY_FAILED: {
    stage: 'commit',
    severity: 'warning',
    summary: 'An applier failed after the configuration was committed; the commit stands.',
  },
  COMMIT_CONFIRMED_RANGE: {
    stage: 'commit',
    severity: 'error',
    summary: '`commit confirmed` minutes must be 1..65535.',
  },
  COMMIT_CONFIRMED_PRIVATE: {
    stage: 'commit',
    severity: 'error',
    summary: '`commit confirmed` is not allowed in `configure private`.',
  },
  ROLLBACK_NOT_FOUND: {
    stage: 'commit',
    severity: 'error',
    summary: 'The requested rollback revision does not exist (0..49, and only as many as were committed).',
  },
  PATCH_SYNTAX: {
    stage: 'commit',
    severity: 'error',
    summary: 'A `load patch` line is not a `[edit ...]` banner or a `+`/`-`/`!`/context line.',
  },
  PATCH_NOT_FOUND: {
    stage: 'commit',
    severity: 'warning',
    summary: 'A `load patch` deletion names a statement the candidate does not have (`statement not found`).',
  },
} as const satisfies Record<string, CodeInfo>;
