/**
 * pkiMessage: the signed outer layer of every SCEP request and CertRep.
 *
 * RFC 8894 §3.2: "pkiMessage ... is a CMS SignedData ... the signed content
 * (if any) is the pkcsPKIEnvelope" with the authenticated attributes of
 * §3.2.1 (transactionID, messageType, pkiStatus, failInfo, senderNonce,
 * recipientNonce) beside the CMS contentType / messageDigest / signingTime.
 *
 *   SignedData ::= SEQUENCE {                            -- RFC 5652 §5.1
 *     version CMSVersion,
 *     digestAlgorithms DigestAlgorithmIdentifiers,
 *     encapContentInfo EncapsulatedContentInfo,
 *     certificates [0] IMPLICIT CertificateSet OPTIONAL,
 *     crls [1] IMPLICIT RevocationInfoChoices OPTIONAL,
 *     signerInfos SignerInfos }
 *
 *   SignerInfo ::= SEQUENCE {                            -- RFC 5652 §5.3
 *     version CMSVersion,
 *     sid SignerIdentifier,
 *     digestAlgorithm DigestAlgorithmIdentifier,
 *     signedAttrs [0] IMPLICIT SignedAttributes OPTIONAL,
 *     signatureAlgorithm SignatureAlgorithmIdentifier,
 *     signature SignatureValue,
 *     unsignedAttrs [1] IMPLICIT UnsignedAttributes OPTIONAL }
 *
 * This file builds one; pki-message-parse.ts reads one, and
 * pki-message-verify.ts checks a read one's digest and signature.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { KeyObject } from 'node:crypto';
import { digest, rsaSign } from './crypto.js';
import { issuerAndSerialDer, issuerAndSerialOf, type ScepCertificate } from './certificate.js';
import { encodeOid, encodeTlv, encodeUtcTime } from './der.js';
import {
  DIGEST_OID,
  MESSAGE_TYPES,
  OID,
  PKI_STATUS,
  type DigestAlg,
  type MessageType,
  type PkiStatus,
} from './types.js';

export interface PkiMessageFields {
  readonly messageType: MessageType;
  readonly transactionID: string;
  readonly senderNonce: Uint8Array;
  readonly recipientNonce?: Uint8Array;
  readonly pkiStatus?: PkiStatus;
  readonly failInfo?: number;
  /** DER of the pkcsPKIEnvelope; absent for FAILURE / PENDING CertReps. */
  readonly envelope?: Uint8Array;
}

export interface PkiMessageSigner {
  readonly certificate: ScepCertificate;
  readonly key: KeyObject;
  readonly digest: DigestAlg;
  /** Further certificates to include (e.g. the CA beside the issued cert). */
  readonly extraCertificates?: readonly ScepCertificate[];
  readonly signingTime?: Date;
}

function attribute(type: string, value: asn1js.AsnType): pkijs.Attribute {
  return new pkijs.Attribute({ type, values: [value] });
}

/** DER SET OF: elements sorted by their encodings (X.690 §11.6). OpenSSL re-encodes and checks this order. */
function derSortedAttributes(attrs: readonly pkijs.Attribute[]): pkijs.Attribute[] {
  const enc = attrs.map((a) => ({ a, der: Buffer.from(a.toSchema().toBER()) }));
  enc.sort((x, y) => Buffer.compare(x.der, y.der));
  return enc.map((e) => e.a);
}

/** Builds a DER pkiMessage (ContentInfo(signedData)), RFC 8894 §3.2. */
export function buildPkiMessage(fields: PkiMessageFields, signer: PkiMessageSigner): Buffer {
  return buildFast(fields, signer) ?? buildWithPkijs(fields, signer);
}

/**
 * The same message encoded directly (der.ts): the structure above, signed
 * attributes in DER SET OF order. pkijs encoding costs more than the RSA
 * signature; it remains the fallback for certificates the walker cannot split.
 */
