/**
 * Command dispatch for `pkicfg`. Each subcommand lives in its own module and
 * returns an exit code: 0 success, 1 configuration (user) errors, 2 usage or I/O errors.
 */
import { COMMANDS } from './commands/index.js';

export interface CliIO {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly stdin: NodeJS.ReadableStream;
  readonly env: NodeJS.ProcessEnv;
}

export type CommandHandler = (args: readonly string[], io: CliIO) => Promise<number>;

const USAGE = `usage: pkicfg <command> [options]

Commands are listed in README.md ("CLI reference").
`;

export async function run(argv: readonly string[], io: CliIO): Promise<number> {
  const [cmd, ...rest] = argv;
  if (cmd === undefined || cmd === '--help' || cmd === '-h' || cmd === 'help') {
    io.stdout.write(USAGE);
    return cmd === undefined ? 2 : 0;
  }
  const handler = COMMANDS.get(cmd);
  if (!handler) {
    io.stderr.write(`pkicfg: unknown command '${cmd}'\n${USAGE}`);
    return 2;
  }
  return handler(rest, io);
}
