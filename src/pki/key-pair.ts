/**
 * Key pairs as Junos makes them (`request security pki generate-key-pair`):
 * RSA 512/1024/2048/4096, DSA 1024/2048/4096, ECDSA 256/384/521 (P-256,
 * P-384, P-521). Type defaults to rsa and size to 2048. When `type ecdsa` is
 * given without `size` Junos's default (2048) does not fit; pkicfg then picks
 * 256 (P-256), the size Junos's own examples use.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { Result } from '../diag/diagnostic.js';
import { fail, pkiDiagnostic } from './pki-diagnostic.js';

export type KeyType = 'rsa' | 'dsa' | 'ecdsa';

export interface KeySpec {
  readonly type: KeyType;
  readonly size: number;
}

export interface KeyPair extends KeySpec {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  /** PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`). */
  readonly pem: string;
}

const SIZES: Record<KeyType, readonly number[]> = {
  rsa: [512, 1024, 2048, 4096],
  dsa: [1024, 2048, 4096],
  ecdsa: [256, 384, 521],
};

const CURVES: Record<number, string> = { 256: 'prime256v1', 384: 'secp384r1', 521: 'secp521r1' };

/** The default ECDSA size when `size` is omitted (documented choice: P-256). */
export const DEFAULT_ECDSA_SIZE = 256;

/** Applies Junos's defaults and size/type rules. */
export function resolveKeySpec(
  type: KeyType | undefined,
  size: number | undefined,
): Result<KeySpec | undefined> {
  const t: KeyType = type ?? (size !== undefined && [256, 384, 521].includes(size) ? 'ecdsa' : 'rsa');
  const s = size ?? (t === 'ecdsa' ? DEFAULT_ECDSA_SIZE : 2048);
  if (!SIZES[t].includes(s)) {
    const allowed = SIZES[t].join(', ');
    return fail('PKI_KEY_TYPE_SIZE', `key size ${s} is not valid for type ${t} (valid sizes: ${allowed})`);
  }
  return { value: { type: t, size: s }, diagnostics: [] };
}

/** Generates a key pair for a valid spec (call resolveKeySpec first). */
export function generateKeyPair(spec: KeySpec): KeyPair {
  let privateKey: KeyObject;
  let publicKey: KeyObject;
  if (spec.type === 'rsa') {
    ({ privateKey, publicKey } = generateKeyPairSync('rsa', {
      modulusLength: spec.size,
      publicExponent: 0x10001,
    }));
  } else if (spec.type === 'dsa') {
    ({ privateKey, publicKey } = generateKeyPairSync('dsa', {
      modulusLength: spec.size,
      divisorLength: spec.size === 1024 ? 160 : 256,
    }));
  } else {
    ({ privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: CURVES[spec.size] }));
  }
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  return { ...spec, privateKey, publicKey, pem };
}

/** Type and size of a key (private or public). */
export function describeKey(key: KeyObject): KeySpec | undefined {
  const d = key.asymmetricKeyDetails;
  if (key.asymmetricKeyType === 'rsa' && d?.modulusLength) return { type: 'rsa', size: d.modulusLength };
  if (key.asymmetricKeyType === 'dsa' && d?.modulusLength) return { type: 'dsa', size: d.modulusLength };
  if (key.asymmetricKeyType === 'ec') {
    const size = { prime256v1: 256, secp384r1: 384, secp521r1: 521 }[d?.namedCurve ?? ''];
    if (size) return { type: 'ecdsa', size };
  }
  return undefined;
}

/** Reads a private key (PKCS#8, PKCS#1, SEC1; PEM or DER); a diagnostic when it is not a supported key. */
export function parsePrivateKey(bytes: Uint8Array, source: string): Result<KeyPair | undefined> {
  let privateKey: KeyObject;
  try {
    const text = Buffer.from(bytes).toString('latin1');
    privateKey = text.includes('-----BEGIN')
      ? createPrivateKey({ key: text, format: 'pem' })
      : createPrivateKey({ key: Buffer.from(bytes), format: 'der', type: 'pkcs8' });
  } catch (e) {
    return fail('PKI_KEY_INVALID', `${source}: not a readable private key (${(e as Error).message})`);
  }
  const spec = describeKey(privateKey);
  if (!spec) {
    return {
      value: undefined,
      diagnostics: [
        pkiDiagnostic('PKI_KEY_INVALID', `${source}: unsupported key type ${privateKey.asymmetricKeyType}`),
      ],
    };
  }
  const publicKey = createPublicKey(privateKey);
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  return { value: { ...spec, privateKey, publicKey, pem }, diagnostics: [] };
}

/** True when `publicKey` is the public half of `privateKey` (compared as SPKI DER). */
export function keysMatch(privateKey: KeyObject, publicKey: KeyObject): boolean {
  const a = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  const b = publicKey.export({ type: 'spki', format: 'der' });
  return a.equals(b);
}

/** Junos's public-key algorithm label: `rsaEncryption(2048 bits)`, `dsaEncryption(1024 bits)`, `ECDSA(256 bits)`. */
export function keyAlgorithmLabel(spec: KeySpec): string {
  const name = spec.type === 'rsa' ? 'rsaEncryption' : spec.type === 'dsa' ? 'dsaEncryption' : 'ECDSA';
  return `${name}(${spec.size} bits)`;
}