function buildFast(fields: PkiMessageFields, signer: PkiMessageSigner): Buffer | undefined {
  const sid = issuerAndSerialDer(signer.certificate);
  const signingTime = signer.signingTime ?? new Date();
  if (!sid || signingTime.getUTCFullYear() >= 2050) return undefined; // UTCTime range
  const content = fields.envelope ? Buffer.from(fields.envelope) : undefined;
  const attr = (oid: string, value: Buffer): Buffer =>
    encodeTlv(0x30, encodeOid(oid), encodeTlv(0x31, value));
  const printableStr = (v: string): Buffer => encodeTlv(0x13, Buffer.from(v, 'latin1'));
  const attrs: Buffer[] = [
    attr(OID.contentType, encodeOid(OID.data)),
    attr(OID.signingTime, encodeUtcTime(signingTime)),
    attr(OID.messageDigest, encodeTlv(0x04, digest(signer.digest, content ?? Buffer.alloc(0)))),
    attr(OID.messageType, printableStr(String(MESSAGE_TYPES[fields.messageType]))),
    attr(OID.transactionID, printableStr(fields.transactionID)),
    attr(OID.senderNonce, encodeTlv(0x04, fields.senderNonce)),
  ];
  if (fields.recipientNonce) attrs.push(attr(OID.recipientNonce, encodeTlv(0x04, fields.recipientNonce)));
  if (fields.pkiStatus !== undefined)
    attrs.push(attr(OID.pkiStatus, printableStr(String(PKI_STATUS[fields.pkiStatus]))));
  if (fields.failInfo !== undefined) attrs.push(attr(OID.failInfo, printableStr(String(fields.failInfo))));
  if (!/^[A-Za-z0-9 '()+,\-./:=?]*$/.test(fields.transactionID)) return undefined; // not a PrintableString
  attrs.sort(Buffer.compare);
  const signedAttrs = encodeTlv(0x31, ...attrs);
  const signature = rsaSign(signer.digest, signer.key, signedAttrs);
  const nul = Buffer.from([0x05, 0x00]);
  const digestAlg = encodeTlv(0x30, encodeOid(DIGEST_OID[signer.digest]), nul);
  const signerInfo = encodeTlv(
    0x30,
    encodeTlv(0x02, Buffer.from([1])),
    sid,
    digestAlg,
    Buffer.concat([Buffer.from([0xa0]), signedAttrs.subarray(1)]), // [0] IMPLICIT SET OF
    encodeTlv(0x30, encodeOid(OID.rsaEncryption), nul),
    encodeTlv(0x04, signature),
  );
  const certs = [signer.certificate, ...(signer.extraCertificates ?? [])].map((c) => c.der);
  const signedData = encodeTlv(
    0x30,
    encodeTlv(0x02, Buffer.from([1])),
    encodeTlv(0x31, digestAlg),
    encodeTlv(0x30, encodeOid(OID.data), ...(content ? [encodeTlv(0xa0, encodeTlv(0x04, content))] : [])),
    encodeTlv(0xa0, ...certs),
    encodeTlv(0x31, signerInfo),
  );
  return encodeTlv(0x30, encodeOid(OID.signedData), encodeTlv(0xa0, signedData));
}

function buildWithPkijs(fields: PkiMessageFields, signer: PkiMessageSigner): Buffer {
  const content = fields.envelope ? Buffer.from(fields.envelope) : undefined;
  const attrs: pkijs.Attribute[] = [
    attribute(OID.contentType, new asn1js.ObjectIdentifier({ value: OID.data })),
    attribute(OID.signingTime, new asn1js.UTCTime({ valueDate: signer.signingTime ?? new Date() })),
    attribute(
      OID.messageDigest,
      new asn1js.OctetString({ valueHex: digest(signer.digest, content ?? Buffer.alloc(0)) }),
    ),
    attribute(
      OID.messageType,
      new asn1js.PrintableString({ value: String(MESSAGE_TYPES[fields.messageType]) }),
    ),
    attribute(OID.transactionID, new asn1js.PrintableString({ value: fields.transactionID })),
    attribute(OID.senderNonce, new asn1js.OctetString({ valueHex: fields.senderNonce })),
  ];
  if (fields.recipientNonce) {
    attrs.push(attribute(OID.recipientNonce, new asn1js.OctetString({ valueHex: fields.recipientNonce })));
  }
  if (fields.pkiStatus !== undefined) {
    attrs.push(
      attribute(OID.pkiStatus, new asn1js.PrintableString({ value: String(PKI_STATUS[fields.pkiStatus]) })),
    );
  }
  if (fields.failInfo !== undefined) {
    attrs.push(attribute(OID.failInfo, new asn1js.PrintableString({ value: String(fields.failInfo) })));
  }
  const sorted = derSortedAttributes(attrs);
  const toSign = new asn1js.Set({ value: sorted.map((a) => a.toSchema()) }).toBER();
  const signature = rsaSign(signer.digest, signer.key, Buffer.from(toSign));
  const digestAlg = new pkijs.AlgorithmIdentifier({
    algorithmId: DIGEST_OID[signer.digest],
    algorithmParams: new asn1js.Null(),
  });
  const signerInfo = new pkijs.SignerInfo({
    version: 1,
    sid: issuerAndSerialOf(signer.certificate),
    digestAlgorithm: digestAlg,
    signedAttrs: new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes: sorted }),
    signatureAlgorithm: new pkijs.AlgorithmIdentifier({
      algorithmId: OID.rsaEncryption,
      algorithmParams: new asn1js.Null(),
    }),
    signature: new asn1js.OctetString({ valueHex: signature }),
  });
  const sd = new pkijs.SignedData({
    version: 1,
    digestAlgorithms: [digestAlg],
    encapContentInfo: new pkijs.EncapsulatedContentInfo({
      eContentType: OID.data,
      ...(content ? { eContent: new asn1js.OctetString({ valueHex: content }) } : {}),
    }),
    certificates: [signer.certificate, ...(signer.extraCertificates ?? [])].map((c) => c.asn1),
    signerInfos: [signerInfo],
  });
  const ci = new pkijs.ContentInfo({ contentType: OID.signedData, content: sd.toSchema(true) });
  return Buffer.from(ci.toSchema().toBER());
}
