/**
 * Certificate verification against the store's CA certificates and CRLs:
 * validity period, issuer found by name and signature, issuer marked as a CA,
 * revocation on the issuer's CRL (when one is loaded), up to a self-signed
 * root. Each failure is one diagnostic with the reason in words.
 */
import { BlockList } from 'node:net';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { diagnostic, type Diagnostic } from '../diag/diagnostic.js';
import type { CertificateInfo } from './certificate.js';
import { checkCrlIssuer, type CrlInfo } from './crl.js';
import { printDnSpaced } from './dn.js';
import { formatJunosDate } from './junos-date.js';

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

interface NameSubtrees {
  readonly permitted: readonly pkijs.GeneralSubtree[];
  readonly excluded: readonly pkijs.GeneralSubtree[];
}

function nameConstraints(c: CertificateInfo): NameSubtrees | undefined {
  try {
    const cert = new pkijs.Certificate({ schema: asn1js.fromBER(c.der).result });
    const nc = cert.extensions?.find((e) => e.extnID === '2.5.29.30')?.parsedValue as
      pkijs.NameConstraints | undefined;
    if (!nc) return undefined;
    return { permitted: nc.permittedSubtrees ?? [], excluded: nc.excludedSubtrees ?? [] };
  } catch {
    return undefined;
  }
}

function dnsMatches(name: string, base: string): boolean {
  const n = name.toLowerCase();
  const b = base.toLowerCase();
  if (b.startsWith('.')) return n.endsWith(b);
  return n === b || n.endsWith(`.${b}`);
}

function emailMatches(mail: string, base: string): boolean {
  const m = mail.toLowerCase();
  const b = base.toLowerCase();
  if (b.includes('@')) return m === b;
  const host = m.slice(m.lastIndexOf('@') + 1);
  return b.startsWith('.') ? host.endsWith(b) : host === b;
}

function ipMatches(ip: string, family: 'ipv4' | 'ipv6', base: Uint8Array): boolean {
  const len = family === 'ipv4' ? 4 : 16;
  if (base.length !== 2 * len) return false;
  const addr = base.subarray(0, len);
  const mask = base.subarray(len);
  let prefix = 0;
  for (const byte of mask) for (let bit = 7; bit >= 0; bit--) if (byte & (1 << bit)) prefix++;
  const text =
    family === 'ipv4'
      ? [...addr].join('.')
      : Array.from({ length: 8 }, (_, i) => ((addr[2 * i] << 8) | addr[2 * i + 1]).toString(16)).join(':');
  try {
    const bl = new BlockList();
    bl.addSubnet(text, prefix, family);
    return bl.check(ip, family);
  } catch {
    return false;
  }
}

/** RFC 5280 §4.2.1.10 for the SAN kinds pkicfg shows (DNS, email, IP); the reason of the first violation. */
function nameConstraintViolation(c: CertificateInfo, nc: NameSubtrees): string | undefined {
  const names: { kind: number; value: string; test: (base: pkijs.GeneralName) => boolean }[] = [];
  for (const d of c.altNames.dns)
    names.push({ kind: 2, value: `DNS:${d}`, test: (g) => dnsMatches(d, String(g.value)) });
  for (const e of c.altNames.email)
    names.push({ kind: 1, value: `email:${e}`, test: (g) => emailMatches(e, String(g.value)) });
  const ipTest = (ip: string, fam: 'ipv4' | 'ipv6') => (g: pkijs.GeneralName) =>
    ipMatches(ip, fam, new Uint8Array((g.value as asn1js.OctetString).valueBlock.valueHexView));
  for (const ip of c.altNames.ipv4) names.push({ kind: 7, value: `IP:${ip}`, test: ipTest(ip, 'ipv4') });
  for (const ip of c.altNames.ipv6) names.push({ kind: 7, value: `IP:${ip}`, test: ipTest(ip, 'ipv6') });
  for (const n of names) {
    if (nc.excluded.some((t) => t.base.type === n.kind && n.test(t.base)))
      return `${n.value} is in an excluded subtree`;
    const permitted = nc.permitted.filter((t) => t.base.type === n.kind);
    if (permitted.length > 0 && !permitted.some((t) => n.test(t.base)))
      return `${n.value} is outside the permitted subtrees`;
  }
  return undefined;
}

