/**
 * Level-triggered enrollment planning (STYLE.md "Reconcile is level-triggered"):
 * `plan(desired, observed, now)` reads the WHOLE committed configuration
 * (`desiredFromConfig`) and the whole PKI state (`ObservedState`), never a
 * diff, and returns the actions that make the state match. It is pure: no
 * clock, no file system, no network. Only `reconcile.ts` executes actions.
 *
 * Junos rules (junos-pki.md §1.8, §4 rules 1-4, 12):
 * - a renewal starts when `re-enroll-trigger-time-percentage` % of the
 *   certificate's validity remains, or `re-enroll-time days|hours|percent`
 *   before expiry (re-enroll-time wins);
 * - only local end-entity certificates are renewed, and only when the CA
 *   certificate of the profile is present;
 * - the key is reused unless `re-generate-keypair`; the DN is kept;
 * - SCEP renews with a RenewalReq signed by the current certificate, CMPv2
 *   with a kur protected by the current certificate;
 * - deleting or deactivating a ca-profile removes the CA certificate loaded
 *   into it (CA certificates stored for a CMPv2 chain under serial-derived
 *   names are kept while their parent profile exists).
 *
 * Besides executable actions, `plan` returns `scheduled` entries (a renewal
 * that is not due yet, with its trigger time) and `note` entries (why an
 * entry has nothing to do), so `commit check` can show the whole picture.
 */
import { pkiView, type AutoReEnrollmentView, type RenewalPolicy } from '../tree/pki-view.js';
import type { ConfigTree } from '../tree/config-tree.js';
import { formatJunosDate } from '../pki/junos-date.js';
import type { Diagnostic } from '../diag/diagnostic.js';
import { renewalSchedule } from './renewal.js';
import { nextRetryAt, type RetryPolicy } from './backoff.js';
import type { AttemptRecord } from './attempt-store.js';

export type RenewalProtocol = 'scep' | 'cmpv2';

/** One `auto-re-enrollment ... certificate-id X` entry of the committed configuration. */
export type DesiredRenewal = Omit<AutoReEnrollmentView, 'path' | 'protocol' | 'triggerConfigured'> & {
  readonly protocol: RenewalProtocol;
};

interface DesiredCaProfile {
  readonly name: string;
  readonly url?: string;
  readonly retry: number;
  readonly retryIntervalSec: number;
  /** `enrollment retry-interval` is configured: failed renewals are retried at that interval (backoff.ts). */
  readonly retryIntervalConfigured?: boolean;
}

export interface DesiredState {
  readonly renewals: readonly DesiredRenewal[];
  readonly caProfiles: readonly DesiredCaProfile[];
}

export interface ObservedLocalCert {
  readonly certId: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** Subject for display (`CN=..., O=...`). */
  readonly subject?: string;
  /** The issuer's certificate is somewhere in the CA store (a CMPv2 trust anchor for the kup). */
  readonly issuerInStore?: boolean;
  /** Listed in a stored CRL of its issuing CA (issuer and signature checked, as verify does). */
  readonly revoked?: { readonly at: Date; readonly reason?: string; readonly caProfile: string };
}

interface ObservedCaCert {
  readonly profile: string;
  /** Stored as part of a CMPv2 chain under a serial-derived name (pki/ca-chain-naming). */
  readonly chainParent?: string;
}

export interface ObservedState {
  readonly localCerts: readonly ObservedLocalCert[];
  readonly caCerts: readonly ObservedCaCert[];
  /** Certificate ids with an unfinished (requesting/pending) SCEP job. */
  readonly pendingJobs: readonly string[];
  /** The recorded renewal attempts (attempt-store.ts): failed ones back off (backoff.ts). */
  readonly attempts?: readonly AttemptRecord[];
  /** notAfter of the CA certificate of each profile, where known (the status view). */
  readonly caNotAfter?: ReadonlyMap<string, Date>;
}

interface RenewBase {
  readonly certId: string;
  readonly caProfile: string;
  readonly url: string;
  /** The trigger time (due when <= now). */
  readonly at: Date;
  readonly regenerateKey: boolean;
  /** The ca-profile's retry spacing after a failure (backoff.ts). */
  readonly backoff: RetryPolicy;
}

