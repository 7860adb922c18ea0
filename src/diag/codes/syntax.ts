/** Diagnostic codes owned by the syntax stage. Add codes here; never rename or reuse one. */
import type { CodeInfo } from '../codes.js';

export const SYNTAX_CODES = {
  UNEXPECTED_TOKEN: {
    stage: 'syntax',
    severity: 'error',
    summary: 'A token that the grammar does not allow here (`syntax error, expecting ...`).',
  },
  UNTERMINATED_STRING: {
    stage: 'syntax',
    severity: 'error',
    summary: 'A double-quoted string is not closed.',
  },
  UNTERMINATED_COMMENT: {
    stage: 'syntax',
    severity: 'error',
    summary: 'A `/* ... */` annotation is not closed.',
  },
  UNKNOWN_COMMAND: {
    stage: 'syntax',
    severity: 'error',
    summary:
      'A set-format line does not start with a configuration command (e.g. pasted operational output).',
  },
  UNKNOWN_STATEMENT: {
    stage: 'syntax',
    severity: 'error',
    summary: 'A keyword that the schema does not allow at this place.',
  },
  SUSPICIOUS_STATEMENT: {
    stage: 'syntax',
    severity: 'warning',
    summary: 'An unmodelled statement that is one typo away from a known keyword; kept verbatim.',
  },
  MISSING_VALUE: {
    stage: 'syntax',
    severity: 'error',
    summary: 'A keyword that needs a value or a name has none.',
  },
  INVALID_COMMAND: {
    stage: 'syntax',
    severity: 'error',
    summary: 'A configuration command with wrong arguments (rename without `to`, edit into a leaf, ...).',
  },
  STATEMENT_NOT_FOUND: {
    stage: 'syntax',
    severity: 'warning',
    summary:
      '`warning: statement not found`: the statement to delete, (de)activate, protect, rename... does not exist.',
  },
  PROTECTED_NODE: {
    stage: 'syntax',
    severity: 'warning',
    summary: 'A protected statement cannot be deleted or modified.',
  },
  TARGET_EXISTS: {
    stage: 'syntax',
    severity: 'error',
    summary: 'rename/copy: the target statement already exists.',
  },
  INVALID_DOCUMENT: {
    stage: 'syntax',
    severity: 'error',
    summary: 'A JSON or YAML document that cannot be read, or has not the Junos `configuration` shape.',
  },
  NESTING_TOO_DEEP: {
    stage: 'syntax',
    severity: 'error',
    summary: 'A statement nested deeper than the input limit (src/syntax/input-limits.ts); it is left out.',
  },
} as const satisfies Record<string, CodeInfo>;
