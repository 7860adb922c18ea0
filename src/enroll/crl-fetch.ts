/**
 * CRL download for ca-profiles with `revocation-check crl url URL`
 * (junos-pki.md §1.2, rule 14): fetched over HTTP, believed only when it is a
 * CRL of the profile's CA certificate, and stored as `request security pki
 * crl load` stores it (one CRL per ca-profile, meta source `downloaded`).
 *
 * Trust decision (README "Trust model"): a downloaded CRL is accepted only
 * when its issuer name is the subject of the CA certificate loaded for the
 * profile and its signature verifies with that certificate's key
 * (checkCrlIssuer), its thisUpdate is not in the future, and it is not older
 * than the CRL already stored (lower cRLNumber, or an earlier thisUpdate when
 * either has none): a replayed old CRL would un-revoke certificates. Anything
 * else is refused and the stored CRL stays.
 *
 * When: `refresh-interval` hours after the last download; without it (or 0)
 * at the CRL's own nextUpdate (Junos docs), or 24 hours when it has none
 * (the old default). The daemon calls refreshCrls every pass and sleeps until
 * the next one is due; `request security pki ... verify` downloads a due CRL
 * first (Junos "dynamic CRL download"), see crlsForVerify.
 *
 * `crl disable on-download-failure`: a failed download does not fail
 * verification; the stored CRL is used when there is one, otherwise no
 * revocation check. Without it, a failed download fails verification.
 */
import { diagnostic, type Diagnostic, type Result } from '../diag/diagnostic.js';
import { checkCrlIssuer, parseCrl, type CrlInfo } from '../pki/crl.js';
import { formatJunosDate } from '../pki/junos-date.js';
import { readCaCertificate, readCrl } from '../pki/pki-objects.js';
import { crlChange } from '../pki/pki-changes.js';
import type { PkiStore } from '../pki/pki-store.js';
import type { HttpTransport } from '../protocols/http/transport.js';
import type { CaProfileView } from '../tree/pki-view.js';
import { oneLogLine, untrustedText } from '../diag/untrusted-text.js';

/** Junos loads CRLs of at most 5 MB (certificate-revocation docs). */
const MAX_CRL_BYTES = 5 * 1024 * 1024;
/** Refresh of a CRL that names no nextUpdate, with no refresh-interval configured. */
const DEFAULT_REFRESH_HOURS = 24;
/** A failed download is tried again this much later. */
const CRL_RETRY_MS = 15 * 60_000;

/** The profiles whose CRLs are downloaded: a `crl url` and revocation checking not disabled. */
function crlProfiles(profiles: readonly CaProfileView[]): CaProfileView[] {
  return profiles.filter((p) => p.revocation.crlUrl !== undefined && !p.revocation.disabled);
}

/** When the CRL of `profile` is next due (now, when none is stored). */
function crlDueAt(profile: CaProfileView, store: PkiStore, now: Date): Date {
  const crl = store.has('crl', profile.name) ? readCrl(store, profile.name).value : undefined;
  if (!crl) return now;
  const meta = store.meta('crl', profile.name);
  // another `crl url` than the stored CRL came from: that CA is asked now
  if (meta?.source === 'downloaded' && meta.url !== profile.revocation.crlUrl) return now;
  const lastText = meta?.downloadedAt ?? meta?.createdAt;
  const last = typeof lastText === 'string' ? Date.parse(lastText) : now.getTime();
  if (profile.revocation.refreshHours !== undefined)
    return new Date(last + profile.revocation.refreshHours * 3600_000);
  if (crl.nextUpdate) return crl.nextUpdate;
  return new Date(last + DEFAULT_REFRESH_HOURS * 3600_000);
}

function downloadFailed(profile: string, url: string, why: string): Diagnostic {
  return diagnostic(
    'PKI_CRL_DOWNLOAD_FAILED',
    `CRL download failed for CA profile ${profile} from ${untrustedText(url)}: ${untrustedText(why)}`,
  );
}

