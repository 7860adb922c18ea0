/** `show security pki certificate-request`, `key-pair`, `crl` and the CSR / CA-load output blocks. */
import type { CrlInfo } from '../../pki/crl.js';
import type { CsrInfo } from '../../pki/csr.js';
import { csrHashes } from '../../pki/csr.js';
import { dnGet, printDnFields, printDnSpaced, printDnString } from '../../pki/dn.js';
import { formatJunosDate } from '../../pki/junos-date.js';
import { keyAlgorithmLabel, type KeySpec } from '../../pki/key-pair.js';
import { renderAltSubject, renderKeyHex } from './render-certificate.js';

/** The `generate-certificate-request` output: PEM then `Fingerprint:` with the SHA-1 and MD5 hashes of the DER. */
export function renderGeneratedRequest(csr: CsrInfo): string {
  const h = csrHashes(csr.der);
  return `Generated certificate request\n${csr.pem}Fingerprint:\n${h.sha1} (sha1)\n${h.md5} (md5)\n`;
}

export function renderRequestBrief(id: string, csr: CsrInfo): string {
  return (
    `Certificate identifier: ${id}\n` +
    `  Issued to: ${dnGet(csr.subject, 'CN') ?? printDnSpaced(csr.subject)}\n` +
    `  Public key algorithm: ${csr.keySpec ? keyAlgorithmLabel(csr.keySpec) : 'unknown'}\n`
  );
}

export function renderRequestDetail(id: string, csr: CsrInfo): string {
  const h = csrHashes(csr.der);
  return (
    `Certificate identifier: ${id}\n` +
    `  Certificate version: 1\n` +
    `  Issued to: ${printDnSpaced(csr.subject)}\n` +
    `  Subject:\n` +
    `    ${printDnFields(csr.subject)}\n` +
    `  Subject string:\n` +
    `    ${printDnString(csr.subject)}\n` +
    `  Alternate subject: ${renderAltSubject(csr.altNames)}\n` +
    `  Public key algorithm: ${csr.keySpec ? keyAlgorithmLabel(csr.keySpec) : 'unknown'}\n` +
    renderKeyHex(csr.publicKeyBits) +
    `  Signature algorithm: ${csr.signatureAlgorithm}\n` +
    `  Fingerprint:\n` +
    `    ${h.sha1} (sha1)\n` +
    `    ${h.md5} (md5)\n`
  );
}

export function renderKeyPair(id: string, spec: KeySpec, location: string): string {
  return `Certificate identifier: ${id}\n  Key type: ${spec.type}, key size: ${spec.size} bits\n  Keypair Location: ${location}\n`;
}

function crlVersion(crl: CrlInfo): string {
  const n = crl.crlNumber ?? BigInt(crl.version);
  return `V${n.toString(16).toUpperCase().padStart(8, '0')}`;
}

export function renderCrl(profile: string, crl: CrlInfo, detail: boolean, now: Date): string {
  let out =
    ` CA profile: ${profile}\n` +
    ` CRL version: ${crlVersion(crl)}\n` +
    ` CRL issuer: ${printDnSpaced(crl.issuer)}\n` +
    ` Effective date: ${formatJunosDate(crl.thisUpdate)}\n` +
    ` Next update: ${crl.nextUpdate ? formatJunosDate(crl.nextUpdate) : 'none'}\n`;
  if (crl.nextUpdate && crl.nextUpdate < now) out += ` Status: expired\n`;
  if (detail) {
    out += ` Revocation List:\n`;
    if (crl.revoked.length === 0) out += `   (none)\n`;
    else {
      // the serial column is as wide as the longest serial plus two spaces (at
      // least Junos's 22), so a 20-byte serial never runs into its date
      const width = Math.max(22, ...crl.revoked.map((r) => r.serialHex.length + 2));
      out += `   ${'Serial number'.padEnd(width)}Revocation date\n`;
      for (const r of crl.revoked)
        out += `   ${r.serialHex.toUpperCase().padEnd(width)}${formatJunosDate(r.revokedAt)}\n`;
    }
  }
  return out;
}
