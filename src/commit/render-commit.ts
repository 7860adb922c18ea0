/**
 * Text of commit-stage outcomes in Junos wording (junos-cli.md §5.1, §5.2, §5.4):
 * failure blocks and tails, the lines of a commit or check that succeeds,
 * `show system commit`, and load error lines.
 */
import type { Diagnostic } from '../diag/diagnostic.js';
import { renderJunos } from '../diag/render-junos.js';
import { formatTime } from './lock.js';
import type { AutoRollback, CommitRecord, CommitVia, PendingConfirm } from './store.js';

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

/** The failure block of a commit (or `commit check`) refused by DIAGNOSTICS. */
export function renderFailure(diagnostics: readonly Diagnostic[], check: boolean): string[] {
  return renderJunos(diagnostics, { mode: check ? 'check' : 'commit' })
    .replace(/\n$/, '')
    .split('\n');
}

/** A private session's commit refused by rebase conflicts: each statement under its level. */
export function renderConflicts(conflicts: readonly Diagnostic[]): string[] {
  return [...conflicts.map((d) => `${editBanner(d.path ?? [])}\n    ${d.message}`), 'error: commit failed'];
}

/** The lines of a commit that succeeded: its warnings, the `commit confirmed` notice, `commit complete`. */
export function renderCommitComplete(
  diagnostics: readonly Diagnostic[],
  confirmedMinutes?: number,
): string[] {
  const messages = renderWarnings(diagnostics);
  if (confirmedMinutes !== undefined) {
    messages.push(
      `commit confirmed will be automatically rolled back in ${confirmedMinutes} minutes unless confirmed`,
    );
  }
  messages.push('commit complete');
  return messages;
}

/** What a commit prints first when it found (and enforced) an expired `commit confirmed`. */
export const AUTO_ROLLBACK_MESSAGE = 'Commit was not confirmed; automatic rollback complete.';

/**
 * The `via <how>` word Junos prints: an interactive shell is the Junos CLI
 * (`via cli`), so records an older pkicfg stored as `shell` print as `cli` too.
 */
export function junosVia(via: CommitVia): string {
  return via === 'shell' ? 'cli' : via;
}

/**
 * `show system commit`: most recent first, index in a 4-character field. A
 * `commit confirmed` entry keeps `commit confirmed, rollback in Nmins` (the
 * minutes given) after it is confirmed, as Junos's commit log does
 * (junos-cli.md §5.4); `pending` and `now` are accepted for callers that
 * still pass them.
 */
export function renderHistory(
  records: readonly CommitRecord[],
  _pending?: PendingConfirm,
  _now: number = Date.now(),
): string {
  const lines: string[] = [];
  records.forEach((r, i) => {
    let line = `${String(i).padEnd(4)}${formatTime(r.time)} by ${r.user} via ${junosVia(r.via)}`;
    if (r.confirmed) line += ` commit confirmed, rollback in ${r.confirmed.minutes}mins`;
    lines.push(line);
    if (r.comment) lines.push(`    ${r.comment}`);
  });
  return lines.length ? `${lines.join('\n')}\n` : '';
}

/**
 * The log line of an automatic rollback in Junos terms: Junos's broadcast
 * sentence, then which commits are meant, by commit time and rollback number
 * (the unconfirmed commit is rollback 1 once the rollback is committed as 0),
 * never the store's internal revision numbers.
 */
export function describeAutoRollback(auto: AutoRollback, history: readonly CommitRecord[]): string {
  const at = (seq: number): string | undefined => {
    const r = history.find((h) => h.seq === seq);
    return r ? formatTime(r.time) : undefined;
  };
  const from = at(auto.from);
  const restored = at(auto.restored);
  const parts = [
    restored ? `the configuration committed at ${restored} is active again` : undefined,
    `the unconfirmed commit${from ? ` of ${from}` : ''} is now rollback 1`,
  ].filter((p): p is string => p !== undefined);
  return `Commit was not confirmed; automatic rollback complete (${parts.join(', ')}).`;
}
