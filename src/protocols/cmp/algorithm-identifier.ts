/**
 * AlgorithmIdentifier (RFC 5280 §4.1.1.2).
 *
 * ```asn1
 * AlgorithmIdentifier ::= SEQUENCE {
 *     algorithm   OBJECT IDENTIFIER,
 *     parameters  ANY DEFINED BY algorithm OPTIONAL }
 * ```
 */
import * as asn1js from 'asn1js';
import { CmpDecodeError, expectSequence, fromRaw, rawOf, readOid } from './asn1.js';

export interface AlgorithmIdentifier {
  readonly oid: string;
  /** DER of the parameters, absent when the field is absent. */
  readonly parameters?: Uint8Array;
}

export function algorithmIdentifierFromSchema(
  block: asn1js.AsnType,
  what = 'AlgorithmIdentifier',
): AlgorithmIdentifier {
  const c = expectSequence(block, what);
  if (c.length < 1 || c.length > 2) throw new CmpDecodeError(`${what}: expected 1 or 2 fields`);
  const oid = readOid(c[0], `${what}.algorithm`);
  return c.length === 2 ? { oid, parameters: rawOf(c[1]) } : { oid };
}

export function algorithmIdentifierToSchema(a: AlgorithmIdentifier): asn1js.Sequence {
  const value: asn1js.AsnType[] = [new asn1js.ObjectIdentifier({ value: a.oid })];
  if (a.parameters) value.push(fromRaw(a.parameters));
  return new asn1js.Sequence({ value });
}

export const OID = {
  passwordBasedMac: '1.2.840.113533.7.66.13',
  sha1: '1.3.14.3.2.26',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
  hmacSha1: '1.3.6.1.5.5.8.1.2',
  hmacWithSha1: '1.2.840.113549.2.7',
  hmacWithSha256: '1.2.840.113549.2.9',
  hmacWithSha384: '1.2.840.113549.2.10',
  hmacWithSha512: '1.2.840.113549.2.11',
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha1WithRsa: '1.2.840.113549.1.1.5',
  sha256WithRsa: '1.2.840.113549.1.1.11',
  sha384WithRsa: '1.2.840.113549.1.1.12',
  sha512WithRsa: '1.2.840.113549.1.1.13',
  ecPublicKey: '1.2.840.10045.2.1',
  ecdsaWithSha1: '1.2.840.10045.4.1',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  ecdsaWithSha384: '1.2.840.10045.4.3.3',
  ecdsaWithSha512: '1.2.840.10045.4.3.4',
  dsa: '1.2.840.10040.4.1',
  dsaWithSha1: '1.2.840.10040.4.3',
  dsaWithSha256: '2.16.840.1.101.3.4.3.2',
  implicitConfirm: '1.3.6.1.5.5.7.4.13',
  confirmWaitTime: '1.3.6.1.5.5.7.4.14',
  regCtrlOldCertId: '1.3.6.1.5.5.7.5.1.5',
  extensionRequest: '1.2.840.113549.1.9.14',
} as const;

/** Digest name (node:crypto) of a signature algorithm OID, or undefined when unknown. */
export function signatureHash(oid: string): string | undefined {
  switch (oid) {
    case OID.sha1WithRsa:
    case OID.ecdsaWithSha1:
    case OID.dsaWithSha1:
      return 'sha1';
    case OID.sha256WithRsa:
    case OID.ecdsaWithSha256:
    case OID.dsaWithSha256:
      return 'sha256';
    case OID.sha384WithRsa:
    case OID.ecdsaWithSha384:
      return 'sha384';
    case OID.sha512WithRsa:
    case OID.ecdsaWithSha512:
      return 'sha512';
    default:
      return undefined;
  }
}

/** The SHA-256 signature AlgorithmIdentifier for a key type (RSA, EC or DSA). */
export function signatureAlgorithmFor(keyType: string | undefined): AlgorithmIdentifier {
  switch (keyType) {
    case 'rsa':
      return { oid: OID.sha256WithRsa, parameters: new Uint8Array([5, 0]) };
    case 'ec':
      return { oid: OID.ecdsaWithSha256 };
    case 'dsa':
      return { oid: OID.dsaWithSha256 };
    default:
      throw new CmpDecodeError(`unsupported key type '${keyType}' (RSA, ECDSA and DSA are supported)`);
  }
}
