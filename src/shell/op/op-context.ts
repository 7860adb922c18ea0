/**
 * What an operational command gets to run: the state directory, output
 * writers, a clock, a yes/no prompt, and the committed configuration. The CLI
 * (`pkicfg show ...`) and the shell each build one; tests build one with
 * `testOpContext`-style fakes.
 */
import type { ConfigObject, ConfigTree } from '../../tree/config-tree.js';
import { openPkiStore, type PkiStore } from '../../pki/pki-store.js';

export interface OpWriter {
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
  /** The committed (active) configuration; undefined when nothing is committed yet. */
  activeConfig(): ConfigTree | undefined;
  /** The PKI store of stateDir (opened once). */
  pki(): PkiStore;
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
  readonly activeConfig?: () => ConfigTree | undefined;
  /** fsync the PKI store (default true). */
  readonly durable?: boolean;
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
    activeConfig: input.activeConfig ?? (() => undefined),
    pki: () => (store ??= openPkiStore(input.stateDir, { durable: input.durable ?? true, now })),
  };
}

function isObject(v: unknown): v is ConfigObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function entries(list: unknown): string[] {
  if (!isObject(list)) return [];
  const order = (list as Record<string, unknown>)['@order'];
  const names = Array.isArray(order)
    ? (order as string[])
    : Object.keys(list).filter((k) => !k.startsWith('@'));
  return names.filter((n) => {
    const e = (list as Record<string, unknown>)[n];
    const meta = isObject(e) ? (e as Record<string, unknown>)['@'] : undefined;
    return e !== undefined && !(isObject(meta) && (meta as { inactive?: boolean }).inactive);
  });
}

/** Active ca-profile names (`security pki ca-profile <name>`, inactive ones excluded). */
export function configuredCaProfiles(tree: ConfigTree | undefined): string[] {
  if (!tree) return [];
  const t = tree as Record<string, unknown>;
  const security = t.security;
  if (
    !isObject(security) ||
    (isObject((security as Record<string, unknown>)['@']) &&
      ((security as Record<string, unknown>)['@'] as { inactive?: boolean }).inactive)
  )
    return [];
  const pki = (security as Record<string, unknown>).pki;
  if (!isObject(pki)) return [];
  return entries((pki as Record<string, unknown>)['ca-profile']);
}

/** A leaf of the active configuration at a path of plain keys (`['system','host-name']`). */
export function configLeaf(tree: ConfigTree | undefined, path: readonly string[]): string | undefined {
  let cur: unknown = tree;
  for (const k of path) {
    if (!isObject(cur)) return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return typeof cur === 'string' || typeof cur === 'number' ? String(cur) : undefined;
}

/** The configuration object at a path of plain keys (`['security','pki','auto-re-enrollment']`). */
export function configObject(
  tree: ConfigTree | undefined,
  path: readonly string[],
): Record<string, unknown> | undefined {
  let cur: unknown = tree;
  for (const k of path) {
    if (!isObject(cur)) return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return isObject(cur) ? (cur as Record<string, unknown>) : undefined;
}
