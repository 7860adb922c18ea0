/**
 * The typed view of `security pki` in a configuration tree: ca-profiles and
 * auto-re-enrollment entries, read once from the effective tree (inactive
 * statements count as absent, as Junos treats them) and shared by every
 * consumer: validate rules, the enrollment planner and engines, the shell's
 * op commands. Nothing else reads `security pki` by hand, so inactive
 * handling, defaults and the number forms are the same everywhere.
 *
 * Junos's enrollment defaults are uncertain (YANG 1000/600, current docs
 * 10/900); pkicfg uses the documented CLI defaults 10 and 900 seconds.
 */
import { isReservedKey, type ConfigObject, type ConfigTree } from './config-tree.js';

const DEFAULT_RETRY = 10;
const DEFAULT_RETRY_INTERVAL_SEC = 900;

type RenewalProtocol = 'scep' | 'cmpv2' | 'acme';

/** When an auto-re-enrollment starts (see enroll/renewal.ts). */
export interface RenewalPolicy {
  /** re-enroll-trigger-time-percentage: percent of the lifetime still remaining. */
  readonly percentage?: number;
  /** re-enroll-time (wins over percentage). */
  readonly days?: number;
  readonly hours?: number;
  readonly percent?: number;
}

export interface CaProfileView {
  readonly name: string;
  readonly path: readonly string[];
  readonly caIdentity?: string;
  /** `enrollment url`, when configured. */
  readonly url?: string;
  readonly retry: number;
  readonly retryIntervalSec: number;
  /** `enrollment retry-interval` is configured (enrollment backoff then keeps to it). */
  readonly retryIntervalConfigured: boolean;
  /** `revocation-check`: how certificates issued by this CA are checked for revocation. */
  readonly revocation: RevocationView;
}

/** `revocation-check` of a ca-profile (junos-pki.md §1.2). */
interface RevocationView {
  /** `revocation-check disable`: no revocation checking (no CRL is fetched). */
  readonly disabled: boolean;
  /** The first `crl url` (Junos documents one URL per CA profile). */
  readonly crlUrl?: string;
  /** `crl refresh-interval` hours; absent or 0: refreshed at the CRL's own nextUpdate. */
  readonly refreshHours?: number;
  /** `crl disable on-download-failure`: a failed download does not fail verification. */
  readonly disableOnDownloadFailure: boolean;
}

export interface AutoReEnrollmentView {
  readonly protocol: RenewalProtocol;
  readonly certId: string;
  /** Path of the entry (`security pki auto-re-enrollment [scep|cmpv2|acme] certificate-id ID`). */
  readonly path: readonly string[];
  /** The deprecated bare `auto-re-enrollment certificate-id` form (SCEP). */
  readonly legacy: boolean;
  readonly caProfile?: string;
  readonly policy: RenewalPolicy;
  /** `re-enroll-trigger-time-percentage` or `re-enroll-time` is configured (Junos 23.1 requires one). */
  readonly triggerConfigured: boolean;
  readonly regenerateKey: boolean;
  /** As configured (usually `$9$`); decrypted only where a request is built. Never printed. */
  readonly challengePassword?: string;
  /** `scep-encryption-algorithm` word (des | des3). */
  readonly scepCipher?: string;
  /** `scep-digest-algorithm` word (md5 | sha1). */
  readonly scepDigest?: string;
}

export interface PkiView {
  /** ca-profiles in configuration order. */
  readonly caProfiles: readonly CaProfileView[];
  readonly caProfile: (name: string) => CaProfileView | undefined;
  /**
   * caProfile(name)?.url without building the view: NO_PROFILE when `name` is
   * not an active ca-profile. enrollment-url-required asks this of every
   * auto-re-enrollment entry: building 20,000 views for it was a tenth of
   * validating a 200,000-line file.
   */
  readonly caProfileUrl: (name: string) => string | undefined | typeof NO_PROFILE;
  /** Every auto-re-enrollment entry: scep, cmpv2, acme, then the legacy form (what validation checks). */
  readonly autoReEnrollment: readonly AutoReEnrollmentView[];
  /** The entries that take effect: the first one per certificate-id, in that order. */
  readonly renewals: readonly AutoReEnrollmentView[];
  /** `system host-name`, used for default subjects. */
  readonly hostName?: string;
}

type Obj = { readonly [k: string]: unknown };
const obj = (v: unknown): Obj | undefined =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined;
const num = (v: unknown): number | undefined =>
  typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : undefined;
const str = (v: unknown): string | undefined =>
  typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined;
