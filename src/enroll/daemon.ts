/**
 * The reconcile loop behind `pkicfg daemon`. One pass:
 *   1. enforce an expired `commit confirmed` deadline (automatic rollback);
 *   2. resume unfinished durable SCEP jobs whose next poll is due (a process
 *      died while polling, or a renewal left pending at the CA);
 *   3. plan from the active configuration and the PKI state, and reconcile
 *      what is due (renewals over SCEP and CMPv2, CA certificates of deleted
 *      ca-profiles).
 * Then sleep until the next renewal trigger or confirmed-commit deadline,
 * bounded by the interval; a commit made meanwhile (HEAD replaced) ends the
 * sleep, so a new `commit confirmed` deadline or configuration is planned at
 * once (head-watch.ts). Time and transports are injected, so tests run a
 * pass at any instant without waiting. One log line per action, no secrets.
 */
import { defaultLanguage } from '../commit/default-language.js';
import { currentUser } from '../commit/lock.js';
import { Session } from '../commit/session.js';
import { describeAutoRollback } from '../commit/render-commit.js';
import { openStore, type Store } from '../commit/store.js';
import { join } from 'node:path';
import { fileVersion, sleepUntilChanged } from './head-watch.js';
import type { ConfigTree } from '../tree/config-tree.js';
import { formatJunosDate } from '../pki/junos-date.js';
import type { HttpTransport } from '../protocols/http/transport.js';
import type { CmpTransport } from '../protocols/cmp/http-transport.js';
import type { Clock } from './clock.js';
import { describeAction, desiredFromConfig, nextTrigger, plan, type Action } from './plan.js';
import { observeState, reconcile, type ActionOutcome } from './reconcile.js';
import { listJobs, loadJob } from './job-store.js';
import { noWaitClock, WaitDeferred } from './no-wait.js';
import { runScepJob } from './scep-job.js';
import { refreshCrls } from './crl-fetch.js';
import { openPkiStore } from '../pki/pki-store.js';
import { pkiView } from '../tree/pki-view.js';

export interface DaemonDeps {
  readonly stateDir: string;
  readonly clock: Clock;
  readonly scepTransport: HttpTransport;
  readonly cmpTransport: () => CmpTransport;
  readonly log: (line: string) => void;
  readonly env?: NodeJS.ProcessEnv;
  /** Called with each executed action's outcome (metrics count the failed ones). */
  readonly onOutcome?: (o: ActionOutcome) => void;
}

export interface PassResult {
  /** No action failed. */
  readonly ok: boolean;
  /** The plan computed in this pass (before execution). */
  readonly actions: readonly Action[];
  /** When something is due next (renewal trigger, SCEP poll or confirmed-commit deadline). */
  readonly next?: Date;
  /** Notes and `next: ...` lines: the standing state, logged by runDaemon when it changes. */
  readonly upcoming: readonly string[];
  /** The version of HEAD that `next` was planned from (head-watch.ts fileVersion). */
  readonly head?: string;
}

/** One reconcile pass (what `pkicfg daemon --once` does). */
export async function daemonPass(deps: DaemonDeps): Promise<PassResult> {
  const { log, clock, stateDir } = deps;
  let ok = true;
  const store = openStore(stateDir, {
    clock: () => clock.now().getTime(),
    enforcePending: false,
  });
  await enforceConfirmedDeadline(store, deps);
  if (!(await resumeScepJobs(deps))) ok = false;
  // 3. plan and reconcile
  const active: ConfigTree = store.active();
  const desired = desiredFromConfig(active);
  const actions = plan(desired, observeState(stateDir), clock.now());
  const upcoming: string[] = [];
  for (const a of actions) if (a.kind === 'note') upcoming.push(describeAction(a));
  const r = await reconcile(actions, {
    stateDir,
    clock,
    scepTransport: deps.scepTransport,
    cmpTransport: deps.cmpTransport,
    reservedProfiles: desired.caProfiles.map((p) => p.name),
    log,
    noWait: true,
  });
  if (r.outcomes.some((o) => !o.ok)) ok = false;
  for (const o of r.outcomes) deps.onOutcome?.(o);
  // 4. CRLs of `revocation-check crl url` profiles that are due (crl-fetch.ts)
  const pki = openPkiStore(stateDir, { now: () => clock.now() });
  const crl = await refreshCrls(pkiView(active).caProfiles, pki, deps.scepTransport, clock.now(), log);
  if (!crl.ok) ok = false;
  // what comes next: re-plan on the state after this pass
  const after = plan(desired, observeState(stateDir), clock.now());
  const { candidates, head } = whatComesNext(after, store, stateDir, upcoming);
  if (crl.next) candidates.push(crl.next);
  candidates.sort((a, b) => a.getTime() - b.getTime());
  return { ok, actions, upcoming, head, ...(candidates[0] ? { next: candidates[0] } : {}) };
}

/** 1. An expired `commit confirmed` deadline: the automatic rollback, logged. */
async function enforceConfirmedDeadline(store: Store, deps: DaemonDeps): Promise<void> {
  const session = Session.open({
    store,
    language: defaultLanguage(),
    user: currentUser(deps.env ?? process.env),
    via: 'other',
    terminal: 'daemon',
  }).value;
  if (session) {
    try {
      const auto = await session.enforceDeadline();
      if (auto) deps.log(describeAutoRollback(auto, store.history()));
    } finally {
      session.close();
    }
  }
}

