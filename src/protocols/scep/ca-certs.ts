/**
 * GetCACert response (RFC 8894 §4.2.1): either one DER certificate
 * (`application/x-x509-ca-cert`, §4.2.1.1) or a degenerate certs-only PKCS#7
 * with the CA and RA certificates (`application/x-x509-ca-ra-cert`, §4.2.1.2).
 * When an RA is present it is the recipient of requests and the signer of
 * CertReps; otherwise the issuing CA plays both roles (micromdm's CA has only
 * keyCertSign|cRLSign and still does, so KeyUsage is not required).
 *
 * The issuing CA is not always the root: a CA below a root may answer with
 * its chain (intermediate and root, in any order, RFC 8894 §4.2.1.2). The
 * requests go to the CA that signs the certificate (§3.3.1: the
 * pkcsPKIEnvelope is for the CA or RA that processes the request; §3.3.3:
 * CertPoll's IssuerAndSubject names that CA), which is the CA at the bottom
 * of the chain: the one that issued no other CA certificate of the response.
 * The self-signed root only certifies it.
 *
 * Which of those certificates are believed is decided once, by
 * `pinCaCertificates` (README "Trust model"): only the CA certificate pinned
 * for the profile, and what verifies by signature below it.
 */
import { isCa, keyUsage, parseCertificate, type ScepCertificate } from './certificate.js';
import { parseCertsOnly } from './degenerate.js';
import { failure, success, type ScepResult } from './types.js';

export interface CaCertificates {
  /** Every certificate received, in order. */
  readonly all: readonly ScepCertificate[];
  /** The CA certificate (cA=TRUE, preferring a self-signed one): the trust anchor shown and loaded. */
  readonly ca: ScepCertificate;
  /**
   * The CA that issues the certificates: with an RA, the CA that issued the
   * RA; else the CA that issued no other CA certificate of the response (an
   * intermediate rather than its root). Same as `ca` for a lone CA.
   */
  readonly issuer: ScepCertificate;
  /** The RA certificate(s), if any (not cA). */
  readonly ra: readonly ScepCertificate[];
  /** Who requests are encrypted to. */
  readonly recipient: ScepCertificate;
  /** Who may sign CertReps. */
  readonly signers: readonly ScepCertificate[];
}

export function parseCaCertResponse(
  contentType: string | undefined,
  body: Uint8Array,
): ScepResult<CaCertificates> {
  const ct = (contentType ?? '').split(';')[0].trim().toLowerCase();
  let certs: ScepCertificate[];
  if (ct === 'application/x-x509-ca-cert' || ct === 'application/pkix-cert') {
    const c = parseCertificate(body);
    if (!c)
      return failure(
        'SCEP_MALFORMED',
        'GetCACert returned x-x509-ca-cert but the body is not a DER certificate',
      );
    certs = [c];
  } else if (ct === 'application/x-x509-ca-ra-cert' || ct === 'application/pkcs7-mime') {
    const r = parseCertsOnly(body);
    if (!r.ok) return r;
    certs = r.value;
  } else {
    return failure(
      'SCEP_BAD_CONTENT_TYPE',
      `GetCACert returned Content-Type '${contentType ?? ''}', expected application/x-x509-ca-cert or application/x-x509-ca-ra-cert`,
    );
  }
  return classifyCaCertificates(certs);
}

export function classifyCaCertificates(certs: readonly ScepCertificate[]): ScepResult<CaCertificates> {
  if (certs.length === 0) return failure('SCEP_NO_CA_CERT', 'GetCACert returned no certificate');
  const cas = certs.filter(isCa);
  const ca = cas.find((c) => c.x509.checkIssued(c.x509)) ?? cas[0] ?? certs[0];
  const ra = certs.filter((c) => !isCa(c));
  const issuer = issuingCa(cas, ra) ?? ca;
  const canEncrypt = ra.filter((c) => keyUsage(c)?.keyEncipherment !== false);
  const recipient = canEncrypt[0] ?? ra[0] ?? issuer;
  const signers = ra.length > 0 ? [...ra, ...new Set([issuer, ca])] : certs;
  return success({ all: certs, ca, issuer, ra, recipient, signers });
}

/** `issued` was issued by `by` (names and key identifiers; not itself). */
const issuedBy = (issued: ScepCertificate, by: ScepCertificate): boolean =>
  issued !== by && issued.x509.checkIssued(by.x509);

/** See CaCertificates.issuer; undefined when no CA certificate fits. */
function issuingCa(
  cas: readonly ScepCertificate[],
  ra: readonly ScepCertificate[],
): ScepCertificate | undefined {
  const raIssuer = cas.find((c) => ra.some((r) => issuedBy(r, c)));
  if (raIssuer) return raIssuer;
  const bottom = cas.filter((c) => !cas.some((o) => issuedBy(o, c)));
  return bottom.find((c) => !c.x509.checkIssued(c.x509)) ?? bottom[0];
}

/**
 * The GetCACert answer, believed only as far as it verifies against the CA
 * certificate pinned for the profile (`ca-certificate enroll` fingerprint or a
 * loaded file): every certificate must be the pinned one, be signed (and
 * within its validity) by one that already verified, or be an issuer above
 * the pinned CA (kept for display, never a recipient or signer). Anything
 * else is an attacker's certificate, so the whole answer is refused: requests
 * (and their challenge password) are encrypted only to verified CA/RA
 * certificates, and CertReps believed only from them.
 */
export function pinCaCertificates(
  served: CaCertificates,
  pinnedDer: Uint8Array,
  now: Date,
  profile = 'the profile',
): ScepResult<CaCertificates> {
  const pinned = served.all.find((c) => c.der.equals(Buffer.from(pinnedDer)));
  if (!pinned)
    return failure(
      'SCEP_FINGERPRINT_MISMATCH',
      `the CA no longer serves the CA certificate loaded for ${profile}`,
    );
  const t = now.getTime();
  const valid = (c: ScepCertificate): boolean =>
    Date.parse(c.x509.validFrom) <= t && t <= Date.parse(c.x509.validTo);
  const signs = (by: ScepCertificate, c: ScepCertificate): boolean =>
    c !== by && c.x509.checkIssued(by.x509) && c.x509.verify(by.publicKey);
  const below: ScepCertificate[] = [pinned];
  for (let grew = true; grew;) {
    grew = false;
    for (const c of served.all) {
      if (below.includes(c) || !valid(c) || !below.some((v) => isCa(v) && signs(v, c))) continue;
      below.push(c);
      grew = true;
    }
  }
  const above: ScepCertificate[] = [];
  for (
    let cur = pinned, next;
    (next = served.all.find((c) => !above.includes(c) && signs(c, cur)));
    cur = next
  )
    above.push(next);
  const foreign = served.all.find((c) => !below.includes(c) && !above.includes(c));
  if (foreign)
    return failure(
      'SCEP_UNKNOWN_SIGNER',
      `GetCACert holds certificate '${foreign.x509.subject.replace(/\n/g, ', ')}', which does not verify against the CA certificate loaded for ${profile}; refusing to send a request`,
    );
  return classifyCaCertificates(served.all.filter((c) => below.includes(c)));
}
