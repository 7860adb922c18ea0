/**
 * How a CMP client transaction stops: a Failure carries the one diagnostic
 * (thrown inside the transaction, returned by sendCmpEnrollment), with the
 * wording for a response of the wrong type or an error message.
 */
import type { Diagnostic } from '../../diag/diagnostic.js';
import { cmpDiagnostic, type CmpCode } from './cmp-diagnostic.js';
import { bodyName } from './pki-body.js';
import type { ParsedPkiMessage } from './pki-message.js';
import { renderStatusInfo } from './pki-status-info.js';

export class Failure {
  constructor(readonly diagnostic: Diagnostic) {}
}

export function fail(code: CmpCode, message: string): Failure {
  return new Failure(cmpDiagnostic(code, message));
}

/** The failure for a response whose body is not the one expected (an error message says what it holds). */
export function unexpectedBody(m: ParsedPkiMessage, expected: string): Failure {
  if (m.body.type === 'error') {
    const e = m.body.content;
    const details = e.errorDetails
      ? `; details: ${e.errorDetails.map((t) => JSON.stringify(t)).join(', ')}`
      : '';
    const code = e.errorCode !== undefined ? `; errorCode: ${e.errorCode}` : '';
    return fail(
      'CMP_ERROR_MESSAGE',
      `CMP server answered with an error message: ${renderStatusInfo(e.pkiStatusInfo)}${code}${details}.`,
    );
  }
  return fail(
    'CMP_UNEXPECTED_BODY',
    `CMP server answered '${bodyName(m.body)}' where '${expected}' was expected.`,
  );
}
