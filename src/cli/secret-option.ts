/**
 * A secret option of a `pkicfg` command (`ca serve --challenge`,
 * `--cmp-secret`), from one of: `--NAME S` (accepted, with a warning when
 * it is this process's command line, which every local user can read), `--NAME-file FILE` (its
 * first line; `-` reads standard input, asked without echo on a terminal),
 * or the environment variable. Nothing given: undefined.
 */
import type { CliIO } from './run.js';
import { readSecretFile, readSecretInput, type SecretInput } from '../op/secret-input.js';

export interface SecretOptionSpec {
  /** The option without dashes: `challenge`; its file option is `NAME-file`. */
  readonly name: string;
  readonly envName: string;
  /** For the prompt: `Challenge password`. */
  readonly label: string;
}

export type SecretOption = { readonly value: string | undefined } | { readonly error: string };

/**
 * Whether ARGS are the tail of this process's command line, i.e. readable by
 * other users, rather than words built in process (`pkicfg demo`, tests).
 */
export function areProcessArgs(args: readonly string[], argv: readonly string[] = process.argv): boolean {
  const off = argv.length - args.length;
  return args.length > 0 && off >= 0 && args.every((a, i) => argv[off + i] === a);
}

/** The argv warning; it names the option, never its value. */
function argvSecretWarning(cmd: string, spec: SecretOptionSpec): string {
  return `pkicfg ${cmd}: warning: --${spec.name} on the command line is visible to other users (ps, /proc/PID/cmdline); use --${spec.name}-file FILE or ${spec.envName}\n`;
}

export async function secretOption(
  io: CliIO,
  cmd: string,
  spec: SecretOptionSpec,
  given: { readonly value?: string; readonly file?: string; readonly inArgv: boolean },
): Promise<SecretOption> {
  if (given.value !== undefined && given.file !== undefined)
    return { error: `--${spec.name} and --${spec.name}-file exclude each other` };
  if (given.value !== undefined) {
    if (given.inArgv) io.stderr.write(argvSecretWarning(cmd, spec));
    return { value: given.value };
  }
  if (given.file !== undefined) {
    const r =
      given.file === '-'
        ? await readSecretInput(
            io.stdin as unknown as SecretInput,
            io.stderr,
            `${spec.label}: `,
            `Retype ${spec.label.toLowerCase()}: `,
          )
        : readSecretFile(given.file, process.cwd());
    return 'error' in r ? { error: `--${spec.name}-file: ${r.error}` } : r;
  }
  const env = io.env[spec.envName];
  return { value: env === '' ? undefined : env };
}