/** List entry names in user order (`@order` first, then any others). */
const names = (list: Obj | undefined): string[] => {
  if (!list) return [];
  const present = Object.keys(list).filter((k) => !isReservedKey(k) && list[k] !== undefined);
  const order = list['@order'];
  if (!Array.isArray(order)) return present;
  const set = new Set(present);
  const ordered = (order as unknown[]).filter((n): n is string => typeof n === 'string' && set.has(n));
  const inOrder = new Set(ordered);
  return [...ordered, ...present.filter((n) => !inOrder.has(n))];
};
/** names(list)[0] without building the list of names (a ca-profile's one `crl url`). */
const firstName = (list: Obj | undefined): string | undefined => {
  if (!list) return undefined;
  const order = list['@order'];
  if (Array.isArray(order))
    for (const n of order as unknown[])
      if (typeof n === 'string' && !isReservedKey(n) && Object.hasOwn(list, n) && list[n] !== undefined)
        return n;
  for (const k in list) if (Object.hasOwn(list, k) && !isReservedKey(k) && list[k] !== undefined) return k;
  return undefined;
};
const flagWord = (o: Obj | undefined): string | undefined =>
  o ? Object.keys(o).find((k) => get(o, k) !== undefined) : undefined;

/** caProfileUrl's answer for a name that is not an active ca-profile. */
export const NO_PROFILE: unique symbol = Symbol('no ca-profile');

const EMPTY: PkiView = {
  caProfiles: [],
  caProfile: () => undefined,
  caProfileUrl: () => NO_PROFILE,
  autoReEnrollment: [],
  renewals: [],
};
const cache = new WeakMap<object, PkiView>();

/** The PKI view of a tree (memoized per tree object: trees are immutable). */
export function pkiView(tree: ConfigTree | ConfigObject | undefined): PkiView {
  if (!tree) return EMPTY;
  const hit = cache.get(tree);
  if (hit) return hit;
  const view = build(tree as Obj);
  cache.set(tree, view);
  return view;
}

/**
 * Lazy: a big configuration may hold thousands of ca-profiles, and validation
 * of a one-entry change must read only what it asks for (test/unit/commit/change-cost).
 */
function build(tree: Obj): PkiView {
  const rawSecurity = obj(tree.security);
  const rawPki = obj(rawSecurity?.pki);
  const system = obj(tree.system);
  const hostName = inactive(system) ? undefined : str(system?.['host-name']);
  if (!rawPki || inactive(rawSecurity) || inactive(rawPki))
    return { ...EMPTY, ...(hostName !== undefined ? { hostName } : {}) };
  const base = ['security', 'pki'];
  const listed = obj(rawPki['ca-profile']);
  const rawProfiles = inactive(listed) ? undefined : listed;
  const profileMemo = new Map<string, CaProfileView | undefined>();
  const rawProfile = (name: string): Obj | undefined => {
    const raw = isReservedKey(name) ? undefined : obj(rawProfiles?.[name]);
    return raw && !inactive(raw) ? raw : undefined;
  };
  const caProfile = (name: string): CaProfileView | undefined => {
    if (profileMemo.has(name)) return profileMemo.get(name);
    const raw = rawProfile(name);
    const view = raw ? profileOf(name, [...base, 'ca-profile', name], raw) : undefined;
    profileMemo.set(name, view);
    return view;
  };
  const caProfileUrl = (name: string): string | undefined | typeof NO_PROFILE => {
    const raw = rawProfile(name);
    return raw ? urlOf(raw) : NO_PROFILE;
  };
  let profiles: CaProfileView[] | undefined;
  let all: AutoReEnrollmentView[] | undefined;
  let renewals: AutoReEnrollmentView[] | undefined;
  const entries = (): AutoReEnrollmentView[] =>
    (all ??= reEnrollments(obj(rawPki['auto-re-enrollment']), base));
  return {
    get caProfiles() {
      return (profiles ??= names(rawProfiles).flatMap((n) => caProfile(n) ?? []));
    },
    caProfile,
    caProfileUrl,
    get autoReEnrollment() {
      return entries();
    },
    get renewals() {
      const seen = new Set<string>();
      return (renewals ??= entries().filter((r) => !seen.has(r.certId) && seen.add(r.certId)));
    },
    ...(hostName !== undefined ? { hostName } : {}),
  };
}

function inactive(o: Obj | undefined): boolean {
  return !!(obj(o?.['@']) as { inactive?: boolean } | undefined)?.inactive;
}

/**
 * The child `k` of `o` as the effective tree holds it (undefined when inactive):
 * read key by key instead of copying each entry's effective tree, which on a
 * 20,000-profile configuration was a quarter of validation.
 */
function get(o: Obj | undefined, k: string): unknown {
  if (!o || isReservedKey(k)) return undefined;
  const v = o[k];
  if (v === undefined) return undefined;
  if (obj(v) !== undefined) return inactive(v as Obj) ? undefined : v;
  return (obj(o[metaKey(k)]) as { inactive?: boolean } | undefined)?.inactive ? undefined : v;
}