/** Verifies `cert` up to a self-signed root in `opts.cas`. */
export function verifyCertificate(cert: CertificateInfo, opts: VerifyOptions): VerifyReport {
  const chain: string[] = [];
  const warnings: Diagnostic[] = [];
  let crlChecked = false;
  const path: CertificateInfo[] = [];
  let current = cert;
  let label = opts.label;
  const failed = (d: Diagnostic): VerifyReport => ({
    ok: false,
    chain,
    crlChecked,
    diagnostics: [...warnings, d],
  });
  for (let depth = 0; depth < 16; depth++) {
    const v = validity(current, label, opts.now);
    if (v) return failed(v);
    if (selfSigned(current)) return { ok: true, chain, crlChecked, diagnostics: warnings };
    const byName = opts.cas.filter((ca) => sameBytes(ca.certificate.subjectDer, current.issuerDer));
    if (byName.length === 0) {
      return failed(
        diagnostic(
          'PKI_CHAIN_INCOMPLETE',
          `${label}: no CA certificate for issuer '${printDnSpaced(current.issuer)}' is loaded (load it with request security pki ca-certificate load)`,
        ),
      );
    }
    const cur = current;
    const issuer = byName.find((ca) => {
      try {
        return cur.x509.verify(ca.certificate.publicKey);
      } catch {
        return false;
      }
    });
    if (!issuer) {
      return failed(
        diagnostic(
          'PKI_SIGNATURE_INVALID',
          `${label}: signature does not verify with the CA certificate of profile ${byName.map((c) => c.profile).join(', ')}`,
        ),
      );
    }
    if (!issuer.certificate.isCa) {
      return failed(
        diagnostic(
          'PKI_NOT_CA',
          `CA certificate ${issuer.profile} is not a CA certificate (basicConstraints cA is not set)`,
        ),
      );
    }
    // RFC 5280 §4.2.1.3: a CA key used to sign certificates must allow keyCertSign.
    if (issuer.certificate.keyUsage && !issuer.certificate.keyUsage.includes('keyCertSign')) {
      return failed(
        diagnostic(
          'PKI_NOT_CA',
          `CA certificate ${issuer.profile} may not sign certificates (its keyUsage lacks keyCertSign)`,
        ),
      );
    }
    // RFC 5280 §4.2.1.9: at most pathLenConstraint intermediate CA certificates below this one.
    const pathLen = pathLenConstraint(issuer.certificate);
    if (pathLen !== undefined && depth > pathLen) {
      return failed(
        diagnostic(
          'PKI_NOT_CA',
          `CA certificate ${issuer.profile} allows ${pathLen} intermediate CA certificate(s) below it (pathlen:${pathLen}), the chain has ${depth}`,
        ),
      );
    }
    // RFC 5280 §4.2.1.10: names of every certificate below a constrained CA.
    const nc = nameConstraints(issuer.certificate);
    if (nc) {
      for (const below of [...path, cur]) {
        const why = nameConstraintViolation(below, nc);
        if (why) {
          return failed(
            diagnostic(
              'PKI_NAME_CONSTRAINTS',
              `${label}: name constraints of CA certificate ${issuer.profile}: ${why}`,
            ),
          );
        }
      }
    }
    // the same CA certificate may be loaded under several ca-profiles: the CRL of any of them counts
    const crlProfiles = [
      issuer.profile,
      ...opts.cas
        .filter(
          (ca) => ca.profile !== issuer.profile && sameBytes(ca.certificate.der, issuer.certificate.der),
        )
        .map((ca) => ca.profile),
    ];
    for (const crlProfile of crlProfiles) {
      const crl = opts.crls.get(crlProfile);
      if (!crl) continue;
      const bad = checkCrlIssuer(crl, issuer.certificate, crlProfile);
      if (bad) return failed(bad);
      crlChecked = true;
      if (crl.nextUpdate && crl.nextUpdate < opts.now) {
        warnings.push(
          diagnostic(
            'PKI_CRL_EXPIRED',
            `CRL of CA profile ${crlProfile} expired at ${formatJunosDate(crl.nextUpdate)}`,
          ),
        );
      }
      const hit = crl.revoked.find((r) => r.serialHex === cur.serialHex);
      if (hit) {
        return failed(
          diagnostic(
            'PKI_CERT_REVOKED',
            `${label} (serial number ${cur.serialHex}) was revoked at ${formatJunosDate(hit.revokedAt)} (${hit.reason ? `${hit.reason}, ` : ''}CRL of CA profile ${crlProfile})`,
          ),
        );
      }
    }
    chain.push(issuer.profile);
    path.push(cur);
    if (issuer.certificate === current) break;
    current = issuer.certificate;
    label = `CA certificate ${issuer.profile}`;
  }
  return { ok: true, chain, crlChecked, diagnostics: warnings };
}
