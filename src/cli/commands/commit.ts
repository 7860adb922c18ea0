/**
 * `pkicfg commit [--check] [--comment C] [--confirmed MIN] [--wait SEC] [--state DIR]`
 *
 * Commits the shared candidate (Junos `commit`, `commit check`,
 * `commit confirmed N`, `commit comment "..."`). Prints `commit complete`, or
 * every violation in Junos's failure blocks and changes nothing.
 * Exit status: 0 ok, 1 configuration errors, 2 usage or I/O error, 3 database locked.
 */
import type { CliIO } from '../run.js';
import { intOption, openCliSession, printCommit } from './load.js';
import { HELP_OPTION, STATE_OPTION, ioError, parseCommandArgs, usageError as usage } from '../options.js';
import { WAIT_OPTION, WAIT_USAGE, lockWaitMs, lockedOr } from '../lock-wait.js';

export const COMMIT_USAGE = `usage: pkicfg commit [--check] [--comment C] [--confirmed MIN] [--wait SEC] [--state DIR]
  --check           validate only (configuration check succeeds); confirms a pending commit confirmed
  --comment C       comment shown by \`pkicfg history\`
  --confirmed MIN   roll back automatically after MIN minutes (1..65535, default 10) unless confirmed
                    by a later commit or commit check
${WAIT_USAGE}exit status: 0 ok, 1 configuration errors, 2 usage or I/O error, 3 database locked
`;

export async function commitCommand(args: readonly string[], io: CliIO): Promise<number> {
  const parsed = parseCommandArgs(io, 'commit', COMMIT_USAGE, args, {
    allowPositionals: true,
    options: {
      ...STATE_OPTION,
      check: { type: 'boolean', default: false },
      comment: { type: 'string' },
      confirmed: { type: 'string' },
      ...WAIT_OPTION,
      ...HELP_OPTION,
    },
  });
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  // `--confirmed` without minutes is spelled `--confirmed 10`; a bare trailing
  // `confirmed` positional (Junos style) means the default 10 minutes.
  let confirmed = intOption(values.confirmed);
  if (positionals.length === 1 && positionals[0] === 'confirmed') confirmed = 10;
  else if (positionals.length > 0) return usage(io, 'commit', `unexpected '${positionals[0]}'`, COMMIT_USAGE);
  if (Number.isNaN(confirmed))
    return usage(io, 'commit', '--confirmed takes minutes (1..65535)', COMMIT_USAGE);
  const waitMs = lockWaitMs(values.wait, io.env);
  if (typeof waitMs === 'string') return usage(io, 'commit', waitMs, COMMIT_USAGE);
  try {
    const session = openCliSession(values.state, io, waitMs);
    const r = await session.commit({ check: values.check, comment: values.comment, confirmed });
    return lockedOr(r.diagnostics, printCommit(io, r.value));
  } catch (e) {
    return ioError(io, 'commit', e);
  }
}
