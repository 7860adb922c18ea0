/**
 * The file renderer: one `file:line:col: severity: message [CODE]` line per
 * diagnostic (1-based, as editors and SARIF expect), optionally followed by a
 * code frame (the `[edit ...]` context, the source line and carets under the
 * subject) and `note:` lines for related places.
 */
import type { Diagnostic } from './diagnostic.js';
import { editPath, Positions, type Sources } from './render-position.js';

export interface RenderTextOptions {
  /** Source texts by name; without a source's text only the path is shown. */
  readonly sources?: Sources;
  /** Add a code frame under each diagnostic. */
  readonly frame?: boolean;
}

function where(d: Diagnostic): string {
  return d.statement ? `${editPath(d.path)} '${d.statement}'` : editPath(d.path);
}

/** Renders diagnostics as compiler-style lines (+ frames). Ends with a newline when non-empty. */
export function renderText(diagnostics: readonly Diagnostic[], opts: RenderTextOptions = {}): string {
  const pos = new Positions(opts.sources);
  const out: string[] = [];
  for (const d of diagnostics) {
    const p = pos.of(d.span);
    const head = p ? `${p.source}:${p.line}:${p.col}` : (d.span?.source ?? 'pkicfg');
    const ctx = !p && d.path ? ` (${where(d)})` : '';
    out.push(`${head}: ${d.severity}: ${d.message}${ctx} [${d.code}]`);
    if (opts.frame && p && d.span) {
      if (d.path) out.push(`  ${where(d)}`);
      const ix = pos.index(d.span.source)!;
      const text = ix.lineText(p.line);
      const gutter = String(p.line).length;
      if (p.line > 1)
        out.push(`  ${String(p.line - 1).padStart(gutter)} | ${ix.lineText(p.line - 1)}`.trimEnd());
      out.push(`> ${p.line} | ${text}`.trimEnd());
      const endCol = p.endLine === p.line ? p.endCol : text.length + 1;
      const width = Math.max(1, endCol - p.col);
      out.push(`  ${' '.repeat(gutter)} | ${' '.repeat(p.col - 1)}${'^'.repeat(width)}`);
    }
    if (opts.frame) {
      for (const r of d.related ?? []) {
        const rp = pos.of(r.span);
        out.push(`  note: ${r.message}${rp ? ` (${rp.source}:${rp.line}:${rp.col})` : ''}`);
      }
    }
  }
  return out.length > 0 ? out.join('\n') + '\n' : '';
}
