/**
 * `pkicfg compare [--rollback N] [PATH...] [--state DIR]`
 *
 * `show | compare`: the shared candidate against the active configuration (or
 * against rollback N) in Junos's format; prints nothing when they are equal.
 * Exit status: 0 ok, 1 no such rollback, 2 usage or I/O error.
 */
import { command } from '../command.js';
import { STATE_OPTION, wholeNumberOption } from '../options.js';
import { openCliSession } from '../cli-session.js';

export const COMPARE_USAGE = `usage: pkicfg compare [--rollback N] [PATH...] [--state DIR]
  --rollback N   compare the candidate with rollback N (0..49) instead of the active configuration
  PATH           only the changes at or below this hierarchy, e.g. security pki ca-profile ROOT
exit status: 0 ok, 1 no such rollback, 2 usage or I/O error
`;

export const compareCommand = command(
  {
    name: 'compare',
    usage: COMPARE_USAGE,
    positionals: true,
    options: { ...STATE_OPTION, rollback: { type: 'string' } },
  },
  async ({ values, positionals }, cx) => {
    const n = wholeNumberOption(values.rollback);
    if (Number.isNaN(n) || (n !== undefined && n > 49)) return cx.usage('--rollback takes 0..49');
    const r = openCliSession(cx.stateDir(), cx.io).compare({ rollback: n, path: positionals });
    if (r.diagnostics.length) {
      cx.io.stderr.write(`error: ${r.diagnostics[0].message}\n`);
      return 1;
    }
    cx.io.stdout.write(r.value);
    return 0;
  },
);
