/**
 * `pkicfg history [--json] [--state DIR]`
 *
 * The commit history as Junos's `show system commit` prints it (most recent
 * first: index, time, `by USER via cli|shell|api|other`, the comment on its own
 * line, and a pending `commit confirmed`). `--json` prints the records.
 */
import { parseArgs } from 'node:util';
import type { CliIO } from '../run.js';
import { openCliSession, STATE_OPTION, usage } from './load.js';

export const HISTORY_USAGE = `usage: pkicfg history [--json] [--state DIR]
exit status: 0 ok, 2 usage or I/O error
`;

export async function historyCommand(args: readonly string[], io: CliIO): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: false,
      options: {
        ...STATE_OPTION,
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    return usage(io, 'history', (e as Error).message, HISTORY_USAGE);
  }
  if (parsed.values.help) {
    io.stdout.write(HISTORY_USAGE);
    return 0;
  }
  try {
    const session = openCliSession(parsed.values.state, io);
    if (parsed.values.json) io.stdout.write(`${JSON.stringify(session.store.history(), null, 2)}\n`);
    else io.stdout.write(session.history());
    return 0;
  } catch (e) {
    io.stderr.write(`pkicfg history: ${(e as Error).message}\n`);
    return 2;
  }
}
