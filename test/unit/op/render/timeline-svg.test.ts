/**
 * The timeline picture (render-timeline-svg.ts), checked as a user sees it:
 * rendered to PNG by rsvg-convert and read back with pngjs (test/svg-pixels.ts).
 * The pixels at the positions the geometry gives must have the colours the
 * legend promises: the state colour of each
 * validity bar, the renewal window, the retry dot, the line of now. A
 * certificate id full of XML specials must still give a valid document.
 */
import { describe, expect, it } from '@jest/globals';
import type { StatusRow } from '../../../../src/enroll/status.js';
import {
  NOW_COLOUR,
  RENEWAL_WINDOW_COLOUR,
  RETRY_COLOUR,
  STATE_COLOUR,
  renderTimelineSvg,
  timelineGeometry,
} from '../../../../src/op/render/render-timeline-svg.js';
import { expectColour, near, renderSvg } from '../../../svg-pixels.js';

const DAY = 86_400_000;
const NOW = new Date('2026-12-07T12:00:00Z');
const at = (d: number): Date => new Date(NOW.getTime() + d * DAY);

const row = (r: Partial<StatusRow> & Pick<StatusRow, 'name' | 'state'>): StatusRow => ({
  type: 'local-certificate',
  attempts: 0,
  failures: 0,
  ...r,
});

const ROWS: StatusRow[] = [
  row({ name: 'ready', state: 'Ready', notBefore: at(-10), notAfter: at(20), renewalAt: at(17) }),
  row({
    name: 'failing',
    state: 'Failed',
    notBefore: at(-28),
    notAfter: at(2),
    renewalAt: at(-1),
    nextRetryAt: at(1),
    attempts: 3,
    failures: 3,
  }),
  row({ name: `<ex&"pired'>`, state: 'Expired', notBefore: at(-20), notAfter: at(-5), renewalAt: at(-6) }),
  // no certificate yet: not drawn
  row({ name: 'new', state: 'Pending' }),
];

describe('the timeline SVG rendered by rsvg-convert', () => {
  const svg = renderTimelineSvg(ROWS, NOW);
  const g = timelineGeometry(ROWS, NOW);
  const pic = renderSvg(svg);

  it('has the size of the geometry and one group per drawn certificate, text escaped', () => {
    expect([pic.width, pic.height]).toEqual([g.width, g.height]);
    expect(g.rows.map((r) => r.name)).toEqual(['ready', 'failing', `<ex&"pired'>`]);
    expect(svg.match(/<g class="certificate">/g)).toHaveLength(3);
    expect(svg).toContain('&lt;ex&amp;"pired\'&gt;');
    expect(svg).toContain('Certificate timeline, now 12- 7-2026 12:00 UTC');
    // the legend names every colour and mark
    for (const label of [
      'Ready',
      'Renewing',
      'Pending',
      'Failed',
      'Expired',
      'renewal window',
      'retry',
      'now',
    ])
      expect(svg).toMatch(new RegExp(`>\\s*${label}\\s*</text>`));
  });

  it('each bar has its state colour before the trigger and the renewal-window colour after it', () => {
    const y = (i: number): number => g.barMiddle(i);
    expectColour(pic, g.x(at(-5)), y(0), STATE_COLOUR.Ready);
    expectColour(pic, g.x(at(18.5)), y(0), RENEWAL_WINDOW_COLOUR);
    expectColour(pic, g.x(at(-15)), y(1), STATE_COLOUR.Failed);
    expectColour(pic, g.x(at(1.8)), y(1), RENEWAL_WINDOW_COLOUR);
    expectColour(pic, g.x(at(-12)), y(2), STATE_COLOUR.Expired);
    // outside a validity: no bar (white, or a light grid line)
    for (const [d, i] of [
      [-15, 0],
      [10, 2],
      [5, 1],
    ] as const)
      expect(pic.pixel(g.x(at(d)), y(i)).every((c) => c >= 200)).toBe(true);
  });

  it('a red dot at the scheduled retry, and the line of now across the rows', () => {
    expectColour(pic, g.x(at(1)), g.barMiddle(1), RETRY_COLOUR);
    // the retry dot sits only on the failing row
    expect(near(pic.pixel(g.x(at(1)), g.barMiddle(0)), RETRY_COLOUR)).toBe(false);
    const xn = g.x(NOW);
    for (const y of [g.barMiddle(0) + 22, g.barMiddle(1) + 22, g.barMiddle(2) + 22]) {
      const hits = [-1, 0, 1].filter((dx) => near(pic.pixel(xn + dx, y), NOW_COLOUR));
      expect(hits.length).toBeGreaterThan(0);
    }
    // and nowhere else on that level
    expect(near(pic.pixel(xn + 40, g.barMiddle(0) + 22), NOW_COLOUR)).toBe(false);
  });
});
