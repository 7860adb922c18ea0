/**
 * `pkicfg rollback N [--commit] [--comment C] [--wait SEC] [--state DIR]`
 *
 * Loads rollback N (0..49; 0 discards the candidate's changes) into the shared
 * candidate and prints `load complete`; `--commit` commits it in the same hold
 * of the lock. Exit status: 0 ok, 1 no such rollback or failed commit, 2 usage
 * or I/O error, 3 database locked.
 */
import { command } from '../command.js';
import { STATE_OPTION, wholeNumberOption } from '../options.js';
import { openCliSession, printCommit, transactionStatus } from '../cli-session.js';
import { WAIT_OPTION, WAIT_USAGE, lockWaitMs } from '../lock-wait.js';

export const ROLLBACK_USAGE = `usage: pkicfg rollback N [--commit] [--comment C] [--wait SEC] [--state DIR]
  N            0..49: 0 discards uncommitted changes, N loads the configuration of N commits ago
  --commit     commit the loaded configuration
${WAIT_USAGE}exit status: 0 ok, 1 no such rollback or failed commit, 2 usage or I/O error, 3 database locked
`;

export const rollbackCommand = command(
  {
    name: 'rollback',
    usage: ROLLBACK_USAGE,
    positionals: true,
    options: {
      ...STATE_OPTION,
      commit: { type: 'boolean', default: false },
      comment: { type: 'string' },
      ...WAIT_OPTION,
    },
  },
  async ({ values, positionals }, cx) => {
    const n = positionals.length === 0 ? 0 : wholeNumberOption(positionals[0]);
    if (n === undefined || Number.isNaN(n) || positionals.length > 1) return cx.usage('expected N (0..49)');
    // as the shell (and Junos) answers `rollback 50`
    if (n > 49) return cx.usage(`Value ${n} is not within range (0..49)`);
    const waitMs = lockWaitMs(values.wait, cx.io.env);
    if (typeof waitMs === 'string') return cx.usage(waitMs);
    const session = openCliSession(cx.stateDir(), cx.io, waitMs);
    const r = await session.transaction(async () => {
      const l = await session.rollback(n);
      if (!l.value) {
        cx.io.stderr.write(`error: ${l.diagnostics[0].message}\n`);
        return 1;
      }
      cx.io.stdout.write(`${l.value.message}\n`);
      if (!values.commit) return 0;
      return printCommit(cx.io, (await session.commit({ comment: values.comment })).value);
    });
    return transactionStatus(cx.io, r);
  },
);