/**
 * 2. The durable SCEP jobs whose poll is due, run once each (never sleeping
 * here: a job not due yet keeps its nextPollAt). False when one failed.
 */
async function resumeScepJobs(deps: DaemonDeps): Promise<boolean> {
  const { log, clock, stateDir } = deps;
  let ok = true;
  for (const j0 of listJobs(stateDir)) {
    if (j0.state !== 'requesting' && j0.state !== 'pending') continue;
    if (j0.nextPollAt && Date.parse(j0.nextPollAt) > clock.now().getTime()) continue;
    let r;
    try {
      r = await runScepJob(stateDir, j0.certId, { transport: deps.scepTransport, clock: noWaitClock(clock) });
    } catch (e) {
      if (!(e instanceof WaitDeferred)) throw e;
      const j = loadJob(stateDir, j0.certId);
      log(
        `SCEP enrollment of ${j0.certId} still pending at the CA (poll ${j?.polls ?? 0} of ${j?.retry ?? '?'})`,
      );
      continue;
    }
    const j = r.value;
    if (j?.state === 'issued')
      log(`resumed SCEP enrollment of ${j.certId}: issued serial ${j.serial ?? '?'}`);
    else {
      ok = false;
      const why = j?.reason ?? r.diagnostics.find((d) => d.severity === 'error')?.message ?? 'unknown error';
      log(`resumed SCEP enrollment of ${j0.certId}: ${j?.state ?? 'failed'}: ${why}`);
    }
  }
  return ok;
}

/**
 * When something is due next after this pass: the first renewal trigger of
 * the plan `after` it, the polls of unfinished SCEP jobs and the
 * confirmed-commit deadline, each also said as a `next:` line of `upcoming`;
 * with the version of HEAD they were read from.
 */
function whatComesNext(
  after: readonly Action[],
  store: Store,
  stateDir: string,
  upcoming: string[],
): { candidates: Date[]; head: string } {
  const candidates: Date[] = [];
  const trigger = nextTrigger(after);
  if (trigger) {
    candidates.push(trigger);
    const first = after.find((a) => a.kind === 'scheduled' && a.at.getTime() === trigger.getTime());
    if (first) upcoming.push(`next: ${describeAction(first)}`);
  }
  for (const j of listJobs(stateDir)) {
    if ((j.state === 'requesting' || j.state === 'pending') && j.nextPollAt) {
      candidates.push(new Date(j.nextPollAt));
      upcoming.push(`next: poll the CA for ${j.certId} at ${formatJunosDate(new Date(j.nextPollAt))}`);
    }
  }
  // read before HEAD itself: a commit after this read makes the sleep end at once
  const head = fileVersion(join(store.configDir, 'HEAD'));
  const pending = store.head().pending;
  if (pending) {
    candidates.push(new Date(pending.deadline));
    upcoming.push(`next: commit confirmed deadline ${formatJunosDate(new Date(pending.deadline))}`);
  }
  return { candidates, head };
}

/** The start-up line: what the daemon watches and what it does next. */
function startLine(stateDir: string, r: PassResult): string {
  const desired = desiredFromConfig(openStore(stateDir, { enforcePending: false }).active());
  const ids = desired.renewals.map((x) => x.certId);
  const next = r.upcoming.find((l) => l.startsWith('next: '))?.slice('next: '.length);
  return `started: watching ${stateDir}: ${ids.length} certificate${ids.length === 1 ? '' : 's'} with auto-re-enrollment${ids.length ? ` (${ids.join(', ')})` : ''}, ${desired.caProfiles.length} ca-profile${desired.caProfiles.length === 1 ? '' : 's'}; next event: ${next ?? 'none scheduled'}`;
}

export interface DaemonLoopOptions {
  readonly once: boolean;
  /** Upper bound of one sleep (ms). */
  readonly intervalMs: number;
  readonly signal?: AbortSignal;
}

/** Runs passes until `signal` aborts (or one pass with `once`); true when the last pass was ok. */
export async function runDaemon(deps: DaemonDeps, opts: DaemonLoopOptions): Promise<boolean> {
  let shown = '';
  let first = true;
  for (;;) {
    const r = await daemonPass(deps);
    if (first) {
      first = false;
      deps.log(startLine(deps.stateDir, r));
    }
    // a quiet loop: the `next:` lines only when they change
    const upcoming = r.upcoming.join('\n');
    if (upcoming !== shown) for (const l of r.upcoming) deps.log(l);
    shown = upcoming;
    if (opts.once || opts.signal?.aborted) return r.ok;
    const now = deps.clock.now().getTime();
    const untilNext = r.next ? r.next.getTime() - now : opts.intervalMs;
    // a failed renewal is scheduled again by its backoff (backoff.ts), so `next` is its retry;
    // something failed and still due at once (no retry time of its own) waits the interval
    const wait = Math.min(
      opts.intervalMs,
      untilNext > 0 ? Math.max(untilNext, 1000) : r.ok ? 1000 : opts.intervalMs,
    );
    await sleepUntilChanged(deps.clock, wait, join(deps.stateDir, 'config'), 'HEAD', {
      signal: opts.signal,
      since: r.head,
    });
    if (opts.signal?.aborted) return r.ok;
  }
}
