/**
 * The enrollment stage's commit hook (src/commit/session.ts `Applier`). The
 * CLI hands it to every commit (`cliAppliers` in src/cli/appliers.ts); commit itself does not know
 * enrollment exists.
 *
 * - `check` plans from the candidate configuration and the PKI state; at
 *   `commit check` it shows the plan, terraform-style, one line per entry
 *   (`Enrollment plan: renew ca-ipsec over SCEP at 10-21-2027 15:48 UTC`).
 *   At `commit check` and `commit` it warns about a re-enroll trigger at the
 *   certificate's issuance (renewal.ts). It never refuses a commit:
 *   enrollment state is not configuration.
 * - `apply` runs after the commit point (DESIGN.md invariant 5) and executes
 *   what is due now: CA certificates of deleted or deactivated ca-profiles are
 *   removed, renewals whose trigger time has come are run. Its errors become
 *   warnings (the configuration is already committed); failed renewals are
 *   retried by the next commit or `pkicfg daemon` run.
 */
import type { Applier, ApplierContext } from '../commit/session.js';
import type { Diagnostic } from '../diag/diagnostic.js';
import { nodeHttpTransport } from '../protocols/http/transport.js';
import type { HttpTransport } from '../protocols/http/transport.js';
import { createNodeCmpTransport, type CmpTransport } from '../protocols/cmp/http-transport.js';
import { systemClock, type Clock } from './clock.js';
import { desiredFromConfig, plan, renderPlan, triggerWarnings, type Action } from './plan.js';
import { observeState, reconcile } from './reconcile.js';
import { diagnostic } from '../diag/diagnostic.js';

export interface EnrollmentApplierOptions {
  readonly clock?: Clock;
  readonly scepTransport?: HttpTransport;
  readonly cmpTransport?: () => CmpTransport;
}

function info(message: string, code: 'ENROLL_PLAN' | 'ENROLL_PLAN_NOTE' = 'ENROLL_PLAN'): Diagnostic {
  return diagnostic(code, message, { severity: 'info' });
}

/** The plan for a configuration about to become active (pure once observed). */
function planForCommit(stateDir: string, ctx: ApplierContext, now: Date): Action[] {
  return plan(desiredFromConfig(ctx.candidate), observeState(stateDir), now);
}

export function enrollmentApplier(stateDir: string, opts: EnrollmentApplierOptions = {}): Applier {
  const clock = opts.clock ?? systemClock;
  return {
    name: 'enrollment',
    check(ctx) {
      // a trigger at issuance is warned about at commit too, as Junos warns
      const observed = observeState(stateDir);
      const warnings = triggerWarnings(ctx.candidate, observed);
      if (ctx.phase !== 'check') return warnings;
      const actions = plan(desiredFromConfig(ctx.candidate), observed, clock.now());
      const lines = renderPlan(actions);
      return [
        ...warnings,
        ...actions.map((a, i) => info(lines[i], a.kind === 'note' ? 'ENROLL_PLAN_NOTE' : 'ENROLL_PLAN')),
      ];
    },
    async apply(ctx) {
      const actions = planForCommit(stateDir, ctx, clock.now());
      if (!actions.some((a) => a.kind !== 'note' && a.kind !== 'scheduled')) return [];
      const desired = desiredFromConfig(ctx.candidate);
      const r = await reconcile(actions, {
        stateDir,
        clock,
        scepTransport: opts.scepTransport ?? nodeHttpTransport(),
        cmpTransport: opts.cmpTransport ?? (() => createNodeCmpTransport()),
        reservedProfiles: desired.caProfiles.map((p) => p.name),
        noWait: true,
      });
      return [
        ...r.outcomes.filter((o) => o.ok).map((o) => info(`Enrollment: ${o.summary}`)),
        ...r.diagnostics,
      ];
    },
  };
}
