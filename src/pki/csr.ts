/**
 * PKCS#10 certificate requests (RFC 2986) as `generate-certificate-request`
 * makes them: subject in the order given, subjectAltName in an
 * extensionRequest attribute (PKCS#9 §5.4.2), optional challengePassword
 * (PKCS#9 §5.4.1, needed by SCEP). Digest rules follow Junos: sha-1 for
 * RSA/DSA only and their default, sha-256 for RSA or ECDSA and the ECDSA
 * default, sha-384 ECDSA only.
 *
 *   CertificationRequestInfo ::= SEQUENCE {
 *     version       INTEGER { v1(0) },
 *     subject       Name,
 *     subjectPKInfo SubjectPublicKeyInfo,
 *     attributes    [0] Attributes }
 */
import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { Result } from '../diag/diagnostic.js';
import {
  signatureAlgorithm,
  signatureAlgorithmName,
  signData,
  verifyData,
  type Digest,
} from './algorithms.js';
import { dnFromRdns, dnToRdns, type Dn } from './dn.js';
import { altNamesExtension, checkAltNames, hasAltNames, readAltNames, type AltNames } from './extensions.js';
import { colonHex } from './fingerprint.js';
import { describeKey, type KeyPair, type KeySpec, type KeyType } from './key-pair.js';
import { derFromFile, toPem } from './pem.js';
import { fail } from './pki-diagnostic.js';
import { createPublicKey, type KeyObject } from 'node:crypto';

const OID_CHALLENGE_PASSWORD = '1.2.840.113549.1.9.7';
const OID_EXTENSION_REQUEST = '1.2.840.113549.1.9.14';

/** Junos's digest rules for certificate requests; the default when `digest` is undefined. */
function resolveCsrDigest(type: KeyType, digest: Digest | undefined): Result<Digest | undefined> {
  const d = digest ?? (type === 'ecdsa' ? 'sha-256' : 'sha-1');
  const ok = d === 'sha-1' ? type !== 'ecdsa' : d === 'sha-256' ? type !== 'dsa' : type === 'ecdsa';
  if (!ok) {
    const rule =
      d === 'sha-1'
        ? 'sha-1 is for RSA and DSA keys only'
        : d === 'sha-256'
          ? 'sha-256 is for RSA and ECDSA keys only'
          : 'sha-384 is for ECDSA keys only';
    return fail('PKI_DIGEST_INVALID', `digest ${d} cannot be used with a ${type} key: ${rule}`);
  }
  return { value: d, diagnostics: [] };
}

export interface CsrOptions {
  readonly key: KeyPair;
  readonly subject: Dn;
  readonly altNames: AltNames;
  /** Defaults per resolveCsrDigest. */
  readonly digest?: Digest;
  readonly challengePassword?: string;
}

export interface CsrInfo {
  readonly der: Uint8Array;
  readonly pem: string;
  readonly subject: Dn;
  readonly altNames: AltNames;
  readonly publicKey: KeyObject;
  readonly keySpec: KeySpec | undefined;
  readonly publicKeyBits: Uint8Array;
  readonly signatureAlgorithm: string;
  readonly challengePassword: string | undefined;
  /** The signature verifies with the request's own public key. */
  readonly signatureValid: boolean;
}

