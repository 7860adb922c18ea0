/**
 * Automatic re-enrollment (Junos `auto-re-enrollment scep certificate-id X`,
 * junos-pki.md §1.8 and §4 rules 1-4): when the certificate's remaining
 * lifetime falls to `re-enroll-trigger-time-percentage` % of its validity —
 * or `re-enroll-time days|hours|percent` before expiry, which wins when both
 * are set — a RenewalReq job for the same DN is started (existing key unless
 * `re-generate-keypair`). Time is an injected Clock, so the scheduler is
 * tested without waiting.
 */
import type { Result } from '../diag/diagnostic.js';
import { decrypt9 } from '../syntax/secret.js';
import { readLocalCertificate } from '../pki/pki-objects.js';
import { openPkiStore } from '../pki/pki-store.js';
import { caProfileSettings, scepCipherFromJunos, scepDigestFromJunos } from './ca-profile.js';
import type { Clock } from './clock.js';
import type { ScepJob } from './job-store.js';
import { createScepRenewalJob, runScepJob, type RunDeps } from './scep-job.js';

export interface RenewalPolicy {
  /** re-enroll-trigger-time-percentage: percent of the lifetime still remaining. */
  readonly percentage?: number;
  /** re-enroll-time (wins over percentage). */
  readonly days?: number;
  readonly hours?: number;
  readonly percent?: number;
}

/** When renewal should start; undefined when the policy sets no trigger. */
export function renewalTriggerTime(notBefore: Date, notAfter: Date, policy: RenewalPolicy): Date | undefined {
  const end = notAfter.getTime();
  const life = end - notBefore.getTime();
  if (policy.days !== undefined) return new Date(end - policy.days * 86_400_000);
  if (policy.hours !== undefined) return new Date(end - policy.hours * 3_600_000);
  const pct = policy.percent ?? policy.percentage;
  if (pct === undefined) return undefined;
  return new Date(end - (life * pct) / 100);
}

export interface RenewalTarget {
  readonly certId: string;
  readonly caProfile: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly policy: RenewalPolicy;
  readonly challengePassword?: string;
  readonly regenerateKey: boolean;
  readonly cipher?: string;
  readonly digest?: string;
}

export function triggerOf(t: RenewalTarget): Date | undefined {
  return renewalTriggerTime(t.notBefore, t.notAfter, t.policy);
}

/** Targets whose trigger time has come. */
export function dueRenewals(targets: readonly RenewalTarget[], now: Date): RenewalTarget[] {
  return targets.filter((t) => {
    const at = triggerOf(t);
    return at !== undefined && at.getTime() <= now.getTime();
  });
}

/** The earliest future trigger. */
export function nextRenewal(
  targets: readonly RenewalTarget[],
): { target: RenewalTarget; at: Date } | undefined {
  let best: { target: RenewalTarget; at: Date } | undefined;
  for (const t of targets) {
    const at = triggerOf(t);
    if (at && (!best || at < best.at)) best = { target: t, at };
  }
  return best;
}

type Obj = { readonly [k: string]: unknown };
const obj = (v: unknown): Obj | undefined =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined;
const num = (v: unknown): number | undefined =>
  typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : undefined;
const names = (list: Obj | undefined): string[] =>
  !list
    ? []
    : Array.isArray(list['@order'])
      ? (list['@order'] as string[])
      : Object.keys(list).filter((k) => !k.startsWith('@'));

/**
 * The SCEP auto-re-enrollment entries of a configuration tree (the `scep`
 * form and the deprecated bare form) joined with the certificates in the PKI
 * store. Entries without a local certificate yet are skipped (nothing to renew).
 */
export function scepRenewalTargets(tree: unknown, stateDir: string): RenewalTarget[] {
  const are = obj(obj(obj(obj(tree)?.security)?.pki)?.['auto-re-enrollment']);
  const lists = [obj(obj(are?.scep)?.['certificate-id']), obj(are?.['certificate-id'])];
  const store = openPkiStore(stateDir);
  const out: RenewalTarget[] = [];
  for (const list of lists) {
    for (const id of names(list)) {
      const e = obj(list?.[id]);
      if (!e || obj(e['@'])?.inactive) continue;
      const cert = readLocalCertificate(store, id).value;
      if (!cert) continue;
      const ret = obj(e['re-enroll-time']);
      const secret = typeof e['challenge-password'] === 'string' ? e['challenge-password'] : undefined;
      const enc = obj(e['scep-encryption-algorithm']);
      const dig = obj(e['scep-digest-algorithm']);
      out.push({
        certId: id,
        caProfile: String(e['ca-profile-name'] ?? ''),
        notBefore: cert.notBefore,
        notAfter: cert.notAfter,
        policy: {
          percentage: num(e['re-enroll-trigger-time-percentage']),
          days: num(ret?.days),
          hours: num(ret?.hours),
          percent: num(ret?.percent),
        },
        challengePassword: secret === undefined ? undefined : (decrypt9(secret) ?? secret),
        regenerateKey: e['re-generate-keypair'] === true,
        cipher: enc ? Object.keys(enc).find((k) => !k.startsWith('@')) : undefined,
        digest: dig ? Object.keys(dig).find((k) => !k.startsWith('@')) : undefined,
      });
    }
  }
  return out;
}

export interface SchedulerDeps extends RunDeps {
  readonly stateDir: string;
  readonly clock: Clock;
  /** The committed configuration (re-read on every round). */
  readonly config: () => unknown;
  /** Pause between rounds when nothing is due soon (default 1 h). */
  readonly idleMs?: number;
}

/** Renews every due certificate once; returns the jobs' results. */
export async function renewDue(deps: SchedulerDeps): Promise<Result<ScepJob | undefined>[]> {
  const now = deps.clock.now();
  const tree = deps.config();
  const out: Result<ScepJob | undefined>[] = [];
  for (const t of dueRenewals(scepRenewalTargets(tree, deps.stateDir), now)) {
    const profile = caProfileSettings(tree, t.caProfile);
    if (!profile.value) {
      out.push({ value: undefined, diagnostics: profile.diagnostics });
      continue;
    }
    const job = createScepRenewalJob(
      deps.stateDir,
      {
        certId: t.certId,
        profile: profile.value,
        challengePassword: t.challengePassword,
        regenerateKey: t.regenerateKey,
        cipher: scepCipherFromJunos(t.cipher),
        scepDigest: scepDigestFromJunos(t.digest),
      },
      now,
    );
    out.push(job.value ? await runScepJob(deps.stateDir, t.certId, deps) : job);
  }
  return out;
}

/**
 * Runs until `signal` aborts: sleep until the next trigger (at most idleMs),
 * renew what is due, repeat. A renewal that fails is retried after idleMs.
 */
export async function runRenewalScheduler(deps: SchedulerDeps, signal: AbortSignal): Promise<void> {
  const idle = deps.idleMs ?? 3_600_000;
  while (!signal.aborted) {
    await renewDue(deps);
    const next = nextRenewal(scepRenewalTargets(deps.config(), deps.stateDir));
    const now = deps.clock.now().getTime();
    const wait = next ? Math.min(Math.max(next.at.getTime() - now, 0) || idle, idle) : idle;
    if (signal.aborted) break;
    await deps.clock.sleep(wait);
  }
}
