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
  /**
   * Offset ranges of secret values in a source (syntax/secret-words.ts
   * secretSpans): frames show them as `******`, never as typed.
   */
  readonly secrets?: (source: string) => readonly { readonly start: number; readonly end: number }[];
}

const MASK = '******';

/** A source line with the secrets in it masked, and where a column of the line moved to. */
function masked(
  text: string,
  lineStart: number,
  secrets: readonly { readonly start: number; readonly end: number }[],
): { text: string; col(c: number): number } {
  const cuts = secrets
    .map((r) => ({ start: r.start - lineStart, end: r.end - lineStart }))
    .filter((r) => r.end > 0 && r.start < text.length)
    .sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const c of cuts) {
    out += text.slice(at, Math.max(c.start, at)) + MASK;
    at = Math.min(c.end, text.length);
  }
  out += text.slice(at);
  return {
    text: out,
    // columns are 1-based; a column inside a secret moves to the mask's start
    col(c) {
      let shift = 0;
      for (const x of cuts) {
        if (c - 1 < x.start) break;
        if (c - 1 < x.end) return x.start + shift + 1;
        shift += MASK.length - (x.end - x.start);
      }
      return c + shift;
    },
  };
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
      const secrets = opts.secrets?.(d.span.source) ?? [];
      const lineOf = (n: number) => masked(ix.lineText(n), ix.lineStart(n), secrets);
      const raw = ix.lineText(p.line);
      const line = lineOf(p.line);
      const gutter = String(p.line).length;
      if (p.line > 1)
        out.push(`  ${String(p.line - 1).padStart(gutter)} | ${lineOf(p.line - 1).text}`.trimEnd());
      out.push(`> ${p.line} | ${line.text}`.trimEnd());
      const col = line.col(p.col);
      const endCol = line.col(p.endLine === p.line ? p.endCol : raw.length + 1);
      // a subject that is a secret gets carets under the whole mask
      const width = Math.max(1, endCol === col && p.endCol > p.col ? MASK.length : endCol - col);
      out.push(`  ${' '.repeat(gutter)} | ${' '.repeat(col - 1)}${'^'.repeat(width)}`);
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
