/**
 * The JSON renderer (`--format json`), for tools: every diagnostic with its
 * code, severity, stage, message, `[edit ...]` path, statement, and the
 * 1-based position of its subject when it came from text.
 */
import type { Diagnostic } from './diagnostic.js';
import { Positions, type Sources } from './render-position.js';

interface JsonDiagnostic {
  readonly code: string;
  readonly severity: string;
  readonly stage: string;
  readonly message: string;
  readonly path?: string;
  readonly statement?: string;
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  readonly endLine?: number;
  readonly endColumn?: number;
  readonly related?: readonly {
    message: string;
    path?: string;
    file?: string;
    line?: number;
    column?: number;
  }[];
}

export interface JsonReport {
  readonly valid: boolean;
  readonly errors: number;
  readonly warnings: number;
  readonly diagnostics: readonly JsonDiagnostic[];
}

/** Diagnostics as plain JSON objects (positions resolved through `sources`). */
export function toJsonReport(diagnostics: readonly Diagnostic[], sources?: Sources): JsonReport {
  const pos = new Positions(sources);
  const list = diagnostics.map((d): JsonDiagnostic => {
    const p = pos.of(d.span);
    return {
      code: d.code,
      severity: d.severity,
      stage: d.stage,
      message: d.message,
      ...(d.path ? { path: d.path.join(' ') } : {}),
      ...(d.statement !== undefined ? { statement: d.statement } : {}),
      ...(d.span ? { file: d.span.source } : {}),
      ...(p ? { line: p.line, column: p.col, endLine: p.endLine, endColumn: p.endCol } : {}),
      ...(d.related && d.related.length > 0
        ? {
            related: d.related.map((r) => {
              const rp = pos.of(r.span);
              return {
                message: r.message,
                ...(r.path ? { path: r.path.join(' ') } : {}),
                ...(rp ? { file: rp.source, line: rp.line, column: rp.col } : {}),
              };
            }),
          }
        : {}),
    };
  });
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
  return { valid: errors === 0, errors, warnings, diagnostics: list };
}

/** `--format json`: the report, pretty-printed, with a trailing newline. */
export function renderJson(diagnostics: readonly Diagnostic[], sources?: Sources): string {
  return JSON.stringify(toJsonReport(diagnostics, sources), null, 2) + '\n';
}
