/**
 * `pkicfg timeline --svg FILE`: the enrollment timeline as an SVG picture.
 * Each certificate's validity is a bar (its colour says the state) from
 * not-before to the renewal trigger, the renewal window (trigger to
 * not-after) in amber, a black tick at the trigger, a red dot at a scheduled
 * retry, a dark tick at expiry, a blue line for now, and a legend under the
 * axis. Dates map to x with
 * d3-scale's UTC time scale (which also picks the axis ticks), and the
 * document is built with xmlbuilder2, which escapes every text and attribute:
 * certificate ids are user text.
 */
import { scaleUtc } from 'd3-scale';
import { create } from 'xmlbuilder2';
import type { StatusRow, EnrollmentState } from '../../enroll/status.js';
import { formatJunosDate } from '../../pki/junos-date.js';

export const STATE_COLOUR: Record<EnrollmentState, string> = {
  Ready: '#2e7d32',
  Renewing: '#00897b',
  Pending: '#1565c0',
  Failed: '#c62828',
  Expired: '#757575',
  Revoked: '#6a1b9a',
};
export const RENEWAL_WINDOW_COLOUR = '#ffb300';
export const NOW_COLOUR = '#1e88e5';
export const RETRY_COLOUR = '#d50000';

const WIDTH = 960;
const LEFT = 200;
const RIGHT = 40;
const TOP = 50;
const ROW = 44;
const BAR_H = 18;
/** The legend line under the axis. */
const LEGEND_H = 24;

export interface TimelineGeometry {
  readonly width: number;
  readonly height: number;
  /** x of a date. */
  x(d: Date): number;
  /** y of the middle of row I's bar. */
  barMiddle(i: number): number;
  /** About N round dates for the axis. */
  ticks(n: number): Date[];
  /** The rows drawn (those with a certificate), in order. */
  readonly rows: readonly StatusRow[];
}

/** Where things are drawn (exported for tests that check rendered pixels). */
export function timelineGeometry(all: readonly StatusRow[], now: Date): TimelineGeometry {
  const rows = all.filter((r) => r.notBefore && r.notAfter);
  const t0 = Math.min(now.getTime(), ...rows.map((r) => r.notBefore!.getTime()));
  const t1 = Math.max(now.getTime(), ...rows.map((r) => r.notAfter!.getTime()), t0 + 3_600_000);
  const scale = scaleUtc()
    .domain([new Date(t0), new Date(t1)])
    .range([LEFT, WIDTH - RIGHT]);
  return {
    width: WIDTH,
    height: TOP + ROW * Math.max(1, rows.length) + 40 + LEGEND_H,
    x: (d) => scale(d),
    ticks: (n) => scale.ticks(n),
    barMiddle: (i) => TOP + ROW * i + ROW / 2,
    rows,
  };
}

/** The SVG document (UTF-8 text). */
export function renderTimelineSvg(all: readonly StatusRow[], now: Date): string {
  const g = timelineGeometry(all, now);
  const doc = create({ version: '1.0', encoding: 'UTF-8' }).ele('svg', {
    xmlns: 'http://www.w3.org/2000/svg',
    width: g.width,
    height: g.height,
    viewBox: `0 0 ${g.width} ${g.height}`,
    'font-family': 'sans-serif',
    'font-size': 12,
  });
  doc.ele('title').txt('pkicfg enrollment timeline');
  doc.ele('rect', { x: 0, y: 0, width: g.width, height: g.height, fill: '#ffffff' });
  doc
    .ele('text', { x: 10, y: 22, 'font-size': 14, 'font-weight': 'bold' })
    .txt(`Certificate timeline, now ${formatJunosDate(now)}`);
  const axisY = g.height - 30 - LEGEND_H;
  for (const t of g.ticks(6)) {
    const x = g.x(t);
    doc.ele('line', { x1: x, x2: x, y1: TOP - 6, y2: axisY, stroke: '#e0e0e0' });
    doc
      .ele('text', { x, y: axisY + 16, 'text-anchor': 'middle', fill: '#424242' })
      .txt(formatJunosDate(t).replace(/ UTC$/, ''));
  }
  g.rows.forEach((r, i) => {
    const y = g.barMiddle(i);
    const x0 = g.x(r.notBefore!);
    const x1 = g.x(r.notAfter!);
    const xr = r.renewalAt ? Math.max(x0, Math.min(x1, g.x(r.renewalAt))) : x1;
    const item = doc.ele('g', { class: 'certificate' });
    item.ele('title').txt(`${r.name}: ${r.state}, not after ${formatJunosDate(r.notAfter!)}`);
    item.ele('text', { x: 10, y: y + 4 }).txt(r.name);
    item.ele('text', { x: 10, y: y + 17, 'font-size': 10, fill: STATE_COLOUR[r.state] }).txt(r.state);
    item.ele('rect', {
      x: x0,
      y: y - BAR_H / 2,
      width: Math.max(1, xr - x0),
      height: BAR_H,
      fill: STATE_COLOUR[r.state],
    });
    if (xr < x1)
      item.ele('rect', {
        x: xr,
        y: y - BAR_H / 2,
        width: x1 - xr,
        height: BAR_H,
        fill: RENEWAL_WINDOW_COLOUR,
      });
    if (r.renewalAt)
      item.ele('line', {
        x1: xr,
        x2: xr,
        y1: y - BAR_H / 2 - 4,
        y2: y + BAR_H / 2 + 4,
        stroke: '#000000',
        'stroke-width': 2,
      });
    item.ele('line', {
      x1,
      x2: x1,
      y1: y - BAR_H / 2 - 4,
      y2: y + BAR_H / 2 + 4,
      stroke: '#212121',
      'stroke-width': 2,
    });
    if (r.nextRetryAt)
      item.ele('circle', { cx: g.x(r.nextRetryAt), cy: y, r: 5, fill: RETRY_COLOUR, stroke: '#ffffff' });
  });
  const xn = g.x(now);
  doc.ele('line', { x1: xn, x2: xn, y1: TOP - 10, y2: axisY, stroke: NOW_COLOUR, 'stroke-width': 2 });
  doc.ele('text', { x: xn + 3, y: TOP - 12, fill: NOW_COLOUR }).txt('now');
  legend(doc, g.height - 14);
  return doc.end({ prettyPrint: true }) + '\n';
}

/** What the colours and marks mean, on one line at Y. */
function legend(doc: ReturnType<typeof create>, y: number): void {
  const items: [string, (x: number) => void][] = [
    ...(Object.entries(STATE_COLOUR) as [EnrollmentState, string][]).map(
      ([state, fill]): [string, (x: number) => void] => [
        state,
        (x) => void doc.ele('rect', { x, y: y - 9, width: 12, height: 10, fill }),
      ],
    ),
    [
      'renewal window',
      (x) => void doc.ele('rect', { x, y: y - 9, width: 12, height: 10, fill: RENEWAL_WINDOW_COLOUR }),
    ],
    ['retry', (x) => void doc.ele('circle', { cx: x + 6, cy: y - 4, r: 5, fill: RETRY_COLOUR })],
    [
      'now',
      (x) =>
        void doc.ele('line', {
          x1: x + 6,
          x2: x + 6,
          y1: y - 11,
          y2: y + 2,
          stroke: NOW_COLOUR,
          'stroke-width': 2,
        }),
    ],
  ];
  let x = 10;
  for (const [label, mark] of items) {
    mark(x);
    doc.ele('text', { x: x + 16, y, 'font-size': 11, fill: '#424242' }).txt(label);
    x += 16 + 7 * label.length + 18;
  }
}
