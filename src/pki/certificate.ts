/**
 * X.509 certificates: parsing (pkijs for structure, node's X509Certificate
 * for key checks) into the facts `show` and `verify` need, and building a
 * self-signed certificate (`local-certificate generate-self-signed`).
 */
import { createHash, createPublicKey, randomBytes, X509Certificate, type KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { diagnostic, type Diagnostic, type Result } from '../diag/diagnostic.js';
import { signatureAlgorithm, signatureAlgorithmName, signData, type Digest } from './algorithms.js';
import { dnFromRdns, dnToRdns, type Dn } from './dn.js';
import {
  altNamesExtension,
  authorityKeyIdExtension,
  basicConstraintsExtension,
  hasAltNames,
  keyUsageExtension,
  readAltNames,
  readCrlDistributionPoints,
  readIsCa,
  readKeyUsage,
  readOcspUris,
  subjectKeyIdExtension,
  type AltNames,
  type KeyUsageName,
} from './extensions.js';
import { fingerprint } from './fingerprint.js';
import { describeKey, type KeyPair, type KeySpec } from './key-pair.js';
import { derFromFile, parsePemBlocks, toPem } from './pem.js';
import { fail } from './pki-diagnostic.js';

export interface CertificateInfo {
  readonly der: Uint8Array;
  readonly pem: string;
  readonly version: number;
  /** Serial number as unsigned big-endian hex, lower case, at least two digits (`00043da0`). */
  readonly serialHex: string;
  readonly serial: bigint;
  readonly subject: Dn;
  readonly issuer: Dn;
  /** DER of the Name fields, for exact issuer/subject matching. */
  readonly subjectDer: Uint8Array;
  readonly issuerDer: Uint8Array;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly publicKey: KeyObject;
  readonly keySpec: KeySpec | undefined;
  /** The subjectPublicKey BIT STRING contents (the `detail` hex dump). */
  readonly publicKeyBits: Uint8Array;
  readonly signatureAlgorithmOid: string;
  readonly signatureAlgorithm: string;
  readonly isCa: boolean;
  readonly keyUsage: readonly KeyUsageName[] | undefined;
  readonly altNames: AltNames;
  readonly crlDistributionPoints: readonly string[];
  readonly ocsp: readonly string[];
  readonly x509: X509Certificate;
}

function toBytes(view: ArrayBuffer | Uint8Array): Uint8Array {
  return view instanceof Uint8Array ? view : new Uint8Array(view);
}

/** The first DER element of `der` (everything when its length cannot be read). */
function firstTlv(der: Uint8Array): Uint8Array {
  if (der.length < 2) return der;
  const l = der[1];
  if (l < 0x80) return der.subarray(0, Math.min(der.length, 2 + l));
  const n = l & 0x7f;
  if (n === 0 || n > 4 || der.length < 2 + n) return der;
  let len = 0;
  for (let i = 0; i < n; i++) len = len * 256 + der[2 + i];
  return der.subarray(0, Math.min(der.length, 2 + n + len));
}

/** Reads one certificate (PEM or DER); the first of a PEM bundle. */
export function parseCertificate(bytes: Uint8Array, source: string): Result<CertificateInfo | undefined> {
  const found = derFromFile(bytes, ['CERTIFICATE', 'X509 CERTIFICATE', 'TRUSTED CERTIFICATE']);
  // OpenSSL's TRUSTED CERTIFICATE is the certificate followed by its trust settings.
  const der =
    found && Buffer.from(bytes).includes('-----BEGIN TRUSTED CERTIFICATE-----') ? firstTlv(found) : found;
  if (!der)
    return fail(
      'PKI_PEM_INVALID',
      `${source}: no PEM certificate (-----BEGIN CERTIFICATE-----) or DER certificate found`,
    );
  return certificateFromDer(der, source);
}

/** Every certificate of a PEM bundle (or one DER certificate). */
export function parseCertificates(bytes: Uint8Array, source: string): Result<CertificateInfo[] | undefined> {
  if (
    bytes.length > 2 &&
    bytes[0] === 0x30 &&
    !Buffer.from(bytes).toString('latin1').includes('-----BEGIN')
  ) {
    const one = certificateFromDer(bytes, source);
    return one.value
      ? { value: [one.value], diagnostics: [] }
      : { value: undefined, diagnostics: one.diagnostics };
  }
  const blocks = parsePemBlocks(Buffer.from(bytes).toString('latin1')).filter(
    (b) => b.label === 'CERTIFICATE',
  );
  if (blocks.length === 0) return fail('PKI_PEM_INVALID', `${source}: no PEM certificate found`);
  const out: CertificateInfo[] = [];
  for (const b of blocks) {
    const r = certificateFromDer(b.der, source);
    if (!r.value) return { value: undefined, diagnostics: r.diagnostics };
    out.push(r.value);
  }
  return { value: out, diagnostics: [] };
}

/** Parses DER; a PKI_CERT_INVALID diagnostic when it is not a certificate. */
export function certificateFromDer(der: Uint8Array, source: string): Result<CertificateInfo | undefined> {
  let cert: pkijs.Certificate;
  let x509: X509Certificate;
  try {
    const asn = asn1js.fromBER(der);
    if (asn.offset === -1) throw new Error(asn.result.error || 'bad BER');
    if (asn.offset !== der.byteLength) throw new Error('trailing data after the certificate');
    cert = new pkijs.Certificate({ schema: asn.result });
    x509 = new X509Certificate(Buffer.from(der));
  } catch (e) {
    return fail('PKI_CERT_INVALID', `${source}: not a valid X.509 certificate (${(e as Error).message})`);
  }
  const serialBytes = toBytes(cert.serialNumber.valueBlock.valueHexView);
  let serialHex = Buffer.from(serialBytes)
    .toString('hex')
    .replace(/^(00)+(?=..)/, '');
  if (serialHex === '') serialHex = '00';
  const publicKey = x509.publicKey;
  const exts = cert.extensions;
  return {
    value: {
      der,
      pem: toPem('CERTIFICATE', der),
      version: cert.version + 1,
      serialHex,
      serial: BigInt('0x' + serialHex),
      subject: dnFromRdns(cert.subject),
      issuer: dnFromRdns(cert.issuer),
      subjectDer: new Uint8Array(cert.subject.toSchema().toBER(false)),
      issuerDer: new Uint8Array(cert.issuer.toSchema().toBER(false)),
      notBefore: cert.notBefore.value,
      notAfter: cert.notAfter.value,
      publicKey,
      keySpec: describeKey(publicKey),
      publicKeyBits: toBytes(cert.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView),
      signatureAlgorithmOid: cert.signatureAlgorithm.algorithmId,
      signatureAlgorithm: signatureAlgorithmName(cert.signatureAlgorithm.algorithmId),
      isCa: readIsCa(exts),
      keyUsage: readKeyUsage(exts),
      altNames: readAltNames(exts),
      crlDistributionPoints: readCrlDistributionPoints(exts),
      ocsp: readOcspUris(exts),
      x509,
    },
    diagnostics: [],
  };
}

/** sha1/md5/sha256 fingerprints of a certificate's DER. */
export function certificateFingerprints(cert: { der: Uint8Array }): {
  sha1: string;
  md5: string;
  sha256: string;
} {
  return {
    sha1: fingerprint(cert.der, 'sha1'),
    md5: fingerprint(cert.der, 'md5'),
    sha256: fingerprint(cert.der, 'sha256'),
  };
}

/** SHA-1 of the subjectPublicKey bits (RFC 5280 §4.2.1.2 method 1). */
function keyIdentifier(publicKey: KeyObject): Uint8Array {
  const spki = pkijs.PublicKeyInfo.fromBER(publicKey.export({ type: 'spki', format: 'der' }));
  return new Uint8Array(
    createHash('sha1').update(toBytes(spki.subjectPublicKey.valueBlock.valueHexView)).digest(),
  );
}

/** A positive random serial number of 8 bytes (as hex). */
function randomSerial(): Uint8Array {
  const b = randomBytes(8);
  b[0] = (b[0] & 0x7f) | 0x01;
  return new Uint8Array(b);
}

export interface SelfSignedOptions {
  readonly key: KeyPair;
  readonly subject: Dn;
  readonly altNames: AltNames;
  readonly caConstraint: boolean;
  readonly digest: Digest;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly serial?: Uint8Array;
}

/**
 * Builds and signs a self-signed certificate. Extensions: basicConstraints
 * (critical; cA when add-ca-constraint), keyUsage (critical;
 * digitalSignature+keyEncipherment, plus keyCertSign+cRLSign for a CA, and
 * keyCertSign also for an end entity so that OpenSSL treats the certificate
 * as self-issued and `openssl verify -CAfile self.pem self.pem` succeeds),
 * subjectKeyIdentifier, authorityKeyIdentifier, subjectAltName.
 */
export function buildSelfSigned(opts: SelfSignedOptions): Result<CertificateInfo | undefined> {
  const sigAlg = signatureAlgorithm(opts.key.type, opts.digest);
  if (!sigAlg)
    return fail('PKI_DIGEST_INVALID', `digest ${opts.digest} cannot be used with a ${opts.key.type} key`);
  const cert = new pkijs.Certificate();
  cert.version = 2;
  cert.serialNumber = new asn1js.Integer({ valueHex: opts.serial ?? randomSerial() });
  cert.issuer = dnToRdns(opts.subject);
  cert.subject = dnToRdns(opts.subject);
  cert.notBefore = new pkijs.Time({ type: 0, value: opts.notBefore });
  cert.notAfter = new pkijs.Time({
    type: opts.notAfter.getUTCFullYear() >= 2050 ? 1 : 0,
    value: opts.notAfter,
  });
  cert.subjectPublicKeyInfo = pkijs.PublicKeyInfo.fromBER(
    opts.key.publicKey.export({ type: 'spki', format: 'der' }),
  );
  const kid = keyIdentifier(opts.key.publicKey);
  const usage: KeyUsageName[] =
    opts.key.type === 'rsa'
      ? ['digitalSignature', 'keyEncipherment', 'keyCertSign']
      : ['digitalSignature', 'keyCertSign'];
  if (opts.caConstraint) usage.push('cRLSign');
  cert.extensions = [
    basicConstraintsExtension(opts.caConstraint),
    keyUsageExtension(usage),
    subjectKeyIdExtension(kid),
    authorityKeyIdExtension(kid),
    ...(hasAltNames(opts.altNames) ? [altNamesExtension(opts.altNames)] : []),
  ];
  cert.signature = sigAlg;
  cert.signatureAlgorithm = sigAlg;
  const tbs = new Uint8Array(cert.encodeTBS().toBER(false));
  cert.signatureValue = new asn1js.BitString({ valueHex: signData(tbs, opts.key.privateKey, opts.digest) });
  const der = new Uint8Array(cert.toSchema(true).toBER(false));
  return certificateFromDer(der, '<self-signed>');
}

/** True when the certificate carries `key`'s public key. */
export function certificateMatchesKey(cert: CertificateInfo, privateKey: KeyObject): boolean {
  try {
    return cert.x509.checkPrivateKey(privateKey);
  } catch {
    const a = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
    return a.equals(cert.publicKey.export({ type: 'spki', format: 'der' }));
  }
}

/** A mismatch diagnostic (certificate vs key of certificate-id). */
export function keyMismatch(source: string, id: string): Diagnostic {
  return diagnostic(
    'PKI_KEY_MISMATCH',
    `${source}: the certificate's public key does not match the key pair of certificate-id ${id}`,
  );
}
