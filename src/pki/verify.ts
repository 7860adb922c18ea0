/**
 * Certificate verification against the store's CA certificates and CRLs:
 * validity period, issuer found by name and signature, issuer marked as a CA,
 * revocation on the issuer's CRL (when one is loaded), up to a self-signed
 * root. Each failure is one diagnostic with the reason in words. A link is
 * checked in a fixed order: validity, issuer (issuerOf), what the issuer may
 * sign (issuerRefusal; name constraints in name-constraints.ts), revocation.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { diagnostic, type Diagnostic } from '../diag/diagnostic.js';
import type { CertificateInfo } from './certificate.js';
import { checkCrlIssuer, type CrlInfo } from './crl.js';
import { printDnSpaced } from './dn.js';
import { formatJunosDate } from './junos-date.js';
import { nameConstraints, nameConstraintViolation } from './name-constraints.js';

export interface TrustedCa {
  readonly profile: string;
  readonly certificate: CertificateInfo;
}

export interface VerifyOptions {
  readonly now: Date;
  readonly cas: readonly TrustedCa[];
  /** CRLs by ca-profile. */
  readonly crls: ReadonlyMap<string, CrlInfo>;
  /** What the certificate is called in messages (`Local certificate k1`, `CA certificate ROOT`). */
  readonly label: string;
}

export interface VerifyReport {
  readonly ok: boolean;
  /** Profiles of the issuers walked, nearest first. */
  readonly chain: readonly string[];
  /** Whether a CRL was consulted for each link. */
  readonly crlChecked: boolean;
  readonly diagnostics: readonly Diagnostic[];
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a).equals(Buffer.from(b));
}

function selfSigned(c: CertificateInfo): boolean {
  if (!sameBytes(c.subjectDer, c.issuerDer)) return false;
  try {
    return c.x509.verify(c.publicKey);
  } catch {
    return false;
  }
}

function validity(c: CertificateInfo, label: string, now: Date): Diagnostic | undefined {
  if (now < c.notBefore) {
    return diagnostic(
      'PKI_CERT_NOT_YET_VALID',
      `${label} is not valid yet (not before ${formatJunosDate(c.notBefore)})`,
    );
  }
  if (now > c.notAfter) {
    return diagnostic('PKI_CERT_EXPIRED', `${label} has expired (not after ${formatJunosDate(c.notAfter)})`);
  }
  return undefined;
}

/** basicConstraints pathLenConstraint, or undefined when absent (or unreadable). */
function pathLenConstraint(c: CertificateInfo): number | undefined {
  try {
    const cert = new pkijs.Certificate({ schema: asn1js.fromBER(c.der).result });
    const ext = cert.extensions?.find((e) => e.extnID === '2.5.29.19');
    const bc = ext?.parsedValue as pkijs.BasicConstraints | undefined;
    const p = bc?.pathLenConstraint;
    if (p === undefined) return undefined;
    return typeof p === 'number' ? p : p.valueBlock.valueDec;
  } catch {
    return undefined;
  }
}

/** Verifies `cert` up to a self-signed root in `opts.cas`. */
export function verifyCertificate(cert: CertificateInfo, opts: VerifyOptions): VerifyReport {
  const chain: string[] = [];
  const crls: CrlFindings = { warnings: [], checked: false };
  const path: CertificateInfo[] = [];
  let current = cert;
  let label = opts.label;
  const failed = (d: Diagnostic): VerifyReport => ({
    ok: false,
    chain,
    crlChecked: crls.checked,
    diagnostics: [...crls.warnings, d],
  });
  for (let depth = 0; depth < 16; depth++) {
    const v = validity(current, label, opts.now);
    if (v) return failed(v);
    if (selfSigned(current)) return { ok: true, chain, crlChecked: crls.checked, diagnostics: crls.warnings };
    const found = issuerOf(current, label, opts.cas);
    if ('missing' in found) return failed(found.missing);
    const issuer = found.issuer;
    const refused = issuerRefusal(issuer, depth, [...path, current], label);
    if (refused) return failed(refused);
    const revoked = revocation(current, issuer, label, opts, crls);
    if (revoked) return failed(revoked);
    chain.push(issuer.profile);
    path.push(current);
    if (issuer.certificate === current) break;
    current = issuer.certificate;
    label = `CA certificate ${issuer.profile}`;
  }
  return { ok: true, chain, crlChecked: crls.checked, diagnostics: crls.warnings };
}

