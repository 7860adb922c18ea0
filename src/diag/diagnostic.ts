/**
 * The one error model of pkicfg. Every stage returns diagnostics as values;
 * only bugs throw (InternalError). Offsets are kept while processing and turned
 * into line:column only when a diagnostic is rendered (see line-index.ts).
 */
import { CATALOGUE, type DiagnosticCode } from './codes.js';

export type Stage = 'syntax' | 'schema' | 'semantic' | 'commit' | 'enroll' | 'protocol' | 'pki' | 'internal';
export type Severity = 'error' | 'warning' | 'info';

/** A configuration path as the user types it: ['security', 'pki', 'ca-profile', 'CA1', 'ca-identity']. */
export type ConfigPath = readonly string[];

/** Half-open range [start, end) of UTF-16 offsets into a named source (file path, `<argv>`, `<shell:17>`). */
export interface Span {
  readonly source: string;
  readonly start: number;
  readonly end: number;
}

export interface RelatedInfo {
  readonly message: string;
  readonly path?: ConfigPath;
  readonly span?: Span;
}

export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  readonly stage: Stage;
  /** Full sentence, user-facing, Junos wording where Junos has one. */
  readonly message: string;
  /** Junos `[edit ...]` context; set for schema, semantic and enroll diagnostics. */
  readonly path?: ConfigPath;
  /** The statement as Junos quotes it in failure blocks (`'ca-profile-name X'`). */
  readonly statement?: string;
  /** Tight subject of the problem. Absent for protocol errors. */
  readonly span?: Span;
  readonly related?: readonly RelatedInfo[];
}

export interface Result<T> {
  readonly value: T;
  readonly diagnostics: readonly Diagnostic[];
}

/** What a diagnostic may carry besides its code and message. */
export type DiagnosticDetails = Partial<
  Pick<Diagnostic, 'severity' | 'path' | 'statement' | 'span' | 'related'>
>;

/**
 * The one constructor of diagnostics: the stage always comes from the
 * catalogue (codes/<stage>.ts), the severity too unless DETAILS overrides it
 * (a code whose weight depends on the case, e.g. a weak algorithm the user
 * allowed). Absent details stay absent (no `path: undefined` in JSON output).
 */
export function diagnostic(
  code: DiagnosticCode,
  message: string,
  details: DiagnosticDetails = {},
): Diagnostic {
  const info = CATALOGUE[code];
  const d: { -readonly [K in keyof Diagnostic]?: Diagnostic[K] } = {
    code,
    severity: details.severity ?? info.severity,
    stage: info.stage,
    message,
  };
  if (details.path !== undefined) d.path = details.path;
  if (details.statement !== undefined) d.statement = details.statement;
  if (details.span !== undefined) d.span = details.span;
  if (details.related !== undefined) d.related = details.related;
  return d as Diagnostic;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** Thrown only for bugs: a broken invariant inside pkicfg, never a user mistake. */
export class InternalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InternalError';
  }
}
