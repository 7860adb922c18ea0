/**
 * The Junos commit-failure renderer (junos-cli.md §5.2): each problem is a
 * block `[edit <context>]`, `  '<statement>'`, `    <message>` (warnings
 * prefixed `warning: `); problems without a configuration path print as
 * `error: <message>`. A tail line closes a failed run: `error: commit failed:
 * (statements constraint check failed)` for commit, `error: configuration
 * check-out failed: (...)` for commit check, and `(missing mandatory
 * statements)` when a mandatory statement is missing.
 */
import type { Diagnostic } from './diagnostic.js';
import { editPath } from './render-position.js';

export interface RenderJunosOptions {
  /** Which tail line to print when there are errors; 'none' prints none. Default 'check'. */
  readonly mode?: 'commit' | 'check' | 'none';
}

/** The tail line for a failed commit / commit check, or undefined when nothing failed. */
export function junosTail(diagnostics: readonly Diagnostic[], mode: 'commit' | 'check'): string | undefined {
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length === 0) return undefined;
  if (errors.some((d) => d.code === 'MISSING_MANDATORY')) {
    return 'error: configuration check-out failed: (missing mandatory statements)';
  }
  if (!errors.some((d) => d.stage === 'schema' || d.stage === 'semantic')) {
    return mode === 'commit' ? 'error: commit failed' : 'error: configuration check-out failed';
  }
  return mode === 'commit'
    ? 'error: commit failed: (statements constraint check failed)'
    : 'error: configuration check-out failed: (statements constraint check failed)';
}

/** Renders diagnostics as Junos prints them on `commit` / `commit check`. Ends with a newline when non-empty. */
export function renderJunos(diagnostics: readonly Diagnostic[], opts: RenderJunosOptions = {}): string {
  const out: string[] = [];
  for (const d of diagnostics) {
    const msg = d.severity === 'warning' ? `warning: ${d.message}` : d.message;
    if (!d.path) {
      out.push(`${d.severity === 'error' ? 'error' : d.severity}: ${d.message}`);
      continue;
    }
    out.push(editPath(d.path));
    if (d.statement !== undefined && d.statement !== '') {
      out.push(`  '${d.statement}'`);
      out.push(`    ${msg}`);
    } else {
      out.push(`  ${msg}`);
    }
  }
  const mode = opts.mode ?? 'check';
  if (mode !== 'none') {
    const tail = junosTail(diagnostics, mode);
    if (tail) out.push(tail);
  }
  return out.length > 0 ? out.join('\n') + '\n' : '';
}