/** Downloads, checks (see the trust decision above) and stores the CRL of one profile. */
export async function downloadCrl(
  profile: CaProfileView,
  store: PkiStore,
  transport: HttpTransport,
  now: Date,
): Promise<Result<CrlInfo | undefined>> {
  const url = profile.revocation.crlUrl;
  const failed = (d: Diagnostic): Result<undefined> => ({ value: undefined, diagnostics: [d] });
  if (url === undefined) return failed(downloadFailed(profile.name, '', 'no revocation-check crl url'));
  const ca = readCaCertificate(store, profile.name);
  if (!ca.value)
    return failed(downloadFailed(profile.name, url, ca.diagnostics[0]?.message ?? 'no CA certificate'));
  const got = await transport.send({ method: 'GET', url, maxBodyBytes: MAX_CRL_BYTES });
  if (!got.ok) return failed(downloadFailed(profile.name, url, got.message));
  if (got.response.status !== 200)
    return failed(downloadFailed(profile.name, url, `HTTP status ${got.response.status}`));
  const parsed = parseCrl(new Uint8Array(got.response.body), url);
  if (!parsed.value)
    return failed(downloadFailed(profile.name, url, parsed.diagnostics[0]?.message ?? 'not a CRL'));
  const crl = parsed.value;
  const wrong = checkCrlIssuer(crl, ca.value, profile.name);
  if (wrong) return failed(downloadFailed(profile.name, url, `refused: ${wrong.message}`));
  // a few minutes of clock skew between the CA and this machine are normal
  if (crl.thisUpdate.getTime() > now.getTime() + 5 * 60_000) {
    return failed(
      downloadFailed(
        profile.name,
        url,
        `refused: the CRL is not valid yet (effective ${formatJunosDate(crl.thisUpdate)})`,
      ),
    );
  }
  const stored = store.has('crl', profile.name) ? readCrl(store, profile.name).value : undefined;
  if (stored && !checkCrlIssuer(stored, ca.value, profile.name)) {
    const older =
      crl.crlNumber !== undefined && stored.crlNumber !== undefined
        ? crl.crlNumber < stored.crlNumber
        : crl.thisUpdate < stored.thisUpdate;
    if (older) {
      return failed(
        diagnostic(
          'PKI_CRL_REPLAYED',
          `CRL from ${untrustedText(url)} is older than the CRL stored for CA profile ${profile.name} (CRL number ${crl.crlNumber ?? 'none'} < ${stored.crlNumber ?? 'none'}): refused`,
        ),
      );
    }
  }
  const done = store.commit([
    crlChange(profile.name, crl, { source: 'downloaded', url, downloadedAt: now.toISOString() }),
  ]);
  if (!done.value) return { value: undefined, diagnostics: done.diagnostics };
  return { value: crl, diagnostics: [] };
}

export interface CrlRefreshResult {
  /** No download failed. */
  readonly ok: boolean;
  /** When the next CRL is due (or a failed one is retried). */
  readonly next?: Date;
  /** The failures of this pass, by profile. */
  readonly failures: ReadonlyMap<string, Diagnostic>;
}

/**
 * Downloads every due CRL of `profiles` (those with a CA certificate loaded:
 * a profile without one has nothing to check a CRL against yet). One log
 * line per download or failure.
 */
export async function refreshCrls(
  profiles: readonly CaProfileView[],
  store: PkiStore,
  transport: HttpTransport,
  now: Date,
  log: (line: string) => void = () => undefined,
): Promise<CrlRefreshResult> {
  const failures = new Map<string, Diagnostic>();
  const next: Date[] = [];
  for (const p of crlProfiles(profiles)) {
    if (!store.has('ca', p.name)) continue;
    if (crlDueAt(p, store, now) > now) {
      next.push(crlDueAt(p, store, now));
      continue;
    }
    const r = await downloadCrl(p, store, transport, now);
    if (r.value) {
      log(
        `downloaded CRL for CA profile ${p.name} (CRL number ${r.value.crlNumber ?? 'none'}, ${r.value.revoked.length} revoked)`,
      );
      next.push(crlDueAt(p, store, now));
    } else {
      const d = r.diagnostics[0] ?? downloadFailed(p.name, p.revocation.crlUrl ?? '', 'unknown error');
      failures.set(p.name, d);
      log(oneLogLine(d.message));
      next.push(new Date(now.getTime() + CRL_RETRY_MS));
    }
  }
  next.sort((a, b) => a.getTime() - b.getTime());
  return { ok: failures.size === 0, failures, ...(next[0] ? { next: next[0] } : {}) };
}

/**
 * What `verify` may use: due CRLs downloaded first; for each profile whose
 * download failed, the diagnostic that fails verification through it
 * (`required`), or, with `disable on-download-failure`, a warning and the
 * stored CRL (if any) kept.
 */
export async function crlsForVerify(
  profiles: readonly CaProfileView[],
  store: PkiStore,
  transport: HttpTransport,
  now: Date,
): Promise<{ required: ReadonlyMap<string, Diagnostic>; warnings: readonly Diagnostic[] }> {
  const r = await refreshCrls(profiles, store, transport, now);
  const required = new Map<string, Diagnostic>();
  const warnings: Diagnostic[] = [];
  for (const [name, d] of r.failures) {
    const p = profiles.find((x) => x.name === name);
    if (p?.revocation.disableOnDownloadFailure) {
      warnings.push({
        ...d,
        severity: 'warning',
        message: `${d.message}; ${store.has('crl', name) ? 'using the stored CRL' : 'no revocation check'} (disable on-download-failure)`,
      });
    } else required.set(name, d);
  }
  return { required, warnings };
}