/** The loaded CA certificate that issued `cert`: named as its issuer, and its key verifies the signature. */
function issuerOf(
  cert: CertificateInfo,
  label: string,
  cas: readonly TrustedCa[],
): { issuer: TrustedCa } | { missing: Diagnostic } {
  const byName = cas.filter((ca) => sameBytes(ca.certificate.subjectDer, cert.issuerDer));
  if (byName.length === 0) {
    return {
      missing: diagnostic(
        'PKI_CHAIN_INCOMPLETE',
        `${label}: no CA certificate for issuer '${printDnSpaced(cert.issuer)}' is loaded (load it with request security pki ca-certificate load)`,
      ),
    };
  }
  const issuer = byName.find((ca) => {
    try {
      return cert.x509.verify(ca.certificate.publicKey);
    } catch {
      return false;
    }
  });
  if (!issuer) {
    return {
      missing: diagnostic(
        'PKI_SIGNATURE_INVALID',
        `${label}: signature does not verify with the CA certificate of profile ${byName.map((c) => c.profile).join(', ')}`,
      ),
    };
  }
  return { issuer };
}

/**
 * Why `issuer` may not have issued the link at `depth` (0: the certificate
 * verified), `below` being the certificates under it, nearest last; undefined
 * when it may.
 */
function issuerRefusal(
  issuer: TrustedCa,
  depth: number,
  below: readonly CertificateInfo[],
  label: string,
): Diagnostic | undefined {
  if (!issuer.certificate.isCa) {
    return diagnostic(
      'PKI_NOT_CA',
      `CA certificate ${issuer.profile} is not a CA certificate (basicConstraints cA is not set)`,
    );
  }
  // RFC 5280 §4.2.1.3: a CA key used to sign certificates must allow keyCertSign.
  if (issuer.certificate.keyUsage && !issuer.certificate.keyUsage.includes('keyCertSign')) {
    return diagnostic(
      'PKI_NOT_CA',
      `CA certificate ${issuer.profile} may not sign certificates (its keyUsage lacks keyCertSign)`,
    );
  }
  // RFC 5280 §4.2.1.9: at most pathLenConstraint intermediate CA certificates below this one.
  const pathLen = pathLenConstraint(issuer.certificate);
  if (pathLen !== undefined && depth > pathLen) {
    return diagnostic(
      'PKI_NOT_CA',
      `CA certificate ${issuer.profile} allows ${pathLen} intermediate CA certificate(s) below it (pathlen:${pathLen}), the chain has ${depth}`,
    );
  }
  // RFC 5280 §4.2.1.10: names of every certificate below a constrained CA.
  const nc = nameConstraints(issuer.certificate);
  if (!nc) return undefined;
  for (const c of below) {
    const why = nameConstraintViolation(c, nc);
    if (why)
      return diagnostic(
        'PKI_NAME_CONSTRAINTS',
        `${label}: name constraints of CA certificate ${issuer.profile}: ${why}`,
      );
  }
  return undefined;
}

/** What the CRLs consulted so far said short of a failure: whether any was, and expiry warnings. */
interface CrlFindings {
  readonly warnings: Diagnostic[];
  checked: boolean;
}

/**
 * The revocation of `cert` on the CRLs of its issuer, or a CRL that is not
 * the issuer's; undefined when neither. The same CA certificate may be loaded
 * under several ca-profiles: the CRL of any of them counts.
 */
function revocation(
  cert: CertificateInfo,
  issuer: TrustedCa,
  label: string,
  opts: VerifyOptions,
  found: CrlFindings,
): Diagnostic | undefined {
  const crlProfiles = [
    issuer.profile,
    ...opts.cas
      .filter((ca) => ca.profile !== issuer.profile && sameBytes(ca.certificate.der, issuer.certificate.der))
      .map((ca) => ca.profile),
  ];
  for (const crlProfile of crlProfiles) {
    const crl = opts.crls.get(crlProfile);
    if (!crl) continue;
    const bad = checkCrlIssuer(crl, issuer.certificate, crlProfile);
    if (bad) return bad;
    found.checked = true;
    if (crl.nextUpdate && crl.nextUpdate < opts.now) {
      found.warnings.push(
        diagnostic(
          'PKI_CRL_EXPIRED',
          `CRL of CA profile ${crlProfile} expired at ${formatJunosDate(crl.nextUpdate)}`,
        ),
      );
    }
    const hit = crl.revoked.find((r) => r.serialHex === cert.serialHex);
    if (hit) {
      return diagnostic(
        'PKI_CERT_REVOKED',
        `${label} (serial number ${cert.serialHex}) was revoked at ${formatJunosDate(hit.revokedAt)} (${hit.reason ? `${hit.reason}, ` : ''}CRL of CA profile ${crlProfile})`,
      );
    }
  }
  return undefined;
}
