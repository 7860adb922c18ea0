/**
 * Text of commit-stage outcomes in Junos wording (junos-cli.md §5.1, §5.2, §5.4):
 * failure blocks and tails, `show system commit`, and load error lines.
 */
import type { Diagnostic } from '../diag/diagnostic.js';
import { LineIndex } from '../diag/line-index.js';
import { formatTime } from './lock.js';
import type { CommitRecord, PendingConfirm } from './store.js';

function quotePathWord(w: string): string {
  return /[\s;{}[\]"#]/.test(w) || w === '' ? `"${w.replace(/(["\\])/g, '\\$1')}"` : w;
}

/** `[edit a b c]` */
export function editBanner(path: readonly string[]): string {
  return path.length === 0 ? '[edit]' : `[edit ${path.map(quotePathWord).join(' ')}]`;
}

/** Warnings of a successful commit, one block each. */
export function renderWarnings(diagnostics: readonly Diagnostic[]): string[] {
  const out: string[] = [];
  for (const d of diagnostics) {
    if (d.severity === 'error') continue;
    // informational lines without a path (e.g. the enrollment plan) print as they are
    if (d.severity === 'info' && d.path === undefined) {
      out.push(d.message);
      continue;
    }
    if (d.path !== undefined) {
      out.push(editBanner(d.path));
      if (d.statement) out.push(`  '${d.statement}'`);
      out.push(`    warning: ${d.message}`);
    } else out.push(d.message.startsWith('warning:') ? d.message : `warning: ${d.message}`);
  }
  return out;
}

/** `show system commit`: most recent first, index in a 4-character field. */
export function renderHistory(
  records: readonly CommitRecord[],
  pending?: PendingConfirm,
  now: number = Date.now(),
): string {
  const lines: string[] = [];
  records.forEach((r, i) => {
    let line = `${String(i).padEnd(4)}${formatTime(r.time)} by ${r.user} via ${r.via}`;
    if (r.confirmed && pending && pending.seq === r.seq) {
      const mins = Math.max(0, Math.ceil((pending.deadline - now) / 60_000));
      line += ` commit confirmed, rollback in ${mins}mins`;
    }
    lines.push(line);
    if (r.comment) lines.push(`    ${r.comment}`);
  });
  return lines.length ? `${lines.join('\n')}\n` : '';
}

/** `source:line:col: error: message` for a diagnostic with a span, given the source texts. */
export function renderLocated(d: Diagnostic, sources: ReadonlyMap<string, string>): string {
  const sev = d.severity;
  if (d.span) {
    const text = sources.get(d.span.source);
    if (text !== undefined) {
      const { line, col } = new LineIndex(text).lineCol(d.span.start);
      return `${d.span.source}:${line}:${col}: ${sev}: ${d.message}`;
    }
    return `${d.span.source}: ${sev}: ${d.message}`;
  }
  if (d.path) return `${editBanner(d.path)}: ${sev}: ${d.message}`;
  return `${sev}: ${d.message}`;
}
