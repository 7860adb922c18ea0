/**
 * Signature algorithms: OIDs, names as OpenSSL prints them, and signing with
 * node:crypto (pkijs's WebCrypto engine has no DSA and no SHA-1 ECDSA, so
 * pkijs builds the ASN.1 and node signs). RSA uses PKCS#1 v1.5 with a NULL
 * parameter; DSA and ECDSA signatures are DER (r, s) with absent parameters
 * (RFC 3279 §2.2, RFC 5758 §3.2).
 */
import { sign, verify, type KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { KeyType } from './key-pair.js';

export type Digest = 'sha-1' | 'sha-256' | 'sha-384';

const NODE_DIGEST: Record<Digest, string> = { 'sha-1': 'sha1', 'sha-256': 'sha256', 'sha-384': 'sha384' };

const SIG_OID: Record<KeyType, Partial<Record<Digest, string>>> = {
  rsa: {
    'sha-1': '1.2.840.113549.1.1.5',
    'sha-256': '1.2.840.113549.1.1.11',
    'sha-384': '1.2.840.113549.1.1.12',
  },
  dsa: { 'sha-1': '1.2.840.10040.4.3', 'sha-256': '2.16.840.1.101.3.4.3.2' },
  ecdsa: { 'sha-1': '1.2.840.10045.4.1', 'sha-256': '1.2.840.10045.4.3.2', 'sha-384': '1.2.840.10045.4.3.3' },
};

/** OID -> [OpenSSL name, node digest]. */
const SIGNATURE_ALGORITHMS: Record<string, { name: string; digest: string }> = {
  '1.2.840.113549.1.1.4': { name: 'md5WithRSAEncryption', digest: 'md5' },
  '1.2.840.113549.1.1.5': { name: 'sha1WithRSAEncryption', digest: 'sha1' },
  '1.2.840.113549.1.1.11': { name: 'sha256WithRSAEncryption', digest: 'sha256' },
  '1.2.840.113549.1.1.12': { name: 'sha384WithRSAEncryption', digest: 'sha384' },
  '1.2.840.113549.1.1.13': { name: 'sha512WithRSAEncryption', digest: 'sha512' },
  '1.2.840.10040.4.3': { name: 'dsaWithSHA1', digest: 'sha1' },
  '2.16.840.1.101.3.4.3.2': { name: 'dsa_with_SHA256', digest: 'sha256' },
  '1.2.840.10045.4.1': { name: 'ecdsa-with-SHA1', digest: 'sha1' },
  '1.2.840.10045.4.3.2': { name: 'ecdsa-with-SHA256', digest: 'sha256' },
  '1.2.840.10045.4.3.3': { name: 'ecdsa-with-SHA384', digest: 'sha384' },
  '1.2.840.10045.4.3.4': { name: 'ecdsa-with-SHA512', digest: 'sha512' },
};

/** The signature AlgorithmIdentifier for a key type and digest, or undefined when the pair does not exist. */
export function signatureAlgorithm(type: KeyType, digest: Digest): pkijs.AlgorithmIdentifier | undefined {
  const oid = SIG_OID[type][digest];
  if (!oid) return undefined;
  return type === 'rsa'
    ? new pkijs.AlgorithmIdentifier({ algorithmId: oid, algorithmParams: new asn1js.Null() })
    : new pkijs.AlgorithmIdentifier({ algorithmId: oid });
}

/** Signs `data` with `key` (DER signature for DSA/ECDSA). */
export function signData(data: Uint8Array, key: KeyObject, digest: Digest): Uint8Array {
  return new Uint8Array(sign(NODE_DIGEST[digest], data, key));
}

/** Verifies a signature given the signature algorithm OID; false for unknown algorithms. */
export function verifyData(data: Uint8Array, signature: Uint8Array, key: KeyObject, sigOid: string): boolean {
  const alg = SIGNATURE_ALGORITHMS[sigOid];
  if (!alg) return false;
  try {
    return verify(alg.digest, data, key, signature);
  } catch {
    return false;
  }
}

/** Names OpenSSL prints for signature algorithms pkicfg shows but does not sign with. */
const OTHER_SIGNATURE_NAMES: Readonly<Record<string, string>> = {
  '1.2.840.113549.1.1.10': 'rsassaPss',
  '1.3.101.112': 'ED25519',
  '1.3.101.113': 'ED448',
  '1.2.840.10045.4.1': 'ecdsa-with-SHA1',
  '1.2.840.113549.1.1.2': 'md2WithRSAEncryption',
  '1.2.840.113549.1.1.3': 'md4WithRSAEncryption',
  '1.2.840.113549.1.1.14': 'sha224WithRSAEncryption',
  '1.2.840.10045.4.3.1': 'ecdsa-with-SHA224',
  '2.16.840.1.101.3.4.3.1': 'dsa_with_SHA224',
};

/** The name OpenSSL prints for a signature OID (the OID itself when unknown). */
export function signatureAlgorithmName(oid: string): string {
  return SIGNATURE_ALGORITHMS[oid]?.name ?? OTHER_SIGNATURE_NAMES[oid] ?? oid;
}