export interface RenewScepAction extends RenewBase {
  readonly kind: 'renew-scep';
  readonly retry: number;
  readonly retryIntervalSec: number;
  readonly challengePassword?: string;
  readonly scepCipher?: string;
  readonly scepDigest?: string;
}

interface RenewCmpv2Action extends RenewBase {
  readonly kind: 'renew-cmpv2';
}

interface RemoveCaCertificateAction {
  readonly kind: 'remove-ca-certificate';
  readonly caProfile: string;
}

/** A renewal whose trigger time has not come yet. */
interface ScheduledAction {
  readonly kind: 'scheduled';
  readonly protocol: RenewalProtocol;
  readonly certId: string;
  readonly at: Date;
  /** A retry after this many consecutive failed attempts (backoff.ts); absent: the renewal trigger. */
  readonly retryAfter?: number;
}

/** Nothing to do, and why (worth showing at commit check). */
interface NoteAction {
  readonly kind: 'note';
  readonly certId?: string;
  readonly message: string;
}

export type RenewAction = RenewScepAction | RenewCmpv2Action;
/** What reconcile executes. */
export type EffectAction = RenewAction | RemoveCaCertificateAction;
export type Action = EffectAction | ScheduledAction | NoteAction;

export function isEffect(a: Action): a is EffectAction {
  return a.kind === 'renew-scep' || a.kind === 'renew-cmpv2' || a.kind === 'remove-ca-certificate';
}

// ---------------------------------------------------------------------------
// desired: the PKI view of the committed configuration (tree/pki-view.ts)

/**
 * The desired state of a committed configuration tree. Inactive statements
 * count as absent (the PKI view reads the effective tree). ACME entries are not handled.
 */
export function desiredFromConfig(tree: ConfigTree | undefined): DesiredState {
  const view = pkiView(tree);
  const renewals = view.renewals.flatMap(
    ({ path: _path, triggerConfigured: _t, protocol, ...r }): DesiredRenewal[] =>
      protocol === 'acme' ? [] : [{ ...r, protocol }],
  );
  const caProfiles = view.caProfiles.map((p): DesiredCaProfile => ({
    name: p.name,
    ...(p.url !== undefined ? { url: p.url } : {}),
    retry: p.retry,
    retryIntervalSec: p.retryIntervalSec,
    retryIntervalConfigured: p.retryIntervalConfigured,
  }));
  return { renewals, caProfiles };
}

// ---------------------------------------------------------------------------
// plan

/**
 * The actions that bring `observed` to `desired` at `now`. Pure and
 * deterministic: renewals in configuration order, then CA certificate removals
 * in store order.
 */
export function plan(desired: DesiredState, observed: ObservedState, now: Date): Action[] {
  const profiles = new Map(desired.caProfiles.map((p) => [p.name, p]));
  const known: Known = {
    profiles,
    certs: new Map(observed.localCerts.map((c) => [c.certId, c])),
    cas: new Set(observed.caCerts.map((c) => c.profile)),
    pending: new Set(observed.pendingJobs),
    attempts: new Map((observed.attempts ?? []).map((a) => [a.certId, a])),
  };
  const out: Action[] = desired.renewals.map((r) => renewalAction(r, known, now));
  for (const ca of observed.caCerts) {
    if (profiles.has(ca.profile)) continue;
    if (ca.chainParent !== undefined) continue; // chain certificates may serve other profiles: kept
    out.push({ kind: 'remove-ca-certificate', caProfile: ca.profile });
  }
  return out;
}

/** The desired ca-profiles and the observed state, by name. */
interface Known {
  readonly profiles: ReadonlyMap<string, DesiredCaProfile>;
  readonly certs: ReadonlyMap<string, ObservedLocalCert>;
  /** Profiles holding a CA certificate. */
  readonly cas: ReadonlySet<string>;
  /** Certificate ids with an unfinished SCEP job. */
  readonly pending: ReadonlySet<string>;
  readonly attempts: ReadonlyMap<string, AttemptRecord>;
}

