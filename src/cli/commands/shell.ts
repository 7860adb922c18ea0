/**
 * `pkicfg shell [-c "CMD; CMD"] [--state DIR] [--echo] [--wait SEC]`: the mini Junos CLI.
 * On a terminal it is interactive (`?`, TAB, history, pager); with `-c` or a
 * script on standard input it runs the commands and exits 1 if one failed
 * (3 if the configuration lock refused one).
 */
import { join } from 'node:path';
import type { CliIO } from '../run.js';
import { HELP_OPTION, ioError, parseCommandArgs, STATE_OPTION, usageError } from '../options.js';
import { WAIT_OPTION, WAIT_USAGE, lockWaitMs } from '../lock-wait.js';
import { defaultLanguage } from '../../commit/default-language.js';
import { currentUser } from '../../commit/lock.js';
import { stateDirOption } from '../state-dir-option.js';
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
${WAIT_USAGE.replace('  --wait SECONDS    ', '  --wait SECONDS          ')}  --state DIR             state directory (default $PKICFG_STATE, $XDG_STATE_HOME/pkicfg, ~/.local/state/pkicfg)
Without -c, the shell is interactive on a terminal and reads a script from standard input otherwise.
exit status: 0 ok, 1 a command failed, 2 usage or I/O error, 3 the configuration database was locked
`;

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

export async function shellCommand(args: readonly string[], io: CliIO): Promise<number> {
  const parsed = parseCommandArgs(io, 'shell', SHELL_USAGE, args, {
    allowPositionals: false,
    options: {
      command: { type: 'string', short: 'c' },
      echo: { type: 'boolean', default: false },
      yes: { type: 'boolean', short: 'y', default: false },
      ...WAIT_OPTION,
      ...STATE_OPTION,
      ...HELP_OPTION,
    },
  });
  if (typeof parsed === 'number') return parsed;
  const { values } = parsed;
  const waitMs = lockWaitMs(values.wait, io.env);
  if (typeof waitMs === 'string') return usageError(io, 'shell', waitMs, SHELL_USAGE);
  let env: ShellEnv;
  let stateDir: string;
  try {
    stateDir = stateDirOption(values.state, io.env);
    const store = openStore(stateDir);
    const interactive = values.command === undefined && Boolean((io.stdin as NodeJS.ReadStream).isTTY);
    env = {
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
  } catch (e) {
    return ioError(io, 'shell', e);
  }
  if (values.command !== undefined)
    return runScript(env, values.command, io.stdout, io.stderr, { echo: values.echo, yes: values.yes });
  const stdin = io.stdin as NodeJS.ReadStream;
  const stdout = io.stdout as NodeJS.WriteStream;
  if (stdin.isTTY && stdout.isTTY) {
    const status = await runInteractive(env, stdin, stdout, join(stateDir, 'shell_history'));
    return status;
  }
  return runScript(env, await readAll(io.stdin), io.stdout, io.stderr, {
    echo: values.echo,
    yes: values.yes,
  });
}
