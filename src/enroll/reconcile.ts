/**
 * Executes a plan (plan.ts): the only place of the enroll stage that talks
 * to `protocols/`. SCEP renewals go through the durable job machinery
 * (scep-job.ts: RenewalReq signed with the current certificate, resumable),
 * CMPv2 renewals through the CMP client (cmp-renewal.ts: kur), CA
 * certificate removals are one atomic PKI-store commit. Clock, transports and
 * state directory are injected (DESIGN.md invariant 7). A failure becomes a
 * Diagnostic and leaves the store as it was; because planning is
 * level-triggered the next run plans the same renewal again (retry).
 */
import type { Diagnostic } from '../diag/diagnostic.js';
import { decrypt9, isEncrypted9 } from '../syntax/secret.js';
import { openPkiStore } from '../pki/pki-store.js';
import type { HttpTransport } from '../protocols/http/transport.js';
import type { CmpTransport } from '../protocols/cmp/http-transport.js';
import { scepCipherFromJunos, scepDigestFromJunos } from './ca-profile.js';
import type { Clock } from './clock.js';
import { runCmpEnrollment } from './cmp-enroll.js';
import { noWaitClock, WaitDeferred } from './no-wait.js';
import { loadJob } from './job-store.js';
import { recordAttempt } from './attempt-store.js';
import type { Action, EffectAction, RenewScepAction } from './plan.js';
import { isEffect, type RenewAction } from './plan.js';
import { nextRetryAt } from './backoff.js';
import { formatJunosDate } from '../pki/junos-date.js';
import { createScepRenewalJob, runScepJob } from './scep-job.js';
import { diagnostic } from '../diag/diagnostic.js';

export { observeState } from './observe.js';

export interface ReconcileDeps {
  readonly stateDir: string;
  readonly clock: Clock;
  /** SCEP HTTP transport. */
  readonly scepTransport: HttpTransport;
  /** A fresh CMP transport per transaction. */
  readonly cmpTransport: () => CmpTransport;
  /** Configured ca-profile names (reserved: never used for CMPv2 chain certificates). */
  readonly reservedProfiles?: readonly string[];
  /** One line per action; never a secret. */
  readonly log?: (line: string) => void;
  readonly timeoutMs?: number;
  /**
   * Never wait (a commit, a daemon pass): when the CA answers PENDING, the
   * durable SCEP job is left polling-pending for `pkicfg daemon` to resume at
   * its next poll time instead of sleeping here. A CMPv2 `waiting` answer fails
   * the transaction and the next run starts it again.
   */
  readonly noWait?: boolean;
}

export interface ActionOutcome {
  readonly action: EffectAction;
  readonly ok: boolean;
  /** What happened, one line (logged). */
  readonly summary: string;
}

export interface ReconcileOutcome {
  readonly outcomes: readonly ActionOutcome[];
  readonly diagnostics: readonly Diagnostic[];
}

function renewalFailed(certId: string, message: string): Diagnostic {
  return diagnostic('ENROLL_RENEWAL_FAILED', message, {
    severity: 'error',
    path: ['security', 'pki', 'auto-re-enrollment', 'certificate-id', certId],
  });
}

function secretOf(configured: string | undefined): string | undefined {
  if (configured === undefined) return undefined;
  return isEncrypted9(configured) ? (decrypt9(configured) ?? configured) : configured;
}

/**
 * TEXT with every occurrence of the action's challenge password masked: a
 * failure reason can quote what a CA or proxy answered, and that text goes to
 * the log, the diagnostics and the attempt record on disk.
 */
function masked(a: RenewAction, text: string): string {
  const secret = a.kind === 'renew-scep' ? secretOf(a.challengePassword) : undefined;
  return secret ? text.split(secret).join('******') : text;
}

type ScepOutcome = ActionOutcome & { d: Diagnostic[]; pending?: boolean };

async function renewScep(a: RenewScepAction, deps: ReconcileDeps): Promise<ScepOutcome> {
  const now = deps.clock.now();
  const created = createScepRenewalJob(
    deps.stateDir,
    {
      certId: a.certId,
      profile: { name: a.caProfile, url: a.url, retry: a.retry, retryIntervalSec: a.retryIntervalSec },
      challengePassword: secretOf(a.challengePassword),
      regenerateKey: a.regenerateKey,
      cipher: scepCipherFromJunos(a.scepCipher),
      scepDigest: scepDigestFromJunos(a.scepDigest),
    },
    now,
  );
  const fail = (reason: string, extra: readonly Diagnostic[] = []): ScepOutcome => ({
    action: a,
    ok: false,
    summary: `renewal of ${a.certId} over SCEP failed: ${reason}`,
    d: [
      ...extra.filter((x) => x.severity !== 'error'),
      renewalFailed(a.certId, `SCEP re-enrollment of ${a.certId} failed: ${reason}`),
    ],
  });
  if (!created.value) return fail(created.diagnostics.map((d) => d.message).join('; '));
  let run;
  try {
    run = await runScepJob(deps.stateDir, a.certId, {
      transport: deps.scepTransport,
      clock: deps.noWait ? noWaitClock(deps.clock) : deps.clock,
      ...(deps.timeoutMs !== undefined ? { timeoutMs: deps.timeoutMs } : {}),
    });
  } catch (e) {
    if (!(e instanceof WaitDeferred)) throw e;
    const job = loadJob(deps.stateDir, a.certId);
    return {
      action: a,
      ok: true,
      summary: `renewal of ${a.certId} over SCEP is pending at the CA (transaction ${job?.transactionID ?? '?'}); next poll ${job?.nextPollAt ? formatJunosDate(new Date(job.nextPollAt)) : 'soon'} by pkicfg daemon`,
      d: [],
      pending: true,
    };
  }
  const job = run.value;
  if (!job || job.state !== 'issued') {
    const reason =
      job?.reason ?? run.diagnostics.find((d) => d.severity === 'error')?.message ?? 'unknown error';
    return fail(reason, run.diagnostics);
  }
  return {
    action: a,
    ok: true,
    summary: `renewed ${a.certId} over SCEP: serial ${job.serial ?? '?'}${job.newKey ? ', new key pair' : ''}`,
    d: run.diagnostics.filter((x) => x.severity !== 'error'),
  };
}

