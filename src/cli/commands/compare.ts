/**
 * `pkicfg compare [--rollback N] [PATH...] [--state DIR]`
 *
 * `show | compare`: the shared candidate against the active configuration (or
 * against rollback N) in Junos's format; prints nothing when they are equal.
 * Exit status: 0 ok, 1 no such rollback, 2 usage or I/O error.
 */
import { parseArgs } from 'node:util';
import type { CliIO } from '../run.js';
import { intOption, openCliSession, STATE_OPTION, usage } from './load.js';

export const COMPARE_USAGE = `usage: pkicfg compare [--rollback N] [PATH...] [--state DIR]
  --rollback N   compare the candidate with rollback N (0..49) instead of the active configuration
  PATH           only the changes at or below this hierarchy, e.g. security pki ca-profile ROOT
exit status: 0 ok, 1 no such rollback, 2 usage or I/O error
`;

export async function compareCommand(args: readonly string[], io: CliIO): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: {
        ...STATE_OPTION,
        rollback: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    return usage(io, 'compare', (e as Error).message, COMPARE_USAGE);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout.write(COMPARE_USAGE);
    return 0;
  }
  const n = intOption(values.rollback);
  if (Number.isNaN(n) || (n !== undefined && n > 49))
    return usage(io, 'compare', '--rollback takes 0..49', COMPARE_USAGE);
  try {
    const session = openCliSession(values.state, io);
    const r = session.compare({ rollback: n, path: positionals });
    if (r.diagnostics.length) {
      io.stderr.write(`error: ${r.diagnostics[0].message}\n`);
      return 1;
    }
    io.stdout.write(r.value);
    return 0;
  } catch (e) {
    io.stderr.write(`pkicfg compare: ${(e as Error).message}\n`);
    return 2;
  }
}
