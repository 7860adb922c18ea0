/** Small constructors for pki-stage diagnostics. */
import { diagnostic, type Diagnostic, type Result } from '../diag/diagnostic.js';
import type { DiagnosticCode } from '../diag/codes.js';

/** A diagnostic with the catalogue's stage and severity for `code` (diag/diagnostic.ts). */
export const pkiDiagnostic: (code: DiagnosticCode, message: string) => Diagnostic = (code, message) =>
  diagnostic(code, message);

/** A failed result: `value` is undefined and there is one error. */
export function fail<T>(code: DiagnosticCode, message: string): Result<T | undefined> {
  return { value: undefined, diagnostics: [pkiDiagnostic(code, message)] };
}

/** The ids Junos accepts in operational PKI commands: 1..32 chars, no '/', '%', '.' or space. */
export function checkId(id: string, what = 'certificate-id'): Diagnostic | undefined {
  if (id.length < 1 || id.length > 32 || /[/%. ]/.test(id)) {
    return pkiDiagnostic(
      'PKI_INVALID_ID',
      `invalid ${what} '${id}': must be 1..32 characters and must not contain '/', %, '.' or a space`,
    );
  }
  return undefined;
}
