/**
 * Option boilerplate shared by the `pkicfg` subcommands: `--state DIR`,
 * `--help`, parsing with node's parseArgs, and the exit statuses of the CLI
 * (2 usage or I/O error, with the message on stderr as `pkicfg CMD: ...`).
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { CliIO } from './run.js';
import { describeIoError } from '../diag/io-error.js';
import { describeParseArgsError } from './parse-args-message.js';

/** `--state DIR`: the state directory (else $PKICFG_STATE, $XDG_STATE_HOME/pkicfg, ~/.local/state/pkicfg). */
export const STATE_OPTION = { state: { type: 'string' } } as const;

/** What `--state DIR` means, as the usage texts say it. */
export const STATE_HELP =
  'state directory (default $PKICFG_STATE, $XDG_STATE_HOME/pkicfg, ~/.local/state/pkicfg)';

/** `--help` / `-h`: print the usage on stdout and exit 0. */
export const HELP_OPTION = { help: { type: 'boolean', short: 'h', default: false } } as const;

/** Exit status of a usage or I/O error. */
export const EXIT_USAGE = 2;

/** A usage error: `pkicfg CMD: MESSAGE` and the usage text on stderr; returns 2. */
export function usageError(io: CliIO, cmd: string, message: string, usageText: string): number {
  io.stderr.write(`pkicfg ${cmd}: ${message}\n${usageText}`);
  return EXIT_USAGE;
}

/** An I/O (or other unexpected) error: `pkicfg CMD: could not read 'x': No such file or directory` on stderr; returns 2. */
export function ioError(io: CliIO, cmd: string, e: unknown): number {
  io.stderr.write(`pkicfg ${cmd}: ${describeIoError(e)}\n`);
  return EXIT_USAGE;
}

/** What `parseArgs` returns for a config. */
export type Parsed<T extends ParseArgsConfig> = ReturnType<typeof parseArgs<T>>;

/**
 * Parses ARGS with parseArgs(CONFIG). Returns the parsed values and
 * positionals, or the exit status to return at once: 2 after a usage error
 * (malformed or unknown option), 0 after printing the usage for `--help`
 * (when CONFIG has HELP_OPTION).
 */
export function parseCommandArgs<T extends ParseArgsConfig>(
  io: CliIO,
  cmd: string,
  usageText: string,
  args: readonly string[],
  config: T,
): Parsed<T> | number {
  let parsed: Parsed<T>;
  try {
    parsed = parseArgs({ ...config, args: [...args] }) as Parsed<T>;
  } catch (e) {
    return usageError(io, cmd, describeParseArgsError(e, Object.keys(config.options ?? {})), usageText);
  }
  if ((parsed.values as { help?: unknown }).help === true) {
    io.stdout.write(usageText);
    return 0;
  }
  return parsed;
}

/** A whole-number option (`--confirmed 5`, `--rollback 2`, `rollback N`): undefined if absent, NaN if malformed. */
export function wholeNumberOption(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  return /^\d+$/.test(v) ? Number(v) : NaN;
}

/** A FILE that cannot be read: `pkicfg CMD: could not read 'FILE': No such file or directory` on stderr; returns 2. */
export function cannotRead(io: CliIO, cmd: string, file: string, e: unknown): number {
  io.stderr.write(`pkicfg ${cmd}: ${describeIoError(e, { path: file, intent: 'read' })}\n`);
  return EXIT_USAGE;
}
