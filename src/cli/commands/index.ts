/**
 * The registry of `pkicfg` subcommands. Each command lives in its own module
 * next to this file; add one import and one entry per command.
 */
import type { CommandHandler } from '../run.js';
import type { Applier, ApplierContext } from '../../commit/session.js';
import { CLI_APPLIERS } from '../appliers.js';

/**
 * The enrollment stage's commit hook (commit does not know enroll: the CLI hands
 * it in). Its module pulls in the protocols and pkijs, so it is loaded on the
 * first hook call, not by every `pkicfg` start.
 */
function enrollmentHook(stateDir: string): Applier {
  let real: Promise<Applier> | undefined;
  const get = (): Promise<Applier> =>
    (real ??= import('../../enroll/commit-applier.js').then((m) => m.enrollmentApplier(stateDir)));
  return {
    name: 'enrollment',
    check: async (ctx: ApplierContext) => (await (await get()).check?.(ctx)) ?? [],
    prepare: async (ctx: ApplierContext) => (await (await get()).prepare?.(ctx)) ?? [],
    abort: async (ctx: ApplierContext) => {
      await (await get()).abort?.(ctx);
    },
    apply: async (ctx: ApplierContext) => (await (await get()).apply?.(ctx)) ?? [],
  };
}
CLI_APPLIERS.push(enrollmentHook);

/**
 * A command whose module is loaded on first use: `pkicfg --help` or `pkicfg validate`
 * must not pay for pkijs, the CA or the shell.
 */
function lazy<M>(load: () => Promise<M>, pick: (m: M) => CommandHandler): CommandHandler {
  return async (args, io) => pick(await load())(args, io);
}

export const COMMANDS: ReadonlyMap<string, CommandHandler> = new Map<string, CommandHandler>([
  [
    'validate',
    lazy(
      () => import('./validate.js'),
      (m) => m.validateCommand,
    ),
  ],
  [
    'convert',
    lazy(
      () => import('./convert.js'),
      (m) => m.convertCommand,
    ),
  ],
  [
    'load',
    lazy(
      () => import('./load.js'),
      (m) => m.loadCommand,
    ),
  ],
  [
    'commit',
    lazy(
      () => import('./commit.js'),
      (m) => m.commitCommand,
    ),
  ],
  [
    'compare',
    lazy(
      () => import('./compare.js'),
      (m) => m.compareCommand,
    ),
  ],
  [
    'rollback',
    lazy(
      () => import('./rollback.js'),
      (m) => m.rollbackCommand,
    ),
  ],
  [
    'history',
    lazy(
      () => import('./history.js'),
      (m) => m.historyCommand,
    ),
  ],
  [
    'request',
    lazy(
      () => import('./op.js'),
      (m) => m.requestCommand,
    ),
  ],
  [
    'show',
    lazy(
      () => import('./op.js'),
      (m) => m.showCommand,
    ),
  ],
  [
    'clear',
    lazy(
      () => import('./op.js'),
      (m) => m.clearCommand,
    ),
  ],
  [
    'shell',
    lazy(
      () => import('./shell.js'),
      (m) => m.shellCommand,
    ),
  ],
  [
    'ca',
    lazy(
      () => import('./ca.js'),
      (m) => m.caCommand,
    ),
  ],
  [
    'demo',
    lazy(
      () => import('./demo.js'),
      (m) => m.demoCommand,
    ),
  ],
  [
    'status',
    lazy(
      () => import('./status.js'),
      (m) => m.statusCommand,
    ),
  ],
  [
    'timeline',
    lazy(
      () => import('./timeline.js'),
      (m) => m.timelineCommand,
    ),
  ],
  [
    'daemon',
    lazy(
      () => import('./daemon.js'),
      (m) => m.daemonCommand,
    ),
  ],
]);
