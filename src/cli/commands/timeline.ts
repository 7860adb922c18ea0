/**
 * `pkicfg timeline [--state DIR] [--svg FILE]`: the enrollment timeline, as
 * the table of `show security pki enrollment timeline`, or with --svg as a
 * picture written to FILE (src/op/render/render-timeline-svg.ts), saying where.
 */
import { resolve } from 'node:path';
import { command } from '../command.js';
import { STATE_HELP, STATE_OPTION } from '../options.js';
import { renderEnrollmentTimeline } from '../../op/render/render-enrollment.js';
import { renderTimelineSvg } from '../../op/render/render-timeline-svg.js';
import { statusNow } from './status-source.js';
import { writeExportFile } from '../../op/export-file.js';

export const TIMELINE_USAGE = `usage: pkicfg timeline [--state DIR] [--svg FILE]
  --state DIR   ${STATE_HELP}
  --svg FILE    write the timeline as an SVG picture to FILE
`;

export const timelineCommand = command(
  {
    name: 'timeline',
    usage: TIMELINE_USAGE,
    options: { ...STATE_OPTION, svg: { type: 'string' } },
  },
  async ({ values }, cx) => {
    const { rows, now } = statusNow(cx.stateDir(), cx.io);
    if (values.svg === undefined) {
      cx.io.stdout.write(renderEnrollmentTimeline(rows, now));
      return 0;
    }
    const file = resolve(values.svg);
    // a file the user named: never through a planted symlink (op/export-file.ts)
    const w = writeExportFile(file, renderTimelineSvg(rows, now));
    if (!w.ok) {
      cx.io.stderr.write(`pkicfg timeline: could not write '${file}': ${w.reason}\n`);
      return 2;
    }
    cx.io.stdout.write(`Timeline written to ${file}\n`);
    return 0;
  },
);