/** A renewal entry that has all it needs: its certificate, its profile with a url, its trigger time. */
interface Renewable {
  readonly cert: ObservedLocalCert;
  readonly caProfile: string;
  readonly profile: DesiredCaProfile;
  readonly url: string;
  readonly at: Date;
}

/** The one action of an auto-re-enrollment entry: why it has nothing to do, when it renews, or its renewal. */
function renewalAction(r: DesiredRenewal, known: Known, now: Date): Action {
  const ready = renewable(r, known);
  if (typeof ready === 'string') return { kind: 'note', certId: r.certId, message: ready };
  const { cert, profile, at } = ready;
  if (at.getTime() > now.getTime()) return { kind: 'scheduled', protocol: r.protocol, certId: r.certId, at };
  // a failed renewal of this certificate (not one made before it was issued) waits for its retry
  const last = known.attempts.get(r.certId);
  if (last?.lastResult === 'failed' && Date.parse(last.lastAttemptAt) >= cert.notBefore.getTime()) {
    const retryAt = nextRetryAt(new Date(last.lastAttemptAt), last.failures, profile);
    if (retryAt.getTime() > now.getTime()) {
      return {
        kind: 'scheduled',
        protocol: r.protocol,
        certId: r.certId,
        at: retryAt,
        retryAfter: last.failures,
      };
    }
  }
  return renewal(r, ready);
}

/** What the entry needs to be renewed at all, or the note saying what it lacks. */
function renewable(r: DesiredRenewal, known: Known): Renewable | string {
  const entryName = `auto-re-enrollment ${r.legacy ? '' : `${r.protocol} `}${r.certId}`;
  const cert = known.certs.get(r.certId);
  if (!cert) return `${entryName}: no local certificate yet`;
  if (r.caProfile === undefined) return `${entryName}: no ca-profile-name configured`;
  const profile = known.profiles.get(r.caProfile);
  if (!profile) return `${entryName}: ca-profile ${r.caProfile} is not configured`;
  if (profile.url === undefined) return `${entryName}: ca-profile ${r.caProfile} has no enrollment url`;
  // rule 2: the CA certificate must be present. SCEP needs it under the profile (the
  // request is encrypted to it); CMPv2 needs a trust anchor for the response, and the
  // CA certificate of a CMPv2 response may already live under another profile.
  if (!known.cas.has(r.caProfile) && !(r.protocol === 'cmpv2' && cert.issuerInStore === true)) {
    return `CA certificate missing for ca-profile ${r.caProfile}: run request security pki ca-certificate enroll ca-profile ${r.caProfile}`;
  }
  // a certificate valid for no time at all would be renewed on every pass, each renewal
  // bringing another like it from the same CA: reported, never looped on
  if (cert.notAfter.getTime() <= cert.notBefore.getTime()) {
    return `${entryName}: certificate has an empty validity period (not after its not-before date); not renewed automatically`;
  }
  // a trigger at issuance is replaced by the fallback (renewal.ts): never a renewal on every pass
  const at = renewalSchedule(cert.notBefore, cert.notAfter, r.policy)?.at;
  if (at === undefined)
    return `${entryName}: neither re-enroll-trigger-time-percentage nor re-enroll-time is configured`;
  if (known.pending.has(r.certId)) return `${entryName}: enrollment in progress (resumed by the daemon)`;
  return { cert, caProfile: r.caProfile, profile, url: profile.url, at };
}

/** The renewal itself, over the entry's protocol, with its profile's url and retry spacing. */
function renewal(r: DesiredRenewal, { caProfile, profile, url, at }: Renewable): RenewAction {
  const base = {
    certId: r.certId,
    caProfile,
    url,
    at,
    regenerateKey: r.regenerateKey,
    backoff: {
      retryIntervalSec: profile.retryIntervalSec,
      retryIntervalConfigured: profile.retryIntervalConfigured === true,
    },
  };
  if (r.protocol === 'cmpv2') return { kind: 'renew-cmpv2', ...base };
  return {
    kind: 'renew-scep',
    ...base,
    retry: profile.retry,
    retryIntervalSec: profile.retryIntervalSec,
    ...(r.challengePassword !== undefined ? { challengePassword: r.challengePassword } : {}),
    ...(r.scepCipher !== undefined ? { scepCipher: r.scepCipher } : {}),
    ...(r.scepDigest !== undefined ? { scepDigest: r.scepDigest } : {}),
  };
}

