/**
 * DES-CBC and DES-EDE3-CBC in JavaScript (node-forge), independent of how node
 * was started. Node 20's OpenSSL 3 refuses single DES without the legacy
 * provider, yet micromdm's scepserver encrypts every CertRep with DES-CBC
 * (1.3.14.3.2.7) and scepclient sends it. 3DES goes through the same code so
 * both weak ciphers behave the same on every node build.
 *
 * Padding is PKCS#5/#7 (RFC 5652 §6.3), as CMS requires.
 */
import forge from 'node-forge';

/** Which DES variant: single DES (8-byte key) or DES-EDE3 (24-byte key). */
export type DesVariant = 'des-cbc' | 'des-ede3-cbc';

const KEY_LENGTH: Record<DesVariant, number> = { 'des-cbc': 8, 'des-ede3-cbc': 24 };
const FORGE_NAME: Record<DesVariant, 'DES-CBC' | '3DES-CBC'> = {
  'des-cbc': 'DES-CBC',
  'des-ede3-cbc': '3DES-CBC',
};

function check(variant: DesVariant, key: Uint8Array, iv: Uint8Array): void {
  if (key.length !== KEY_LENGTH[variant]) {
    throw new RangeError(`${variant} needs a ${KEY_LENGTH[variant]}-byte key, got ${key.length}`);
  }
  if (iv.length !== 8) throw new RangeError(`${variant} needs an 8-byte IV, got ${iv.length}`);
}

const toBinary = (b: Uint8Array): string => Buffer.from(b).toString('binary');

/** Encrypts with PKCS#7 padding. */
export function desEncrypt(variant: DesVariant, key: Uint8Array, iv: Uint8Array, data: Uint8Array): Buffer {
  check(variant, key, iv);
  const cipher = forge.cipher.createCipher(FORGE_NAME[variant], toBinary(key));
  cipher.start({ iv: toBinary(iv) });
  cipher.update(forge.util.createBuffer(toBinary(data)));
  cipher.finish();
  return Buffer.from(cipher.output.getBytes(), 'binary');
}

/**
 * Decrypts and removes PKCS#7 padding. Returns undefined when the input is not
 * a whole number of blocks or the padding is wrong (a wrong key, or damage).
 */
export function desDecrypt(
  variant: DesVariant,
  key: Uint8Array,
  iv: Uint8Array,
  data: Uint8Array,
): Buffer | undefined {
  check(variant, key, iv);
  if (data.length === 0 || data.length % 8 !== 0) return undefined;
  const decipher = forge.cipher.createDecipher(FORGE_NAME[variant], toBinary(key));
  decipher.start({ iv: toBinary(iv) });
  decipher.update(forge.util.createBuffer(toBinary(data)));
  if (!decipher.finish()) return undefined;
  return Buffer.from(decipher.output.getBytes(), 'binary');
}