/**
 * Runs the effectful actions of a plan in order (scheduled and note entries
 * are skipped). Never throws for a peer's or a store's failure.
 */
export async function reconcile(actions: readonly Action[], deps: ReconcileDeps): Promise<ReconcileOutcome> {
  const outcomes: ActionOutcome[] = [];
  const diagnostics: Diagnostic[] = [];
  const log = deps.log ?? ((): void => undefined);
  const done = (o: ActionOutcome): void => {
    outcomes.push(o);
    log(o.summary);
  };
  const removals = actions.filter(
    (a): a is Extract<Action, { kind: 'remove-ca-certificate' }> => a.kind === 'remove-ca-certificate',
  );
  if (removals.length > 0) diagnostics.push(...removeCaCertificates(removals, deps, done));
  for (const a of actions) {
    if (!isEffect(a) || a.kind === 'remove-ca-certificate') continue;
    log(
      `renewal of ${a.certId} over ${a.kind === 'renew-scep' ? 'SCEP' : 'CMPv2'} started (ca-profile ${a.caProfile}, due ${formatJunosDate(a.at)})`,
    );
    if (a.kind === 'renew-scep') {
      const r = await renewScep(a, deps);
      diagnostics.push(...r.d.map((d) => ({ ...d, message: masked(a, d.message) })));
      done(finished(deps, a, r.ok, r.summary, r.pending === true));
      continue;
    }
    const r = await renewCmp(a, deps);
    diagnostics.push(...r.d);
    done(finished(deps, a, r.ok, r.summary));
  }
  return { outcomes, diagnostics };
}

/** The CA certificates of deleted ca-profiles, out of the store in one commit; the diagnostics of a failure. */
function removeCaCertificates(
  removals: readonly Extract<Action, { kind: 'remove-ca-certificate' }>[],
  deps: ReconcileDeps,
  done: (o: ActionOutcome) => void,
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const store = openPkiStore(deps.stateDir, { now: () => deps.clock.now() });
  const r = store.commit(
    removals.map((a) => ({ op: 'delete' as const, kind: 'ca' as const, id: a.caProfile })),
  );
  for (const a of removals) {
    if (r.value)
      done({ action: a, ok: true, summary: `removed CA certificate of deleted ca-profile ${a.caProfile}` });
    else {
      const message = `removing the CA certificate of ca-profile ${a.caProfile} failed: ${r.diagnostics[0]?.message ?? 'I/O error'}`;
      diagnostics.push({
        code: 'ENROLL_CA_REMOVE_FAILED',
        severity: 'error',
        stage: 'enroll',
        message,
        path: ['security', 'pki', 'ca-profile', a.caProfile],
      });
      done({ action: a, ok: false, summary: message });
    }
  }
  return diagnostics;
}

/** A CMPv2 renewal (kur) of one certificate. */
async function renewCmp(
  a: RenewAction,
  deps: ReconcileDeps,
): Promise<{ ok: boolean; summary: string; d: Diagnostic[] }> {
  const r = await runCmpEnrollment(
    {
      certId: a.certId,
      caProfile: a.caProfile,
      url: a.url,
      what: { kind: 're-enroll', regenerateKey: a.regenerateKey },
      reservedProfiles: deps.reservedProfiles ?? [],
    },
    {
      stateDir: deps.stateDir,
      clock: deps.noWait ? noWaitClock(deps.clock) : deps.clock,
      transport: deps.cmpTransport,
    },
  );
  if (r.value)
    return {
      ok: true,
      summary: `renewed ${a.certId} over CMPv2: serial ${r.value.certificate.serialHex}${r.value.newKey ? ', new key pair' : ''}`,
      d: [],
    };
  const reason = r.diagnostics.map((d) => d.message).join('; ');
  return {
    ok: false,
    summary: `renewal of ${a.certId} over CMPv2 failed: ${reason}`,
    d: r.diagnostics.map((d) =>
      renewalFailed(
        a.certId,
        d.message.startsWith('CMPv2 re-enrollment')
          ? d.message
          : `CMPv2 re-enrollment of ${a.certId} failed: ${d.message}`,
      ),
    ),
  };
}

/** The attempt record and event lines of a renewal (attempt-store.ts, backoff.ts). */
function finished(
  deps: ReconcileDeps,
  a: RenewAction,
  ok: boolean,
  text: string,
  pending = false,
): ActionOutcome {
  const now = deps.clock.now();
  const summary = masked(a, text);
  const rec = recordAttempt(
    deps.stateDir,
    a.certId,
    now,
    ok ? (pending ? 'pending' : 'succeeded') : 'failed',
    summary,
  );
  if (ok) return { action: a, ok, summary };
  const retryAt = nextRetryAt(now, rec.failures, a.backoff);
  return {
    action: a,
    ok,
    summary: `${summary}; retry ${rec.attempts + 1} scheduled at ${formatJunosDate(retryAt)}`,
  };
}
