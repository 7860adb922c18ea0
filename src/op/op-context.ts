/**
 * What an operational command gets to run: the state directory, output
 * writers, a clock, a yes/no prompt, and the committed configuration. The CLI
 * (`pkicfg show ...`) and the shell each build one; tests build one with
 * `testOpContext`-style fakes.
 */
import type { ConfigTree } from '../tree/config-tree.js';
import { pkiView } from '../tree/pki-view.js';
import { openPkiStore, type PkiStore } from '../pki/pki-store.js';

interface OpWriter {
  write(text: string): void;
}

export interface OpContext {
  readonly stateDir: string;
  /** Where relative `filename` arguments are resolved. */
  readonly cwd: string;
  readonly stdout: OpWriter;
  readonly stderr: OpWriter;
  readonly now: () => Date;
  readonly env: NodeJS.ProcessEnv;
  /** The interactive shell (true) or a one-shot `pkicfg <words>` (false). */
  readonly interactive: boolean;
  /**
   * Asks `question [yes,no] (no) ` and resolves true only on yes. With
   * `--yes` it answers yes without asking; without a terminal and without
   * `--yes` it answers no.
   */
  confirm(question: string): Promise<boolean>;
  /**
   * The committed (active) configuration; undefined when nothing is committed yet.
   * Asynchronous and read only when asked: from the one-shot CLI it loads the
   * commit store (the parser, YAML) on demand, so a command that never asks
   * (generate-key-pair) never loads them.
   */
  activeConfig(): Promise<ConfigTree | undefined>;
  /**
   * Reads a secret from standard input (asked without echo on a terminal);
   * absent where there is no such input (the shell). See secret-arg.ts.
   */
  readonly readSecret?: (prompt: string) => Promise<{ value: string } | { error: string }>;
  /** The words are the process's argv (`pkicfg request ...`), readable by every local user. */
  readonly wordsInArgv?: boolean;
  /** The PKI store of stateDir (opened once). */
  pki(): PkiStore;
  /** `| display FORMAT` given in the shell (`json`): commands that have such a form use it. */
  readonly display?: string;
}

export interface OpContextInput {
  readonly stateDir: string;
  readonly stdout: OpWriter;
  readonly stderr?: OpWriter;
  readonly cwd?: string;
  readonly now?: () => Date;
  readonly env?: NodeJS.ProcessEnv;
  readonly interactive?: boolean;
  readonly confirm?: (question: string) => Promise<boolean>;
  readonly activeConfig?: () => ConfigTree | undefined | Promise<ConfigTree | undefined>;
  readonly readSecret?: OpContext['readSecret'];
  readonly wordsInArgv?: boolean;
  /** fsync the PKI store (default true). */
  readonly durable?: boolean;
  readonly display?: string;
}

/** An OpContext with defaults: no prompt answers yes, no configuration, real clock. */
export function makeOpContext(input: OpContextInput): OpContext {
  let store: PkiStore | undefined;
  const now = input.now ?? (() => new Date());
  return {
    stateDir: input.stateDir,
    cwd: input.cwd ?? process.cwd(),
    stdout: input.stdout,
    stderr: input.stderr ?? input.stdout,
    now,
    env: input.env ?? process.env,
    interactive: input.interactive ?? false,
    confirm: input.confirm ?? (() => Promise.resolve(false)),
    activeConfig: async () => input.activeConfig?.(),
    ...(input.readSecret ? { readSecret: input.readSecret } : {}),
    wordsInArgv: input.wordsInArgv ?? false,
    ...(input.display !== undefined ? { display: input.display } : {}),
    pki: () => (store ??= openPkiStore(input.stateDir, { durable: input.durable ?? true, now })),
  };
}

/** Active ca-profile names (`security pki ca-profile <name>`, inactive ones excluded), from the PKI view. */
export function configuredCaProfiles(tree: ConfigTree | undefined): string[] {
  return pkiView(tree).caProfiles.map((p) => p.name);
}
