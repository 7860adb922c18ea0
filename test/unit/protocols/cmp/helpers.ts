/** Shared test material: the captured openssl chain and small DER helpers. */
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';

export const FIXTURES = 'test/fixtures/protocols/cmp';
export const PBM_SECRET = Buffer.from('interop-pbm-secret');

export function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(`${FIXTURES}/${name}`));
}

function pemCerts(text: string): Uint8Array[] {
  return [...text.matchAll(/-----BEGIN CERTIFICATE-----([^-]+)-----END CERTIFICATE-----/g)].map(
    (m) => new Uint8Array(Buffer.from(m[1].replace(/\s/g, ''), 'base64')),
  );
}

export function keyCert(name: string): Uint8Array {
  return pemCerts(readFileSync(`${FIXTURES}/keys/${name}.pem`, 'utf8'))[0];
}

export function keyFile(name: string): KeyObject {
  return createPrivateKey(readFileSync(`${FIXTURES}/keys/${name}.key`));
}

/** A time inside the validity of the captured chain. */
export function captureTime(): Date {
  return new Date(new X509Certificate(keyCert('ee')).validFrom).getTime() + 3600_000 > 0
    ? new Date(new Date(new X509Certificate(keyCert('ee')).validFrom).getTime() + 3600_000)
    : new Date();
}

/** Drop the decoder's raw-byte side fields so models compare structurally. */
export function stripRaw(x: unknown): unknown {
  if (x instanceof Uint8Array) return Buffer.from(x).toString('hex');
  if (x instanceof Date) return x.toISOString();
  if (Array.isArray(x)) return x.map(stripRaw);
  if (x && typeof x === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(x))
      if (k !== 'protectedPart' && k !== 'certReqDer') out[k] = stripRaw(v);
    return out;
  }
  return x;
}
