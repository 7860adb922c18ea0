/**
 * `pkicfg timeline [--state DIR] [--svg FILE]`: the enrollment timeline, as
 * the table of `show security pki enrollment timeline`, or with --svg as a
 * picture written to FILE (src/op/render/render-timeline-svg.ts), saying where.
 */
import { resolve } from 'node:path';
import type { CliIO } from '../run.js';
import { HELP_OPTION, ioError, parseCommandArgs, STATE_OPTION } from '../options.js';
import { stateDirOption } from '../state-dir-option.js';
import { systemClock } from '../../enroll/clock.js';
import { renderEnrollmentTimeline } from '../../op/render/render-enrollment.js';
import { renderTimelineSvg } from '../../op/render/render-timeline-svg.js';
import { cliStatus } from './status-source.js';
import { writeExportFile } from '../../op/export-file.js';

export const TIMELINE_USAGE = `usage: pkicfg timeline [--state DIR] [--svg FILE]
  --state DIR   state directory (default $PKICFG_STATE, $XDG_STATE_HOME/pkicfg, ~/.local/state/pkicfg)
  --svg FILE    write the timeline as an SVG picture to FILE
`;

export async function timelineCommand(args: readonly string[], io: CliIO): Promise<number> {
  const parsed = parseCommandArgs(io, 'timeline', TIMELINE_USAGE, args, {
    options: { ...STATE_OPTION, svg: { type: 'string' }, ...HELP_OPTION },
    strict: true,
  });
  if (typeof parsed === 'number') return parsed;
  try {
    const stateDir = stateDirOption(parsed.values.state, io.env);
    const now = (io.clock ?? systemClock).now();
    const rows = cliStatus(stateDir, now);
    if (parsed.values.svg !== undefined) {
      const file = resolve(parsed.values.svg);
      // a file the user named: never through a planted symlink (op/export-file.ts)
      const w = writeExportFile(file, renderTimelineSvg(rows, now));
      if (!w.ok) {
        io.stderr.write(`pkicfg timeline: could not write '${file}': ${w.reason}\n`);
        return 2;
      }
      io.stdout.write(`Timeline written to ${file}\n`);
    } else io.stdout.write(renderEnrollmentTimeline(rows, now));
    return Promise.resolve(0);
  } catch (e) {
    return ioError(io, 'timeline', e);
  }
}
