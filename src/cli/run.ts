/**
 * Command dispatch for `pkicfg`: the command word is resolved against the
 * command table (commands/index.ts) as Junos resolves CLI words: the exact
 * name or a unique prefix (`pkicfg req ...`); an ambiguous prefix is reported
 * the Junos way (`'c' is ambiguous.` and the candidates), an unknown word
 * names the closest command. `pkicfg --help` lists the table (an operational
 * verb's `--help` is commands/op.ts's, from the op tree the shell's `?` reads). Each command returns an exit code: 0 success, 1 configuration (user)
 * errors, 2 usage or I/O errors.
 */
import { COMMAND_TABLE } from './commands/index.js';
import { packageVersion } from './version.js';
import { matchAbbreviation } from '../reftree/abbreviation.js';
import type { Clock } from '../enroll/clock.js';

export interface CliIO {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly stdin: NodeJS.ReadableStream;
  readonly env: NodeJS.ProcessEnv;
  /**
   * The clock of commands that read or plan by time (status, timeline, show,
   * daemon); the system clock when absent. Injected by in-process callers
   * (DESIGN.md invariant 7) so a test moves days ahead without waiting.
   */
  readonly clock?: Clock;
  /** Ends a long-running command (`pkicfg daemon`) as SIGTERM does, for in-process callers. */
  readonly signal?: AbortSignal;
}

export type CommandHandler = (args: readonly string[], io: CliIO) => Promise<number>;

function row(name: string, help: string): string {
  return `  ${name.padEnd(20)} ${help}`;
}

/** `pkicfg --help`: usage and one line per command of the table. */
function usageText(): string {
  return [
    'usage: pkicfg <command> [options]',
    '',
    'Commands (any unique prefix will do, as in the Junos CLI):',
    ...COMMAND_TABLE.map((c) => row(c.name, c.summary)),
    '',
    "'pkicfg <command> --help' describes one command; README.md has the CLI reference.",
    '',
  ].join('\n');
}

export async function run(argv: readonly string[], io: CliIO): Promise<number> {
  const [cmd, ...rest] = argv;
  if (cmd === undefined || cmd === '--help' || cmd === '-h' || cmd === 'help') {
    io.stdout.write(usageText());
    return cmd === undefined ? 2 : 0;
  }
  if (cmd === '--version' || cmd === '-V') {
    io.stdout.write(`pkicfg ${packageVersion()}\n`);
    return 0;
  }
  // the exact name, else the one command the word is a prefix of
  const r = matchAbbreviation(COMMAND_TABLE, cmd);
  if ('ambiguous' in r) {
    io.stderr.write(
      `pkicfg: '${cmd}' is ambiguous.\nPossible completions:\n` +
        [...r.ambiguous]
          .sort((a, b) => a.name.localeCompare(b.name))
          .map((c) => row(c.name, c.summary))
          .join('\n') +
        '\n',
    );
    return 2;
  }
  if ('none' in r) {
    // the did-you-mean of the configuration diagnostics (edit distance < 3)
    const { suggest } = await import('../reftree/reftree.js');
    const near = suggest(
      cmd,
      COMMAND_TABLE.map((c) => c.name),
    );
    io.stderr.write(
      `pkicfg: unknown command '${cmd}'` +
        (near !== undefined ? `; did you mean '${near}'?` : '') +
        "\nRun 'pkicfg --help' for the list of commands.\n",
    );
    return 2;
  }
  return (await r.hit.load())(rest, io);
}
