/**
 * `pkicfg shell [-c "CMD; CMD"] [--state DIR] [--echo] [--wait SEC]`: the mini Junos CLI.
 * On a terminal it is interactive (`?`, TAB, history, pager); with `-c` or a
 * script on standard input it runs the commands and exits 1 if one failed
 * (3 if the configuration lock refused one).
 */
import { join } from 'node:path';
import { command } from '../command.js';
import { STATE_HELP, STATE_OPTION } from '../options.js';
import { readStdin } from '../input-file.js';
import { WAIT_OPTION, WAIT_USAGE, lockWaitMs } from '../lock-wait.js';
import { defaultLanguage } from '../../commit/default-language.js';
import { currentUser } from '../../commit/lock.js';
import { openStore } from '../../commit/store.js';
import { languagePort } from '../../shell/shell-language.js';
import { runInteractive, runScript, type ShellEnv } from '../../shell/run-shell.js';
import { StoreBackend } from '../../shell/store-backend.js';
import { opPort } from '../../shell/op-port.js';
import { defaultOpTree } from '../../op/commands.js';
import { cliAppliers } from '../appliers.js';

export const SHELL_USAGE = `usage: pkicfg shell [-c COMMANDS] [--echo] [--wait SEC] [--state DIR]
  -c, --command COMMANDS  run the commands (separated by ';' outside quotes, or newlines) and exit
  --echo                  print each command after its prompt (a transcript)
  -y, --yes               answer yes to [yes,no] questions (scripts; default: each question's default)
${WAIT_USAGE.replace('  --wait SECONDS    ', '  --wait SECONDS          ')}  --state DIR             ${STATE_HELP}
Without -c, the shell is interactive on a terminal and reads a script from standard input otherwise.
exit status: 0 ok, 1 a command failed, 2 usage or I/O error, 3 the configuration database was locked
`;

export const shellCommand = command(
  {
    name: 'shell',
    usage: SHELL_USAGE,
    options: {
      command: { type: 'string', short: 'c' },
      echo: { type: 'boolean', default: false },
      yes: { type: 'boolean', short: 'y', default: false },
      ...WAIT_OPTION,
      ...STATE_OPTION,
    },
  },
  async ({ values }, cx) => {
    const { io } = cx;
    const waitMs = lockWaitMs(values.wait, io.env);
    if (typeof waitMs === 'string') return cx.usage(waitMs);
    const stateDir = cx.stateDir();
    const store = openStore(stateDir);
    const interactive = values.command === undefined && Boolean((io.stdin as NodeJS.ReadStream).isTTY);
    const env: ShellEnv = {
      user: currentUser(io.env),
      backend: new StoreBackend({
        store,
        language: defaultLanguage(),
        appliers: cliAppliers(stateDir),
        terminal: process.stdin.isTTY ? (io.env.SSH_TTY ?? 'tty').replace('/dev/', '') : 'none',
        lockWaitMs: waitMs,
      }),
      language: languagePort(),
      op: opPort({
        tree: defaultOpTree(),
        stateDir,
        cwd: process.cwd(),
        env: io.env,
        interactive,
        activeConfig: () => store.active(),
      }),
    };
    const script = { echo: values.echo, yes: values.yes };
    if (values.command !== undefined) return runScript(env, values.command, io.stdout, io.stderr, script);
    const stdin = io.stdin as NodeJS.ReadStream;
    const stdout = io.stdout as NodeJS.WriteStream;
    if (stdin.isTTY && stdout.isTTY)
      return runInteractive(env, stdin, stdout, join(stateDir, 'shell_history'));
    return runScript(env, await readStdin(io), io.stdout, io.stderr, script);
  },
);
