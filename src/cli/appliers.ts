/**
 * The appliers the CLI hands to every commit: commit does not know the stages
 * that hook into it, so whoever opens a session says which ones run
 * (`cliAppliers(stateDir)`), explicitly, rather than through a list filled as a
 * side effect of an import.
 */
import type { Applier, ApplierContext } from '../commit/session.js';

/**
 * The enrollment stage's commit hook. Its module pulls in the protocols and
 * pkijs, so it is loaded on the first hook call, not by every `pkicfg` start.
 */
function enrollmentHook(stateDir: string): Applier {
  let real: Promise<Applier> | undefined;
  const get = (): Promise<Applier> =>
    (real ??= import('../enroll/commit-applier.js').then((m) => m.enrollmentApplier(stateDir)));
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

/** The appliers of a commit made by `pkicfg` on the store in `stateDir`. */
export function cliAppliers(stateDir: string): Applier[] {
  return [enrollmentHook(stateDir)];
}
