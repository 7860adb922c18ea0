/**
 * Typed reads of the PKI store and the store changes for typed objects, for
 * the operational commands and for enrollment (SCEP, CMP): a key pair, a
 * local certificate, a CA certificate, a CRL or a request, each parsed, or a
 * diagnostic that says what is missing. (The store changes for them are in
 * pki-changes.ts, which parses nothing.)
 */
import type { Result } from '../diag/diagnostic.js';
import { parseCertificate, type CertificateInfo } from './certificate.js';
import { parseCrl, type CrlInfo } from './crl.js';
import { parseCsr, type CsrInfo } from './csr.js';
import { parsePrivateKey, type KeyPair } from './key-pair.js';
import { fail } from './pki-diagnostic.js';
import type { PkiStore } from './pki-store.js';
import type { TrustedCa } from './verify.js';

const bytes = (pem: string): Uint8Array => new Uint8Array(Buffer.from(pem, 'utf8'));

/** The key pair of a certificate-id, or PKI_KEY_NOT_FOUND. */
export function readKeyPair(store: PkiStore, id: string): Result<KeyPair | undefined> {
  const pem = store.readPem('key', id);
  if (pem === undefined)
    return fail(
      'PKI_KEY_NOT_FOUND',
      `Key pair ${id} does not exist (generate it with request security pki generate-key-pair)`,
    );
  return parsePrivateKey(bytes(pem), store.path('key', id));
}

/** The local certificate of a certificate-id, or PKI_LOCAL_CERT_NOT_FOUND. */
export function readLocalCertificate(store: PkiStore, id: string): Result<CertificateInfo | undefined> {
  const pem = store.readPem('local', id);
  if (pem === undefined)
    return fail('PKI_LOCAL_CERT_NOT_FOUND', `Local certificate ${id} not found in local database`);
  return parseCertificate(bytes(pem), store.path('local', id));
}

/** The CA certificate of a ca-profile, or PKI_CA_CERT_NOT_FOUND. */
export function readCaCertificate(store: PkiStore, profile: string): Result<CertificateInfo | undefined> {
  const pem = store.readPem('ca', profile);
  if (pem === undefined)
    return fail('PKI_CA_CERT_NOT_FOUND', `CA certificate for profile ${profile} doesn't exist`);
  return parseCertificate(bytes(pem), store.path('ca', profile));
}

export function readCrl(store: PkiStore, profile: string): Result<CrlInfo | undefined> {
  const pem = store.readPem('crl', profile);
  if (pem === undefined) return fail('PKI_CRL_NOT_FOUND', `CRL for CA profile ${profile} doesn't exist`);
  return parseCrl(bytes(pem), store.path('crl', profile));
}

export function readRequest(store: PkiStore, id: string): Result<CsrInfo | undefined> {
  const pem = store.readPem('request', id);
  if (pem === undefined) return fail('PKI_REQUEST_NOT_FOUND', `Certificate request ${id} does not exist`);
  return parseCsr(bytes(pem), store.path('request', id));
}

/** Every loadable CA certificate with its profile (unreadable entries are skipped). */
export function trustedCas(store: PkiStore): TrustedCa[] {
  const out: TrustedCa[] = [];
  for (const profile of store.list('ca')) {
    const c = readCaCertificate(store, profile).value;
    if (c) out.push({ profile, certificate: c });
  }
  return out;
}

/** Every loadable CRL by ca-profile. */
export function crlsByProfile(store: PkiStore): Map<string, CrlInfo> {
  const out = new Map<string, CrlInfo>();
  for (const profile of store.list('crl')) {
    const c = readCrl(store, profile).value;
    if (c) out.set(profile, c);
  }
  return out;
}
