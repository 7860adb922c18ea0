/** Fingerprints in Junos form: lower-case hex bytes joined by ':'. */
import { createHash } from 'node:crypto';

export type FingerprintAlgorithm = 'sha1' | 'md5' | 'sha256';

/** `aa:bb:...` of the hash of `der`. */
export function fingerprint(der: Uint8Array, alg: FingerprintAlgorithm): string {
  return colonHex(createHash(alg).update(der).digest());
}

/** Bytes as `aa:bb:cc`. */
export function colonHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(':');
}

/** Accepts `AA:BB..`, `aabb..` or `AA BB`; returns lower-case hex without separators. */
export function normalizeFingerprint(text: string): string {
  return text.replace(/[:\s]/g, '').toLowerCase();
}
