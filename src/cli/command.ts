/**
 * A `pkicfg` command's option handling, written once for every command. A
 * command declares its name, usage text and node:util parseArgs options
 * (`command(spec, body)`); this module parses them (options.ts
 * parseCommandArgs: `--help`, unknown options with a did-you-mean, the usage
 * on stderr), and hands the body the parsed values and a CommandContext that
 * knows the command's name: its usage errors, the state directory of
 * `--state`, its file arguments. Whatever the body lets escape (a state
 * directory that is a file, a store that cannot be opened) is reported as
 * `pkicfg CMD: ...` with exit status 2, so no command writes that try/catch.
 */
import type { ParseArgsConfig } from 'node:util';
import type { CliIO, CommandHandler } from './run.js';
import {
  cannotRead,
  EXIT_USAGE,
  HELP_OPTION,
  ioError,
  parseCommandArgs,
  usageError,
  type Parsed,
} from './options.js';
import { stateDirOption } from './state-dir-option.js';
import { readInput, type Input } from './input-file.js';

/** parseArgs option declarations (`{ state: { type: 'string' } }`). */
export type OptionTable = NonNullable<ParseArgsConfig['options']>;

/** What a command's body receives: parseArgs's values (its options and `help`) and positionals. */
export type CommandArgs<O extends OptionTable, P extends boolean = false> = Parsed<{
  options: O & typeof HELP_OPTION;
  allowPositionals: P;
}>;

export interface CommandSpec<O extends OptionTable, P extends boolean> {
  /** As the messages name it: `commit`, `ca serve`. */
  readonly name: string;
  readonly usage: string;
  /** The options, in the order a did-you-mean considers them; `--help` is added unless `help` is false. */
  readonly options: O;
  /** Words that are not options are the body's to check (else `unexpected argument 'x'`). */
  readonly positionals?: P;
  /** False for the commands that have no `--help` (it is then an unknown option). */
  readonly help?: boolean;
  /**
   * The exit status of a usage or I/O error for ARGS, when it is not 2:
   * `plan --detailed-exitcode` keeps 2 for "changes". Read from the raw words
   * because it applies to the errors of parsing them too.
   */
  readonly errorStatus?: (args: readonly string[]) => number;
}

/** What a command's body may ask of the command it runs in. */
export interface CommandContext {
  readonly io: CliIO;
  readonly name: string;
  /** The exit status of a usage or I/O error (2, unless the spec's errorStatus says otherwise). */
  readonly errorStatus: number;
  /** `pkicfg NAME: MESSAGE` and USAGETEXT (default: the command's usage) on stderr; returns errorStatus. */
  usage(message: string, usageText?: string): number;
  /**
   * The state directory: `--state DIR`, else $PKICFG_STATE, else the default.
   * Throws when it is no directory; the command then reports it (exit 2).
   */
  stateDir(): string;
  /** FILE's name and text (`-` reads standard input), or errorStatus after `could not read 'FILE': ...`. */
  readInput(file: string): Promise<Input | number>;
}

function contextOf(
  io: CliIO,
  name: string,
  usageText: string,
  state: unknown,
  errorStatus: number,
): CommandContext {
  const failed = (status: number): number => (status === EXIT_USAGE ? errorStatus : status);
  return {
    io,
    name,
    errorStatus,
    usage: (message, text = usageText) => failed(usageError(io, name, message, text)),
    stateDir: () => stateDirOption(typeof state === 'string' ? state : undefined, io.env),
    readInput: async (file) => {
      try {
        return await readInput(file, io);
      } catch (e) {
        return failed(cannotRead(io, name, file, e));
      }
    },
  };
}

/** The handler of the command SPEC whose work is BODY. */
export function command<O extends OptionTable, P extends boolean = false>(
  spec: CommandSpec<O, P>,
  body: (args: CommandArgs<O, P>, cx: CommandContext) => Promise<number>,
): CommandHandler {
  return async (args, io) => {
    const errorStatus = spec.errorStatus?.(args) ?? EXIT_USAGE;
    const failed = (status: number): number => (status === EXIT_USAGE ? errorStatus : status);
    const parsed = parseCommandArgs(io, spec.name, spec.usage, args, {
      options: { ...spec.options, ...(spec.help === false ? {} : HELP_OPTION) },
      allowPositionals: spec.positionals ?? false,
      strict: true,
    });
    if (typeof parsed === 'number') return failed(parsed);
    const values = parsed.values as { state?: unknown };
    const cx = contextOf(io, spec.name, spec.usage, values.state, errorStatus);
    try {
      return await body(parsed as unknown as CommandArgs<O, P>, cx);
    } catch (e) {
      return failed(ioError(io, spec.name, e));
    }
  };
}
