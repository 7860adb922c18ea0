/**
 * `pkicfg history [--json] [--state DIR]`
 *
 * The commit history as Junos's `show system commit` prints it (most recent
 * first: index, time, `by USER via cli|shell|api|other`, the comment on its own
 * line, and a pending `commit confirmed`). `--json` prints the records.
 */
import type { CliIO } from '../run.js';
import { openCliSession } from './load.js';
import { HELP_OPTION, STATE_OPTION, ioError, parseCommandArgs } from '../options.js';

export const HISTORY_USAGE = `usage: pkicfg history [--json] [--state DIR]
exit status: 0 ok, 2 usage or I/O error
`;

export async function historyCommand(args: readonly string[], io: CliIO): Promise<number> {
  const parsed = parseCommandArgs(io, 'history', HISTORY_USAGE, args, {
    allowPositionals: false,
    options: {
      ...STATE_OPTION,
      json: { type: 'boolean', default: false },
      ...HELP_OPTION,
    },
  });
  if (typeof parsed === 'number') return parsed;
  try {
    const session = openCliSession(parsed.values.state, io);
    if (parsed.values.json) io.stdout.write(`${JSON.stringify(session.store.history(), null, 2)}\n`);
    else io.stdout.write(session.history());
    return 0;
  } catch (e) {
    return ioError(io, 'history', e);
  }
}
