/**
 * `pkicfg status [--state DIR] [--json]`: one row per local certificate and
 * ca-profile: state (Ready / Renewing / Pending / Failed / Expired), not-after,
 * renewal trigger, last attempt and its result, attempts, next retry
 * (src/enroll/status.ts; the same as `show security pki enrollment`).
 * `--json` prints the rows for tools (ISO 8601 dates). Exit 0, 2 usage.
 */
import { command } from '../command.js';
import { STATE_HELP, STATE_OPTION } from '../options.js';
import { statusJson } from '../../enroll/status.js';
import { renderEnrollmentStatus } from '../../op/render/render-enrollment.js';
import { statusNow } from './status-source.js';

export const STATUS_USAGE = `usage: pkicfg status [--state DIR] [--json]
  --state DIR   ${STATE_HELP}
  --json        the rows as JSON (ISO 8601 dates)
`;

export const statusCommand = command(
  {
    name: 'status',
    usage: STATUS_USAGE,
    options: { ...STATE_OPTION, json: { type: 'boolean', default: false } },
  },
  async ({ values }, cx) => {
    const { rows, now } = statusNow(cx.stateDir(), cx.io);
    cx.io.stdout.write(
      values.json ? JSON.stringify(statusJson(rows, now), null, 2) + '\n' : renderEnrollmentStatus(rows),
    );
    return 0;
  },
);