/** The configured trigger as a statement (`re-enroll-time hours 24`), for the warning's block. */
function triggerStatement(p: RenewalPolicy): string {
  if (p.days !== undefined) return `re-enroll-time days ${p.days}`;
  if (p.hours !== undefined) return `re-enroll-time hours ${p.hours}`;
  if (p.percent !== undefined) return `re-enroll-time percent ${p.percent}`;
  return `re-enroll-trigger-time-percentage ${p.percentage ?? ''}`.trimEnd();
}

/** `1 day 0 hours 5 minutes` */
function formatValidity(ms: number): string {
  const min = Math.round(ms / 60_000);
  const d = Math.floor(min / 1440);
  const h = Math.floor(min / 60) % 24;
  const m = min % 60;
  const unit = (n: number, w: string): string => `${n} ${w}${n === 1 ? '' : 's'}`;
  return [d ? unit(d, 'day') : '', d || h ? unit(h, 'hour') : '', unit(m, 'minute')]
    .filter(Boolean)
    .join(' ');
}

/**
 * Warnings for auto-re-enrollment entries whose trigger falls at the issuance
 * of their local certificate (renewal.ts): Junos blocks naming the entry and
 * its trigger statement, with the time renewal happens instead. Shown by
 * `commit check` and `commit`.
 */
export function triggerWarnings(tree: ConfigTree | undefined, observed: ObservedState): Diagnostic[] {
  const certs = new Map(observed.localCerts.map((c) => [c.certId, c]));
  const out: Diagnostic[] = [];
  for (const r of pkiView(tree).renewals) {
    const cert = certs.get(r.certId);
    if (r.protocol === 'acme' || !cert) continue;
    const s = renewalSchedule(cert.notBefore, cert.notAfter, r.policy);
    if (s?.configuredAt === undefined) continue;
    const validity = formatValidity(cert.notAfter.getTime() - cert.notBefore.getTime());
    out.push({
      code: 'ENROLL_TRIGGER_AT_ISSUANCE',
      severity: 'warning',
      stage: 'enroll',
      path: r.path,
      statement: triggerStatement(r.policy),
      message: `re-enroll trigger falls at the issuance of certificate ${r.certId} (validity ${validity}); renewed when one third of the validity remains instead (${formatJunosDate(s.at)})`,
    });
  }
  return out;
}

/** The earliest future trigger among scheduled renewals. */
export function nextTrigger(actions: readonly Action[]): Date | undefined {
  let best: Date | undefined;
  for (const a of actions) if (a.kind === 'scheduled' && (!best || a.at < best)) best = a.at;
  return best;
}

const PROTOCOL_NAME: Record<RenewalProtocol, string> = { scep: 'SCEP', cmpv2: 'CMPv2' };

/** One line per action, terraform-style (`Enrollment plan: ...`); never contains secrets. */
export function describeAction(a: Action): string {
  switch (a.kind) {
    case 'renew-scep':
    case 'renew-cmpv2': {
      const p = a.kind === 'renew-scep' ? 'SCEP' : 'CMPv2';
      return `renew ${a.certId} over ${p} now (due ${formatJunosDate(a.at)}, ca-profile ${a.caProfile}, ${a.regenerateKey ? 'new key pair' : 'same key pair'})`;
    }
    case 'scheduled':
      return a.retryAfter !== undefined
        ? `retry renewal of ${a.certId} over ${PROTOCOL_NAME[a.protocol]} at ${formatJunosDate(a.at)} (${a.retryAfter} failed attempt${a.retryAfter === 1 ? '' : 's'})`
        : `renew ${a.certId} over ${PROTOCOL_NAME[a.protocol]} at ${formatJunosDate(a.at)}`;
    case 'remove-ca-certificate':
      return `remove CA certificate of deleted ca-profile ${a.caProfile}`;
    case 'note':
      return a.message;
  }
}

export function renderPlan(actions: readonly Action[]): string[] {
  return actions.map((a) => `Enrollment plan: ${describeAction(a)}`);
}
