/**
 * The PKI store changes for typed objects (a key pair, a local or CA
 * certificate, a CRL, a request) with their metadata. Type imports only:
 * writing a key pair (`request security pki generate-key-pair`) loads no
 * X.509 code (pki-objects.ts parses; this file does not).
 */
import type { CertificateInfo } from './certificate.js';
import type { CrlInfo } from './crl.js';
import type { CsrInfo } from './csr.js';
import type { KeyPair } from './key-pair.js';
import type { MetaValue, PkiChange } from './pki-store.js';

type Meta = Readonly<Record<string, MetaValue>>;

export function keyPairChange(id: string, key: KeyPair, meta: Meta = {}): PkiChange {
  return { op: 'put', kind: 'key', id, pem: key.pem, meta: { type: key.type, size: key.size, ...meta } };
}

/**
 * A local certificate. `meta.source` says how it came (`self-signed`, `loaded`,
 * `scep`, `cmpv2`, `system-generated`); `meta.caProfile` the issuing profile.
 */
export function localCertificateChange(id: string, cert: CertificateInfo, meta: Meta = {}): PkiChange {
  return { op: 'put', kind: 'local', id, pem: cert.pem, meta: { serial: cert.serialHex, ...meta } };
}

export function caCertificateChange(profile: string, cert: CertificateInfo, meta: Meta = {}): PkiChange {
  return { op: 'put', kind: 'ca', id: profile, pem: cert.pem, meta: { serial: cert.serialHex, ...meta } };
}

export function crlChange(profile: string, crl: CrlInfo, meta: Meta = {}): PkiChange {
  return { op: 'put', kind: 'crl', id: profile, pem: crl.pem, meta };
}

export function requestChange(id: string, csr: CsrInfo, meta: Meta = {}): PkiChange {
  return { op: 'put', kind: 'request', id, pem: csr.pem, meta };
}
