/**
 * `pkicfg rollback N [--commit] [--comment C] [--wait SEC] [--state DIR]`
 *
 * Loads rollback N (0..49; 0 discards the candidate's changes) into the shared
 * candidate and prints `load complete`; `--commit` commits it in the same hold
 * of the lock. Exit status: 0 ok, 1 no such rollback or failed commit, 2 usage
 * or I/O error, 3 database locked.
 */
import type { CliIO } from '../run.js';
import { intOption, openCliSession, printCommit } from './load.js';
import { HELP_OPTION, STATE_OPTION, ioError, parseCommandArgs, usageError as usage } from '../options.js';
import { WAIT_OPTION, WAIT_USAGE, lockWaitMs, lockedOr } from '../lock-wait.js';

export const ROLLBACK_USAGE = `usage: pkicfg rollback N [--commit] [--comment C] [--wait SEC] [--state DIR]
  N            0..49: 0 discards uncommitted changes, N loads the configuration of N commits ago
  --commit     commit the loaded configuration
${WAIT_USAGE}exit status: 0 ok, 1 no such rollback or failed commit, 2 usage or I/O error, 3 database locked
`;

export async function rollbackCommand(args: readonly string[], io: CliIO): Promise<number> {
  const parsed = parseCommandArgs(io, 'rollback', ROLLBACK_USAGE, args, {
    allowPositionals: true,
    options: {
      ...STATE_OPTION,
      commit: { type: 'boolean', default: false },
      comment: { type: 'string' },
      ...WAIT_OPTION,
      ...HELP_OPTION,
    },
  });
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const n = positionals.length === 0 ? 0 : intOption(positionals[0]);
  if (n === undefined || Number.isNaN(n) || positionals.length > 1)
    return usage(io, 'rollback', 'expected N (0..49)', ROLLBACK_USAGE);
  // as the shell (and Junos) answers `rollback 50`
  if (n > 49) return usage(io, 'rollback', `Value ${n} is not within range (0..49)`, ROLLBACK_USAGE);
  const waitMs = lockWaitMs(values.wait, io.env);
  if (typeof waitMs === 'string') return usage(io, 'rollback', waitMs, ROLLBACK_USAGE);
  try {
    const session = openCliSession(values.state, io, waitMs);
    const r = await session.transaction(async () => {
      const l = await session.rollback(n);
      if (!l.value) {
        io.stderr.write(`error: ${l.diagnostics[0].message}\n`);
        return 1;
      }
      io.stdout.write(`${l.value.message}\n`);
      if (!values.commit) return 0;
      return printCommit(io, (await session.commit({ comment: values.comment })).value);
    });
    if (r.value === undefined) {
      io.stderr.write(`${r.diagnostics.map((d) => d.message).join('\n')}\n`);
      return lockedOr(r.diagnostics, 1);
    }
    return r.value;
  } catch (e) {
    return ioError(io, 'rollback', e);
  }
}
