/**
 * The cryptographic primitives SCEP needs, on node:crypto where OpenSSL 3
 * allows it and in JS where it does not:
 * - RSAES-PKCS1-v1_5 key transport (RFC 8017 §7.2). Node 20 refuses PKCS#1
 *   v1.5 private decryption (CVE-2023-46809), so decryption is done raw and
 *   the padding is checked here, without branching on secret data beyond the
 *   final accept/reject (the caller answers every failure the same way).
 * - Content ciphers: AES via OpenSSL, DES / 3DES via ../des.ts.
 */
import {
  constants,
  createCipheriv,
  createDecipheriv,
  createHash,
  privateDecrypt,
  publicEncrypt,
  randomBytes,
  sign as nodeSign,
  verify as nodeVerify,
  type KeyObject,
} from 'node:crypto';
import { desDecrypt, desEncrypt } from '../des.js';
import type { ContentCipher, DigestAlg } from './types.js';

export function digest(alg: DigestAlg, data: Uint8Array): Buffer {
  return createHash(alg).update(data).digest();
}

export function rsaSign(alg: DigestAlg, key: KeyObject, data: Uint8Array): Buffer {
  return nodeSign(alg, data, key);
}

export function rsaVerify(alg: DigestAlg, key: KeyObject, data: Uint8Array, signature: Uint8Array): boolean {
  try {
    return nodeVerify(alg, data, key, signature);
  } catch {
    return false;
  }
}

/** RSAES-PKCS1-v1_5 encryption (RFC 8017 §7.2.1). */
export function rsaEncryptPkcs1(key: KeyObject, data: Uint8Array): Buffer {
  return publicEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, data);
}

/** RSAES-PKCS1-v1_5 decryption (RFC 8017 §7.2.2); undefined when the padding is invalid. */
export function rsaDecryptPkcs1(key: KeyObject, data: Uint8Array): Buffer | undefined {
  let em: Buffer;
  try {
    em = privateDecrypt({ key, padding: constants.RSA_NO_PADDING }, data);
  } catch {
    return undefined;
  }
  // EM = 0x00 || 0x02 || PS (>= 8 non-zero bytes) || 0x00 || M
  let sep = -1;
  for (let i = 2; i < em.length; i++) {
    if (em[i] === 0 && sep < 0) sep = i;
  }
  if (em[0] !== 0 || em[1] !== 2 || sep < 10) return undefined;
  return em.subarray(sep + 1);
}

const CIPHER_KEY: Record<ContentCipher, number> = {
  'des-cbc': 8,
  'des-ede3-cbc': 24,
  'aes-128-cbc': 16,
  'aes-256-cbc': 32,
};
const CIPHER_IV: Record<ContentCipher, number> = {
  'des-cbc': 8,
  'des-ede3-cbc': 8,
  'aes-128-cbc': 16,
  'aes-256-cbc': 16,
};

export function newContentKey(cipher: ContentCipher): { key: Buffer; iv: Buffer } {
  return { key: randomBytes(CIPHER_KEY[cipher]), iv: randomBytes(CIPHER_IV[cipher]) };
}

export function contentEncrypt(
  cipher: ContentCipher,
  key: Uint8Array,
  iv: Uint8Array,
  data: Uint8Array,
): Buffer {
  if (cipher === 'des-cbc' || cipher === 'des-ede3-cbc') return desEncrypt(cipher, key, iv, data);
  const c = createCipheriv(cipher, key, iv);
  return Buffer.concat([c.update(data), c.final()]);
}

/** Decrypts content; undefined on a wrong key/IV size or bad padding. */
export function contentDecrypt(
  cipher: ContentCipher,
  key: Uint8Array,
  iv: Uint8Array,
  data: Uint8Array,
): Buffer | undefined {
  if (key.length !== CIPHER_KEY[cipher] || iv.length !== CIPHER_IV[cipher]) return undefined;
  if (cipher === 'des-cbc' || cipher === 'des-ede3-cbc') return desDecrypt(cipher, key, iv, data);
  try {
    const d = createDecipheriv(cipher, key, iv);
    return Buffer.concat([d.update(data), d.final()]);
  } catch {
    return undefined;
  }
}