/** Builds and signs a certificate request. */
export function buildCsr(opts: CsrOptions): Result<CsrInfo | undefined> {
  const digest = resolveCsrDigest(opts.key.type, opts.digest);
  if (!digest.value) return { value: undefined, diagnostics: digest.diagnostics };
  const bad = checkAltNames(opts.altNames);
  if (bad) return { value: undefined, diagnostics: [bad] };
  const sigAlg = signatureAlgorithm(opts.key.type, digest.value);
  if (!sigAlg)
    return fail('PKI_DIGEST_INVALID', `digest ${digest.value} cannot be used with a ${opts.key.type} key`);
  const csr = new pkijs.CertificationRequest();
  csr.version = 0;
  csr.subject = dnToRdns(opts.subject);
  csr.subjectPublicKeyInfo = pkijs.PublicKeyInfo.fromBER(
    opts.key.publicKey.export({ type: 'spki', format: 'der' }),
  );
  const attributes: pkijs.Attribute[] = [];
  if (opts.challengePassword !== undefined) {
    const pw = opts.challengePassword;
    const value = /^[A-Za-z0-9 '()+,\-./:=?]*$/.test(pw)
      ? new asn1js.PrintableString({ value: pw })
      : new asn1js.Utf8String({ value: pw });
    attributes.push(new pkijs.Attribute({ type: OID_CHALLENGE_PASSWORD, values: [value] }));
  }
  if (hasAltNames(opts.altNames)) {
    const exts = new pkijs.Extensions({ extensions: [altNamesExtension(opts.altNames)] });
    attributes.push(new pkijs.Attribute({ type: OID_EXTENSION_REQUEST, values: [exts.toSchema()] }));
  }
  csr.attributes = attributes;
  csr.signatureAlgorithm = sigAlg;
  // encodeTBS is protected in pkijs's typings: take CertificationRequestInfo from the full encoding.
  csr.signatureValue = new asn1js.BitString({ valueHex: new Uint8Array(0) });
  const tbs = new Uint8Array(csr.toSchema(true).valueBlock.value[0].toBER(false));
  csr.signatureValue = new asn1js.BitString({ valueHex: signData(tbs, opts.key.privateKey, digest.value) });
  const der = new Uint8Array(csr.toSchema(true).toBER(false));
  return parseCsrDer(der, '<generated>');
}

/** Reads a PEM or DER certificate request. */
export function parseCsr(bytes: Uint8Array, source: string): Result<CsrInfo | undefined> {
  const der = derFromFile(bytes, ['CERTIFICATE REQUEST', 'NEW CERTIFICATE REQUEST']);
  if (!der) return fail('PKI_PEM_INVALID', `${source}: no certificate request found`);
  return parseCsrDer(der, source);
}

function parseCsrDer(der: Uint8Array, source: string): Result<CsrInfo | undefined> {
  let csr: pkijs.CertificationRequest;
  let publicKey: KeyObject;
  try {
    const asn = asn1js.fromBER(der);
    if (asn.offset === -1) throw new Error(asn.result.error || 'bad BER');
    csr = new pkijs.CertificationRequest({ schema: asn.result });
    publicKey = createPublicKey({
      key: Buffer.from(csr.subjectPublicKeyInfo.toSchema().toBER(false)),
      format: 'der',
      type: 'spki',
    });
  } catch (e) {
    return fail(
      'PKI_CSR_INVALID',
      `${source}: not a valid PKCS#10 certificate request (${(e as Error).message})`,
    );
  }
  let challengePassword: string | undefined;
  let extensions: pkijs.Extension[] | undefined;
  for (const a of csr.attributes ?? []) {
    if (a.type === OID_CHALLENGE_PASSWORD) {
      challengePassword = String((a.values[0] as { valueBlock: { value: unknown } }).valueBlock.value);
    } else if (a.type === OID_EXTENSION_REQUEST) {
      extensions = new pkijs.Extensions({ schema: a.values[0] }).extensions;
    }
  }
  const tbs = new Uint8Array(csr.tbsView);
  const sig = new Uint8Array(csr.signatureValue.valueBlock.valueHexView);
  return {
    value: {
      der,
      pem: toPem('CERTIFICATE REQUEST', der),
      subject: dnFromRdns(csr.subject),
      altNames: readAltNames(extensions),
      publicKey,
      keySpec: describeKey(publicKey),
      publicKeyBits: new Uint8Array(csr.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView),
      signatureAlgorithm: signatureAlgorithmName(csr.signatureAlgorithm.algorithmId),
      challengePassword,
      signatureValid: verifyData(tbs, sig, publicKey, csr.signatureAlgorithm.algorithmId),
    },
    diagnostics: [],
  };
}

/** The MD5 and SHA-1 hashes of the request's DER, as Junos prints them after the PEM. */
export function csrHashes(der: Uint8Array): { sha1: string; md5: string } {
  return {
    sha1: colonHex(createHash('sha1').update(der).digest()),
    md5: colonHex(createHash('md5').update(der).digest()),
  };
}
