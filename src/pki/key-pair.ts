/**
 * Key pairs as Junos makes them (`request security pki generate-key-pair`):
 * RSA 512/1024/2048/4096, DSA 1024/2048/4096, ECDSA 256/384/521 (P-256,
 * P-384, P-521). Type defaults to rsa and size to 2048. When `type ecdsa` is
 * given without `size` Junos's default (2048) does not fit; pkicfg then picks
 * 256 (P-256), the size Junos's own examples use.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { diagnostic, type Result } from '../diag/diagnostic.js';
import { fail } from './pki-diagnostic.js';

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
const DEFAULT_ECDSA_SIZE = 256;

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
const KEY_LABELS = ['PRIVATE KEY', 'RSA PRIVATE KEY', 'EC PRIVATE KEY', 'DSA PRIVATE KEY'];

function encryptedKey(source: string): Result<KeyPair | undefined> {
  return fail(
    'PKI_KEY_INVALID',
    `${source}: the private key is encrypted and pkicfg does not take passphrases; ` +
      `decrypt it first (openssl pkey -in ${source} -out plain.key)`,
  );
}

/**
 * Reads a private key as OpenSSL writes it: PEM (PKCS#8, PKCS#1 RSA, SEC1 EC,
 * traditional DSA; the key block is picked out of files that also hold
 * `EC PARAMETERS`, certificates or text) or DER (PKCS#8, PKCS#1, SEC1).
 * Encrypted keys are refused with a clear message.
 */
export function parsePrivateKey(bytes: Uint8Array, source: string): Result<KeyPair | undefined> {
  let privateKey: KeyObject | undefined;
  const text = Buffer.from(bytes).toString('latin1');
  if (text.includes('-----BEGIN')) {
    if (/-----BEGIN ENCRYPTED PRIVATE KEY-----/.test(text)) return encryptedKey(source);
    const m = /-----BEGIN ((?:RSA |EC |DSA )?PRIVATE KEY)-----([\s\S]*?)-----END \1-----/.exec(text);
    if (!m || !KEY_LABELS.includes(m[1])) {
      return fail('PKI_KEY_INVALID', `${source}: no private key (-----BEGIN PRIVATE KEY-----) in the file`);
    }
    if (/Proc-Type:\s*4,\s*ENCRYPTED/i.test(m[2])) return encryptedKey(source);
    try {
      privateKey = createPrivateKey({ key: m[0], format: 'pem' });
    } catch (e) {
      return fail('PKI_KEY_INVALID', `${source}: not a readable private key (${(e as Error).message})`);
    }
  } else {
    const der = Buffer.from(bytes);
    let firstError: Error | undefined;
    for (const type of ['pkcs8', 'pkcs1', 'sec1'] as const) {
      try {
        privateKey = createPrivateKey({ key: der, format: 'der', type });
        break;
      } catch (e) {
        const msg = (e as Error).message;
        // An EncryptedPrivateKeyInfo parses as PKCS#8 but needs a passphrase.
        if (type === 'pkcs8' && /interrupted or cancelled|passphrase/i.test(msg)) return encryptedKey(source);
        firstError ??= e as Error;
      }
    }
    if (!privateKey) {
      return fail(
        'PKI_KEY_INVALID',
        `${source}: not a readable private key (neither PEM nor DER PKCS#8/PKCS#1/SEC1: ${firstError?.message ?? 'empty'})`,
      );
    }
  }
  const spec = describeKey(privateKey);
  if (!spec) {
    return {
      value: undefined,
      diagnostics: [
        diagnostic(
          'PKI_KEY_INVALID',
          `${source}: unsupported key type ${privateKey.asymmetricKeyType}` +
            (privateKey.asymmetricKeyDetails?.namedCurve
              ? ` (curve ${privateKey.asymmetricKeyDetails.namedCurve})`
              : '') +
            '; key pairs are RSA, DSA or ECDSA on P-256, P-384 or P-521',
        ),
      ],
    };
  }
  const publicKey = createPublicKey(privateKey);
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  return { value: { ...spec, privateKey, publicKey, pem }, diagnostics: [] };
}

/** Junos's public-key algorithm label: `rsaEncryption(2048 bits)`, `dsaEncryption(1024 bits)`, `ECDSA(256 bits)`. */
export function keyAlgorithmLabel(spec: KeySpec): string {
  const name = spec.type === 'rsa' ? 'rsaEncryption' : spec.type === 'dsa' ? 'dsaEncryption' : 'ECDSA';
  return `${name}(${spec.size} bits)`;
}
