/**
 * `pkicfg status [--state DIR] [--json]`: one row per local certificate and
 * ca-profile: state (Ready / Renewing / Pending / Failed / Expired), not-after,
 * renewal trigger, last attempt and its result, attempts, next retry
 * (src/enroll/status.ts; the same as `show security pki enrollment`).
 * `--json` prints the rows for tools (ISO 8601 dates). Exit 0, 2 usage.
 */
import type { CliIO } from '../run.js';
import { HELP_OPTION, ioError, parseCommandArgs, STATE_OPTION } from '../options.js';
import { stateDirOption } from '../state-dir-option.js';
import { systemClock } from '../../enroll/clock.js';
import { statusJson } from '../../enroll/status.js';
import { renderEnrollmentStatus } from '../../op/render/render-enrollment.js';
import { cliStatus } from './status-source.js';

export const STATUS_USAGE = `usage: pkicfg status [--state DIR] [--json]
  --state DIR   state directory (default $PKICFG_STATE, $XDG_STATE_HOME/pkicfg, ~/.local/state/pkicfg)
  --json        the rows as JSON (ISO 8601 dates)
`;

export async function statusCommand(args: readonly string[], io: CliIO): Promise<number> {
  const parsed = parseCommandArgs(io, 'status', STATUS_USAGE, args, {
    options: { ...STATE_OPTION, json: { type: 'boolean', default: false }, ...HELP_OPTION },
    strict: true,
  });
  if (typeof parsed === 'number') return parsed;
  try {
    const stateDir = stateDirOption(parsed.values.state, io.env);
    const now = (io.clock ?? systemClock).now();
    const rows = cliStatus(stateDir, now);
    io.stdout.write(
      parsed.values.json
        ? JSON.stringify(statusJson(rows, now), null, 2) + '\n'
        : renderEnrollmentStatus(rows),
    );
    return Promise.resolve(0);
  } catch (e) {
    return ioError(io, 'status', e);
  }
}
