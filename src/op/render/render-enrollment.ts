/**
 * `show security pki enrollment` and `show security pki enrollment timeline`
 * as text (Junos-style columns, Junos dates, src/pki/junos-date.ts), from the
 * status rows of src/enroll/status.ts. One row per local certificate and
 * ca-profile; the last attempt and its result in words on the line below.
 */
import { formatJunosDate } from '../../pki/junos-date.js';
import type { StatusRow } from '../../enroll/status.js';

const date = (d: Date | undefined): string => (d ? formatJunosDate(d) : '-');

function table(head: readonly string[], body: readonly (readonly string[])[]): string[] {
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(head), ...body.map(line)];
}

/** The status table. */
export function renderEnrollmentStatus(rows: readonly StatusRow[]): string {
  if (rows.length === 0) return '';
  const head = ['Certificate', 'Type', 'State', 'Not after', 'Renewal trigger', 'Attempts', 'Next retry'];
  const body = rows.map((r) => [
    r.name,
    r.type === 'ca-profile' ? 'CA' : (r.protocol ?? 'local').toUpperCase().replace('CMPV2', 'CMPv2'),
    r.state,
    date(r.notAfter),
    date(r.renewalAt),
    String(r.attempts),
    date(r.nextRetryAt),
  ]);
  const lines = table(head, body);
  const out: string[] = [lines[0]];
  rows.forEach((r, i) => {
    out.push(lines[i + 1]);
    if (r.lastAttemptAt)
      out.push(`  Last attempt ${formatJunosDate(r.lastAttemptAt)}: ${r.lastResult ?? ''}`);
    if (r.note) out.push(`  ${r.note}`);
  });
  return out.join('\n') + '\n';
}

const BAR = 40;

/**
 * The timeline as a table: each certificate's validity as a text bar of 40
 * columns from the earliest not-before to the latest not-after shown, `|` the
 * renewal trigger, `x` a retry, `^` today; then the dates.
 */
export function renderEnrollmentTimeline(rows: readonly StatusRow[], now: Date): string {
  const shown = rows.filter((r) => r.notBefore && r.notAfter);
  if (shown.length === 0) return '';
  const t0 = Math.min(now.getTime(), ...shown.map((r) => r.notBefore!.getTime()));
  const t1 = Math.max(now.getTime(), ...shown.map((r) => r.notAfter!.getTime()));
  const col = (d: Date): number =>
    Math.min(BAR - 1, Math.round(((d.getTime() - t0) / (t1 - t0 || 1)) * (BAR - 1)));
  const body = shown.map((r) => {
    const bar = Array.from({ length: BAR }, () => ' ');
    for (let i = col(r.notBefore!); i <= col(r.notAfter!); i++) bar[i] = '=';
    if (r.renewalAt) bar[col(r.renewalAt)] = '|';
    if (r.nextRetryAt) bar[col(r.nextRetryAt)] = 'x';
    bar[col(now)] = '^';
    return [
      r.name,
      r.state,
      date(r.notBefore),
      date(r.renewalAt),
      date(r.nextRetryAt),
      date(r.notAfter),
      `[${bar.join('')}]`,
    ];
  });
  const lines = table(
    ['Certificate', 'State', 'Not before', 'Renewal trigger', 'Next retry', 'Not after', 'Validity'],
    body,
  );
  return (
    [...lines, `Now ${formatJunosDate(now)}; bar: = valid, | renewal trigger, x retry, ^ now`].join('\n') +
    '\n'
  );
}