const metaKeys = new Map<string, string>();

/**
 * "@<k>", made once per keyword: a new string per leaf read had to be looked
 * up as a key each time. Bounded: flagWord reads the keys a file wrote.
 */
function metaKey(k: string): string {
  let m = metaKeys.get(k);
  if (m === undefined) {
    m = `@${k}`;
    if (metaKeys.size < 256) metaKeys.set(k, m);
  }
  return m;
}

/** A ca-profile's `enrollment url`. */
function urlOf(p: Obj): string | undefined {
  return str(get(obj(get(p, 'enrollment')), 'url'));
}

function profileOf(name: string, path: readonly string[], p: Obj): CaProfileView {
  const enr = obj(get(p, 'enrollment'));
  const url = urlOf(p);
  const caIdentity = str(get(p, 'ca-identity'));
  const rc = obj(get(p, 'revocation-check'));
  const crl = obj(get(rc, 'crl'));
  const crlUrl = firstName(obj(get(crl, 'url')));
  const refresh = num(get(crl, 'refresh-interval'));
  const revocation: RevocationView = {
    disabled: get(rc, 'disable') === true,
    ...(crlUrl !== undefined ? { crlUrl } : {}),
    ...(refresh !== undefined && refresh > 0 ? { refreshHours: refresh } : {}),
    disableOnDownloadFailure: get(obj(get(crl, 'disable')), 'on-download-failure') === true,
  };
  return {
    name,
    path,
    ...(caIdentity !== undefined ? { caIdentity } : {}),
    ...(url !== undefined ? { url } : {}),
    retry: num(get(enr, 'retry')) ?? DEFAULT_RETRY,
    retryIntervalSec: num(get(enr, 'retry-interval')) ?? DEFAULT_RETRY_INTERVAL_SEC,
    retryIntervalConfigured: num(get(enr, 'retry-interval')) !== undefined,
    revocation,
  };
}

function reEnrollments(rawAre: Obj | undefined, base: readonly string[]): AutoReEnrollmentView[] {
  if (!rawAre || inactive(rawAre)) return [];
  const out: AutoReEnrollmentView[] = [];
  const add = (protocol: RenewalProtocol, sub: string | undefined, legacy: boolean): void => {
    const holder = sub ? obj(rawAre[sub]) : rawAre;
    if (!holder || inactive(holder)) return;
    const list = obj(holder['certificate-id']);
    for (const id of names(list)) {
      const e = obj(list?.[id]);
      if (!e || inactive(e)) continue;
      const path = [...base, 'auto-re-enrollment', ...(sub ? [sub] : []), 'certificate-id', id];
      out.push(entry(protocol, id, path, e, legacy));
    }
  };
  add('scep', 'scep', false);
  add('cmpv2', 'cmpv2', false);
  add('acme', 'acme', false);
  add('scep', undefined, true);
  return out;
}

function entry(
  protocol: RenewalProtocol,
  certId: string,
  path: readonly string[],
  e: Obj,
  legacy: boolean,
): AutoReEnrollmentView {
  const ret = obj(get(e, 're-enroll-time'));
  const pct = num(get(e, 're-enroll-trigger-time-percentage'));
  const policy: RenewalPolicy = {
    ...(pct !== undefined ? { percentage: pct } : {}),
    ...(num(get(ret, 'days')) !== undefined ? { days: num(get(ret, 'days')) } : {}),
    ...(num(get(ret, 'hours')) !== undefined ? { hours: num(get(ret, 'hours')) } : {}),
    ...(num(get(ret, 'percent')) !== undefined ? { percent: num(get(ret, 'percent')) } : {}),
  };
  const caProfile = str(get(e, 'ca-profile-name'));
  const secret = protocol === 'scep' ? str(get(e, 'challenge-password')) : undefined;
  const cipher = protocol === 'scep' ? flagWord(obj(get(e, 'scep-encryption-algorithm'))) : undefined;
  const digest = protocol === 'scep' ? flagWord(obj(get(e, 'scep-digest-algorithm'))) : undefined;
  return {
    protocol,
    certId,
    path,
    legacy,
    ...(caProfile !== undefined ? { caProfile } : {}),
    policy,
    triggerConfigured:
      get(e, 're-enroll-trigger-time-percentage') !== undefined || get(e, 're-enroll-time') !== undefined,
    regenerateKey: get(e, 're-generate-keypair') === true || obj(get(e, 're-generate-keypair')) !== undefined,
    ...(secret !== undefined ? { challengePassword: secret } : {}),
    ...(cipher !== undefined ? { scepCipher: cipher } : {}),
    ...(digest !== undefined ? { scepDigest: digest } : {}),
  };
}
