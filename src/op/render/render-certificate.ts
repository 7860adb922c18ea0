/**
 * `show security pki local-certificate` / `ca-certificate` layouts (brief and
 * detail) as Junos prints them (junos-pki.md §3.11): two-space indents, dates
 * `MM-DD-YYYY HH:MM UTC` space-padded, fingerprints sha1 then md5, and the
 * Auto-re-enrollment block for local certificates.
 */
import type { CertificateInfo } from '../../pki/certificate.js';
import { certificateFingerprints } from '../../pki/certificate.js';
import { dnGet, printDnFields, printDnSpaced, printDnString } from '../../pki/dn.js';
import type { AltNames } from '../../pki/extensions.js';
import { formatJunosDate } from '../../pki/junos-date.js';
import { keyAlgorithmLabel } from '../../pki/key-pair.js';

/** The public-key hex dump of `detail`: 20 bytes a line, 4-space indent. */
export function renderKeyHex(bits: Uint8Array, indent = '    '): string {
  const hex = Array.from(bits, (b) => b.toString(16).padStart(2, '0'));
  const lines: string[] = [];
  for (let i = 0; i < hex.length; i += 20) {
    const chunk = hex.slice(i, i + 20).join(':');
    lines.push(indent + chunk + (i + 20 < hex.length ? ':' : ''));
  }
  return lines.map((l) => l + '\n').join('');
}

/** `"ops@example.net", r1.example.net, 192.0.2.1, ipv6 empty` */
export function renderAltSubject(alt: AltNames): string {
  const email = alt.email.length ? alt.email.map((e) => `"${e}"`).join(', ') : 'email empty';
  const fqdn = alt.dns.length ? alt.dns.join(', ') : 'fqdn empty';
  const v4 = alt.ipv4.length ? alt.ipv4.join(', ') : 'ipv4 empty';
  const v6 = alt.ipv6.length ? alt.ipv6.join(', ') : 'ipv6 empty';
  return `${email}, ${fqdn}, ${v4}, ${v6}`;
}

function renderFingerprintLines(der: Uint8Array, indent: string): string {
  const fp = certificateFingerprints({ der });
  return `${indent}${fp.sha1} (sha1)\n${indent}${fp.md5} (md5)\n`;
}

/** Key types pkicfg cannot generate (Ed25519, RSA-PSS, other curves) still get a name, as OpenSSL prints it. */
function keyLabel(c: CertificateInfo): string {
  if (c.keySpec) return keyAlgorithmLabel(c.keySpec);
  try {
    const k = c.x509.publicKey;
    const d = k.asymmetricKeyDetails ?? {};
    switch (k.asymmetricKeyType) {
      case 'ed25519':
        return 'ED25519(256 bits)';
      case 'ed448':
        return 'ED448(456 bits)';
      case 'x25519':
        return 'X25519(253 bits)';
      case 'x448':
        return 'X448(448 bits)';
      case 'rsa-pss':
        return `rsassaPss(${d.modulusLength ?? 0} bits)`;
      case 'rsa':
        return `rsaEncryption(${d.modulusLength ?? 0} bits)`;
      case 'dsa':
        return `dsaEncryption(${d.modulusLength ?? 0} bits)`;
      case 'ec':
        // secp256k1, brainpoolP384r1, ...: the size is in the curve's name.
        return `ECDSA(${/(\d{3})/.exec(d.namedCurve ?? '')?.[1] ?? '?'} bits)`;
      default:
        return k.asymmetricKeyType ?? 'unknown';
    }
  } catch {
    return 'unknown';
  }
}

/** What `Issued to:` shows: the CN, else the whole subject. */
function issuedTo(c: CertificateInfo): string {
  return dnGet(c.subject, 'CN') ?? printDnSpaced(c.subject);
}

export interface LocalCertView {
  readonly id: string;
  readonly certificate: CertificateInfo;
  /** `Keypair generated locally` / `Keypair imported`. */
  readonly keypairLocation: string;
  /** Auto-re-enrollment block lines (`Status: Disabled`, `Next trigger time: Timer not started`). */
  readonly reEnrollment: { readonly status: string; readonly nextTrigger: string };
}

