/**
 * `pkicfg commit [--check] [--comment C] [--confirmed MIN] [--wait SEC] [--state DIR]`
 *
 * Commits the shared candidate (Junos `commit`, `commit check`,
 * `commit confirmed N`, `commit comment "..."`). Prints `commit complete`, or
 * every violation in Junos's failure blocks and changes nothing.
 * Exit status: 0 ok, 1 configuration errors, 2 usage or I/O error, 3 database locked.
 */
import { command } from '../command.js';
import { STATE_OPTION } from '../options.js';
import { COMMIT_OPTIONS, confirmedMinutes } from '../commit-options.js';
import { openCliSession, printCommit } from '../cli-session.js';
import { WAIT_OPTION, WAIT_USAGE, lockWaitMs, lockedOr } from '../lock-wait.js';

export const COMMIT_USAGE = `usage: pkicfg commit [--check] [--comment C] [--confirmed MIN] [--wait SEC] [--state DIR]
  --check           validate only (configuration check succeeds); confirms a pending commit confirmed
  --comment C       comment shown by \`pkicfg history\`
  --confirmed MIN   roll back automatically after MIN minutes (1..65535, default 10) unless confirmed
                    by a later commit or commit check
${WAIT_USAGE}exit status: 0 ok, 1 configuration errors, 2 usage or I/O error, 3 database locked
`;

export const commitCommand = command(
  {
    name: 'commit',
    usage: COMMIT_USAGE,
    positionals: true,
    options: { ...STATE_OPTION, ...COMMIT_OPTIONS, ...WAIT_OPTION },
  },
  async ({ values, positionals }, cx) => {
    // `--confirmed` without minutes is spelled `--confirmed 10`; a bare trailing
    // `confirmed` positional (Junos style) means the default 10 minutes.
    let confirmed = confirmedMinutes(values.confirmed);
    if (positionals.length === 1 && positionals[0] === 'confirmed') confirmed = 10;
    else if (positionals.length > 0) return cx.usage(`unexpected '${positionals[0]}'`);
    if (typeof confirmed === 'string') return cx.usage(confirmed);
    const waitMs = lockWaitMs(values.wait, cx.io.env);
    if (typeof waitMs === 'string') return cx.usage(waitMs);
    const session = openCliSession(cx.stateDir(), cx.io, waitMs);
    const r = await session.commit({ check: values.check, comment: values.comment, confirmed });
    return lockedOr(r.diagnostics, printCommit(cx.io, r.value));
  },
);
