/**
 * One X.509 certificate seen from both sides: pkijs for the ASN.1 pieces SCEP
 * copies into messages (issuer, serial number), node:crypto's X509Certificate
 * for the public key, subject text and signature checks.
 */
import { X509Certificate, createHash, type KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { childrenOf, readTlv, tlvBytes } from './der.js';

export interface ScepCertificate {
  readonly der: Buffer;
  readonly asn1: pkijs.Certificate;
  readonly x509: X509Certificate;
  readonly publicKey: KeyObject;
}

/**
 * Decodes a DER certificate; undefined when it is not one. The pkijs view
 * (`asn1`) is decoded on first use: most certificates a client sees only
 * need the key and subject, which node's X509Certificate gives cheaply.
 */
export function parseCertificate(der: Uint8Array): ScepCertificate | undefined {
  try {
    const buf = Buffer.from(der);
    const outer = readTlv(buf, 0, buf.length);
    if (!outer || outer.tag !== 0x30 || outer.end !== buf.length) return undefined;
    const x509 = new X509Certificate(buf);
    let asn1: pkijs.Certificate | undefined;
    return {
      der: buf,
      get asn1() {
        return (asn1 ??= new pkijs.Certificate({ schema: asn1js.fromBER(buf).result }));
      },
      x509,
      publicKey: x509.publicKey,
    };
  } catch {
    return undefined;
  }
}

/**
 * Wraps an already decoded pkijs certificate (no second ASN.1 parse: pkijs
 * schema matching dominates SCEP's CPU time). `der` must be its encoding.
 */
export function wrapCertificate(asn1: pkijs.Certificate, der: Uint8Array): ScepCertificate | undefined {
  try {
    const buf = Buffer.from(der);
    const x509 = new X509Certificate(buf);
    return { der: buf, asn1, x509, publicKey: x509.publicKey };
  } catch {
    return undefined;
  }
}

/** True when `cert` is the one named by issuer + serial number. */
export function matchesIssuerAndSerial(cert: ScepCertificate, ias: pkijs.IssuerAndSerialNumber): boolean {
  return cert.asn1.issuer.isEqual(ias.issuer) && cert.asn1.serialNumber.isEqual(ias.serialNumber);
}

export function issuerAndSerialOf(cert: ScepCertificate): pkijs.IssuerAndSerialNumber {
  return new pkijs.IssuerAndSerialNumber({ issuer: cert.asn1.issuer, serialNumber: cert.asn1.serialNumber });
}

/** Colon-free lower-case hex fingerprint. */
export function fingerprint(der: Uint8Array, alg: 'sha1' | 'sha256' | 'md5'): string {
  return createHash(alg).update(der).digest('hex');
}

/** Whether the certificate's key is RSA (SCEP supports RSA only). */
export function isRsa(cert: ScepCertificate): boolean {
  return cert.publicKey.asymmetricKeyType === 'rsa';
}

/** True when the certificate carries basicConstraints cA=TRUE. */
export function isCa(cert: ScepCertificate): boolean {
  return cert.x509.ca;
}

/** KeyUsage bits present in the certificate, undefined when it has no KeyUsage extension. */
export function keyUsage(
  cert: ScepCertificate,
): { digitalSignature: boolean; keyEncipherment: boolean } | undefined {
  const ext = cert.asn1.extensions?.find((e) => e.extnID === '2.5.29.15');
  if (!ext) return undefined;
  const bits = ext.parsedValue as asn1js.BitString | undefined;
  const view = bits?.valueBlock.valueHexView;
  if (!view || view.length === 0) return { digitalSignature: false, keyEncipherment: false };
  return { digitalSignature: (view[0] & 0x80) !== 0, keyEncipherment: (view[0] & 0x20) !== 0 };
}

/** Issuer Name + serialNumber TLVs of a certificate, as an IssuerAndSerialNumber encoding. */
export function issuerAndSerialDer(cert: ScepCertificate): Buffer | undefined {
  const b = cert.der;
  const c = readTlv(b, 0, b.length);
  const [tbs] = c ? (childrenOf(b, c) ?? []) : [];
  const f = tbs ? childrenOf(b, tbs) : undefined;
  if (!f) return undefined;
  const i = f[0]?.tag === 0xa0 ? 1 : 0;
  const serial = f[i];
  const issuer = f[i + 2];
  if (!serial || !issuer || serial.tag !== 0x02 || issuer.tag !== 0x30) return undefined;
  const body = Buffer.concat([tlvBytes(b, issuer), tlvBytes(b, serial)]);
  const len =
    body.length < 128
      ? [body.length]
      : body.length < 256
        ? [0x81, body.length]
        : [0x82, body.length >> 8, body.length & 0xff];
  return Buffer.concat([Buffer.from([0x30, ...len]), body]);
}