export function renderLocalCertificateBrief(v: LocalCertView): string {
  const c = v.certificate;
  return (
    `Certificate identifier: ${v.id}\n` +
    `  Issued to: ${issuedTo(c)}, Issued by: ${printDnSpaced(c.issuer)}\n` +
    `  Validity:\n` +
    `    Not before: ${formatJunosDate(c.notBefore)}\n` +
    `    Not after: ${formatJunosDate(c.notAfter)}\n` +
    `  Public key algorithm: ${keyLabel(c)}\n` +
    `  Keypair Location: ${v.keypairLocation}\n`
  );
}

function renderDetailBody(c: CertificateInfo): string {
  let out =
    `  Certificate version: ${c.version}\n` +
    `  Serial number: ${c.serialHex}\n` +
    `  Issuer:\n` +
    `    ${printDnFields(c.issuer)}\n` +
    `  Subject:\n` +
    `    ${printDnFields(c.subject)}\n` +
    `  Subject string:\n` +
    `    ${printDnString(c.subject)}\n` +
    `  Alternate subject: ${renderAltSubject(c.altNames)}\n` +
    `  Validity:\n` +
    `    Not before: ${formatJunosDate(c.notBefore)}\n` +
    `    Not after: ${formatJunosDate(c.notAfter)}\n` +
    `  Public key algorithm: ${keyLabel(c)}\n` +
    renderKeyHex(c.publicKeyBits) +
    `  Signature algorithm: ${c.signatureAlgorithm}\n`;
  if (c.crlDistributionPoints.length) {
    out += `  Distribution CRL:\n` + c.crlDistributionPoints.map((u) => `    ${u}\n`).join('');
  }
  if (c.ocsp.length)
    out += `  Authority Information Access OCSP:\n` + c.ocsp.map((u) => `    ${u}\n`).join('');
  if (c.keyUsage?.length) out += `  Use for key: ${c.keyUsage.map(keyUsageWords).join(', ')}\n`;
  out += `  Fingerprint:\n` + renderFingerprintLines(c.der, '    ');
  return out;
}

function keyUsageWords(u: string): string {
  const words: Record<string, string> = {
    digitalSignature: 'Digital signature',
    nonRepudiation: 'Non repudiation',
    keyEncipherment: 'Key encipherment',
    dataEncipherment: 'Data encipherment',
    keyAgreement: 'Key agreement',
    keyCertSign: 'Certificate signing',
    cRLSign: 'CRL signing',
    encipherOnly: 'Encipher only',
    decipherOnly: 'Decipher only',
  };
  return words[u] ?? u;
}

export function renderLocalCertificateDetail(v: LocalCertView): string {
  return (
    `Certificate identifier: ${v.id}\n` +
    renderDetailBody(v.certificate) +
    `  Auto-re-enrollment:\n` +
    `    Status: ${v.reEnrollment.status}\n` +
    `    Next trigger time: ${v.reEnrollment.nextTrigger}\n`
  );
}

export function renderCaCertificateBrief(profile: string, c: CertificateInfo): string {
  return (
    `Certificate identifier: ${profile}\n` +
    `  Issued to: ${issuedTo(c)}, Issued by: ${printDnSpaced(c.issuer)}\n` +
    `  Validity:\n` +
    `    Not before: ${formatJunosDate(c.notBefore)}\n` +
    `    Not after: ${formatJunosDate(c.notAfter)}\n` +
    `  Public key algorithm: ${keyLabel(c)}\n`
  );
}

export function renderCaCertificateDetail(profile: string, c: CertificateInfo): string {
  return `Certificate identifier: ${profile}\n` + renderDetailBody(c);
}

/** Blocks separated by blank lines under the `LSYS: root-logical-system` header. */
export function renderLsysBlocks(blocks: readonly string[]): string {
  if (blocks.length === 0) return '';
  return `LSYS: root-logical-system\n` + blocks.join('\n');
}
