/**
 * Secret arguments of operational commands (`challenge-password` of SCEP
 * enroll, `ca-secret` of CMPv2 enroll). One scheme for each, first match wins:
 *
 *   NAME S          on the line; from `pkicfg request ...` the words are the
 *                   process's argv, which every local user can read
 *                   (/proc/PID/cmdline, ps): accepted (the Junos habit) with
 *                   one warning that names the alternatives, never the value
 *   NAME            without a value (last word): read from standard input,
 *                   asked without echo on a terminal
 *   NAME-file FILE  the first line of FILE; `-` is standard input as above
 *   $ENV            the environment variable (PKICFG_CHALLENGE_PASSWORD,
 *                   PKICFG_CA_SECRET)
 *
 * NAME and NAME-file exclude each other (one parser group); the mandatory
 * check is done here, since the environment can satisfy it.
 */
import { readSecretFile, type SecretRead } from './secret-input.js';
import type { OpContext } from './op-context.js';
import type { OpArgs, OpArgSpec, OpResult } from './op-tree.js';
import { failed, str, valueArg } from './op-args.js';
import { diagnostic } from '../diag/diagnostic.js';

export interface SecretArg {
  /** The keyword: `challenge-password`; its file keyword is `NAME-file`. */
  readonly name: string;
  readonly help: string;
  readonly envName: string;
  /** For the prompt and messages: `Challenge password`. */
  readonly label: string;
}

export const CHALLENGE_PASSWORD: SecretArg = {
  name: 'challenge-password',
  help: 'Challenge password from the CA',
  envName: 'PKICFG_CHALLENGE_PASSWORD',
  label: 'Challenge password',
};

export const CA_SECRET: SecretArg = {
  name: 'ca-secret',
  help: 'Initial authentication key (shared secret) from the CA',
  envName: 'PKICFG_CA_SECRET',
  label: 'CA secret',
};

/** The two keywords of a secret argument, for a command's args. */
export function secretArgSpecs(s: SecretArg): OpArgSpec[] {
  return [
    valueArg(s.name, s.help, 'secret', { group: s.name }),
    valueArg(
      `${s.name}-file`,
      `File whose first line is the ${s.label.toLowerCase()} (- reads standard input)`,
      'filename',
      { group: s.name },
    ),
  ];
}

/** The argv warning; it names the argument, never its value. */
function argvSecretWarning(s: SecretArg): string {
  return `warning: ${s.name} on the command line is visible to other users (ps, /proc/PID/cmdline); use ${s.name}-file FILE, ${s.envName}, or ${s.name} without a value to be asked\n`;
}

async function fromStdin(ctx: OpContext, s: SecretArg): Promise<SecretRead> {
  if (!ctx.readSecret) return { error: `${s.name}: there is no standard input to read it from here` };
  const r = await ctx.readSecret(`${s.label}: `);
  return 'error' in r ? { error: `${s.name}: ${r.error}` } : r;
}

/** The secret of S for this command, or the failure to return. */
export async function resolveSecretArg(
  args: OpArgs,
  ctx: OpContext,
  s: SecretArg,
): Promise<{ readonly value: string } | { readonly error: OpResult }> {
  const given = args[s.name];
  const file = str(args, `${s.name}-file`);
  let r: SecretRead;
  if (typeof given === 'string') {
    if (ctx.wordsInArgv) ctx.stderr.write(argvSecretWarning(s));
    return { value: given };
  } else if (given === true || file === '-') r = await fromStdin(ctx, s);
  else if (file !== undefined) r = readSecretFile(file, ctx.cwd);
  else {
    const env = ctx.env[s.envName];
    if (env !== undefined && env !== '') return { value: env };
    return {
      error: failed(diagnostic('OP_INCOMPLETE', `missing mandatory argument: ${s.name}.`)),
    };
  }
  return 'error' in r ? { error: failed(diagnostic('PKI_FILE_READ', r.error)) } : r;
}
