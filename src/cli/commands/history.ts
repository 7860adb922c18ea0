/**
 * `pkicfg history [--json] [--state DIR]`
 *
 * The commit history as Junos's `show system commit` prints it (most recent
 * first: index, time, `by USER via cli|shell|api|other`, the comment on its own
 * line, and a pending `commit confirmed`). `--json` prints the records.
 */
import { command } from '../command.js';
import { STATE_OPTION } from '../options.js';
import { openCliSession } from '../cli-session.js';

export const HISTORY_USAGE = `usage: pkicfg history [--json] [--state DIR]
exit status: 0 ok, 2 usage or I/O error
`;

export const historyCommand = command(
  {
    name: 'history',
    usage: HISTORY_USAGE,
    options: { ...STATE_OPTION, json: { type: 'boolean', default: false } },
  },
  async ({ values }, cx) => {
    const session = openCliSession(cx.stateDir(), cx.io);
    cx.io.stdout.write(
      values.json ? `${JSON.stringify(session.store.history(), null, 2)}\n` : session.history(),
    );
    return 0;
  },
);
