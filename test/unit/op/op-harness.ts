// Runs operational commands in-process against a throw-away state dir.
import { defaultOpTree } from '../../../src/op/commands.js';
import { makeOpContext } from '../../../src/op/op-context.js';
import { executeOpWords, renderOpDiagnostics, renderOpParseError } from '../../../src/op/op-run.js';
import type { Diagnostic } from '../../../src/diag/diagnostic.js';
import type { ConfigTree } from '../../../src/tree/config-tree.js';

export interface OpRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
  readonly questions: readonly string[];
  readonly diagnostics: readonly Diagnostic[];
  /** Code of the parse error, if the line did not parse. */
  readonly parseCode?: string;
}

export interface HarnessOptions {
  readonly stateDir: string;
  readonly cwd?: string;
  readonly now?: Date;
  readonly answer?: boolean;
  readonly config?: ConfigTree;
  readonly env?: NodeJS.ProcessEnv;
}

/** The committed configuration most tests use: ca-profiles ROOT and OTHER. */
export const CONFIG: ConfigTree = {
  security: {
    pki: {
      'ca-profile': {
        '@order': ['ROOT', 'OTHER', 'INACTIVE'],
        ROOT: { 'ca-identity': 'ROOT' },
        OTHER: { 'ca-identity': 'OTHER' },
        INACTIVE: { '@': { inactive: true }, 'ca-identity': 'X' },
      },
      'auto-re-enrollment': {
        scep: {
          'certificate-id': {
            '@order': ['k1'],
            k1: { 'ca-profile-name': 'ROOT', 're-enroll-trigger-time-percentage': 10 },
          },
        },
      },
    },
  },
  system: { 'host-name': 'srx1' },
} as unknown as ConfigTree;

/** Runs one command line (words, or a string split on spaces). */
export async function op(opts: HarnessOptions, line: string | readonly string[]): Promise<OpRun> {
  let out = '';
  let err = '';
  const questions: string[] = [];
  const words = typeof line === 'string' ? line.split(' ').filter(Boolean) : line;
  const ctx = makeOpContext({
    stateDir: opts.stateDir,
    cwd: opts.cwd,
    stdout: { write: (t) => void (out += t) },
    stderr: { write: (t) => void (err += t) },
    now: opts.now ? () => opts.now! : undefined,
    env: opts.env ?? { PKICFG_SERIAL_NUMBER: 'JN1234567890' },
    durable: false,
    confirm: async (q) => {
      questions.push(q);
      out += `${q} [yes,no] (no) ${opts.answer ? 'yes' : 'no'}\n`;
      return opts.answer ?? false;
    },
    activeConfig: () => opts.config ?? CONFIG,
  });
  const r = await executeOpWords(defaultOpTree(), words, ctx);
  if (r.parseError) err += renderOpParseError(words, r.parseError);
  err += renderOpDiagnostics(r.diagnostics);
  return { code: r.exitCode, out, err, questions, diagnostics: r.diagnostics, parseCode: r.parseError?.code };
}
