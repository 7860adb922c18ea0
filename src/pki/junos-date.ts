/**
 * Junos's date layouts. Certificates: `MM-DD-YYYY HH:MM UTC`, a one-digit month or day space-padded (`04- 3-2018 09:13 UTC`).
 */

/** A certificate date (not-before, not-after, renewal triggers) as Junos prints it. */
export function formatJunosDate(d: Date): string {
  const p2 = (n: number): string => String(n).padStart(2, ' ');
  const z2 = (n: number): string => String(n).padStart(2, '0');
  return `${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())}-${d.getUTCFullYear()} ${z2(d.getUTCHours())}:${z2(d.getUTCMinutes())} UTC`;
}

/**
 * Junos's commit-time layout, `2026-09-02 09:31:02 UTC` (`show system commit`,
 * `commit at`, log lines). commit/lock.ts formatTime prints the same layout for
 * the commit stage, which the layering keeps from importing pki/.
 */
export function formatJunosTime(d: Date): string {
  const z2 = (n: number): string => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${z2(d.getUTCMonth() + 1)}-${z2(d.getUTCDate())} ${z2(d.getUTCHours())}:${z2(d.getUTCMinutes())}:${z2(d.getUTCSeconds())} UTC`;
}
