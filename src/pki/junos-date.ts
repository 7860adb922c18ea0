/** Junos's certificate date layout: `MM-DD-YYYY HH:MM UTC`, a one-digit month or day space-padded (`04- 3-2018 09:13 UTC`). */

export function formatJunosDate(d: Date): string {
  const p2 = (n: number): string => String(n).padStart(2, ' ');
  const z2 = (n: number): string => String(n).padStart(2, '0');
  return `${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())}-${d.getUTCFullYear()} ${z2(d.getUTCHours())}:${z2(d.getUTCMinutes())} UTC`;
}
