/** The pki stage's two shorthands over diag/diagnostic.ts: a failed result, and the id check of operational commands. */
import { diagnostic, type Diagnostic, type Result } from '../diag/diagnostic.js';
import type { DiagnosticCode } from '../diag/codes.js';

/** A failed result: `value` is undefined and there is one error. */
export function fail<T>(code: DiagnosticCode, message: string): Result<T | undefined> {
  return { value: undefined, diagnostics: [diagnostic(code, message)] };
}

/** The ids Junos accepts in operational PKI commands: 1..32 chars, no '/', '%', '.' or space. */
export function checkId(id: string, what = 'certificate-id'): Diagnostic | undefined {
  if (id.length < 1 || id.length > 32 || /[/%. ]/.test(id)) {
    return diagnostic(
      'PKI_INVALID_ID',
      `invalid ${what} '${id}': must be 1..32 characters and must not contain '/', %, '.' or a space`,
    );
  }
  return undefined;
}
