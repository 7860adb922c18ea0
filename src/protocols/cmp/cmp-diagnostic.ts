/** Diagnostics of the CMP protocol layer: no path and no span (they come from the wire). */
import type { Diagnostic } from '../../diag/diagnostic.js';
import type { DiagnosticCode } from '../../diag/codes.js';
import { diagnostic } from '../../diag/diagnostic.js';

export type CmpCode = Extract<DiagnosticCode, `CMP_${string}`>;

export function cmpDiagnostic(code: CmpCode, message: string): Diagnostic {
  return diagnostic(code, message, { severity: 'error' });
}
