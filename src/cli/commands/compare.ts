/**
 * `pkicfg compare [--rollback N] [PATH...] [--state DIR]`
 *
 * `show | compare`: the shared candidate against the active configuration (or
 * against rollback N) in Junos's format; prints nothing when they are equal.
 * Exit status: 0 ok, 1 no such rollback, 2 usage or I/O error.
 */
import type { CliIO } from '../run.js';
import { intOption, openCliSession } from './load.js';
import { HELP_OPTION, STATE_OPTION, ioError, parseCommandArgs, usageError as usage } from '../options.js';

export const COMPARE_USAGE = `usage: pkicfg compare [--rollback N] [PATH...] [--state DIR]
  --rollback N   compare the candidate with rollback N (0..49) instead of the active configuration
  PATH           only the changes at or below this hierarchy, e.g. security pki ca-profile ROOT
exit status: 0 ok, 1 no such rollback, 2 usage or I/O error
`;

export async function compareCommand(args: readonly string[], io: CliIO): Promise<number> {
  const parsed = parseCommandArgs(io, 'compare', COMPARE_USAGE, args, {
    allowPositionals: true,
    options: {
      ...STATE_OPTION,
      rollback: { type: 'string' },
      ...HELP_OPTION,
    },
  });
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
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
    return ioError(io, 'compare', e);
  }
}
