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
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { KeyObject } from 'node:crypto';
import { digest, rsaSign, rsaVerify } from './crypto.js';
import {
  issuerAndSerialDer,
  issuerAndSerialOf,
  matchesIssuerAndSerial,
  parseCertificate,
  wrapCertificate,
  type ScepCertificate,
} from './certificate.js';
import { collectOctets } from './envelope.js';
import {
  childrenOf,
  encodeOid,
  encodeTlv,
  encodeUtcTime,
  oidOf,
  readTlv,
  tlvBytes,
  tlvValue,
} from './der.js';
import {
  DIGEST_OID,
  MESSAGE_TYPES,
  OID,
  PKI_STATUS,
  digestByOid,
  digestBySignatureOid,
  failure,
  messageTypeName,
  success,
  type DigestAlg,
  type MessageType,
  type PkiStatus,
  type ScepResult,
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

export interface ParsedPkiMessage {
  /** Known message type, or the raw number when unknown. */
  readonly messageType: MessageType | number;
  readonly transactionID: string;
  readonly senderNonce?: Buffer;
  readonly recipientNonce?: Buffer;
  readonly pkiStatus?: PkiStatus | number;
  readonly failInfo?: number;
  readonly envelope?: Buffer;
  readonly certificates: readonly ScepCertificate[];
  readonly digest: DigestAlg;
  readonly signingTime?: Date;
  /** Internal: what verifyPkiMessage needs. */
  readonly signerId: pkijs.IssuerAndSerialNumber;
  readonly signedAttrsDer: Buffer;
  readonly signature: Buffer;
  readonly messageDigest?: Buffer;
}

function attrValue(attrs: readonly pkijs.Attribute[], oid: string): asn1js.AsnType | undefined {
  const a = attrs.find((x) => x.type === oid);
  return a?.values[0] as asn1js.AsnType | undefined;
}

function printable(v: asn1js.AsnType | undefined): string | undefined {
  if (
    v instanceof asn1js.PrintableString ||
    v instanceof asn1js.Utf8String ||
    v instanceof asn1js.IA5String
  ) {
    return v.valueBlock.value;
  }
  return undefined;
}

function octets(v: asn1js.AsnType | undefined): Buffer | undefined {
  return v instanceof asn1js.OctetString ? collectOctets(v) : undefined;
}

/** Decodes a pkiMessage without checking its signature (see verifyPkiMessage). */
export function parsePkiMessage(der: Uint8Array): ScepResult<ParsedPkiMessage> {
  const buf = Buffer.from(der);
  if (buf.length === 0) return failure('SCEP_MALFORMED', 'empty pkiMessage');
  return parseFast(buf) ?? parseWithPkijs(buf);
}

/**
 * The same decoding with the DER walker: only the signed attributes, the
 * signer id and OIDs go through asn1js. Returns undefined (caller falls back
 * to pkijs, which also words the errors) on anything unusual.
 */
function parseFast(buf: Buffer): ScepResult<ParsedPkiMessage> | undefined {
  try {
    const ci = readTlv(buf, 0, buf.length);
    if (!ci || ci.tag !== 0x30 || ci.end !== buf.length) return undefined;
    const [ctype, ctx0] = childrenOf(buf, ci) ?? [];
    if (!ctype || !ctx0 || oidOf(buf, ctype) !== OID.signedData || ctx0.tag !== 0xa0) return undefined;
    const [sdTlv] = childrenOf(buf, ctx0) ?? [];
    if (!sdTlv || sdTlv.tag !== 0x30) return undefined;
    const parts = childrenOf(buf, sdTlv);
    if (!parts || parts.length < 4) return undefined;
    const encap = parts[2];
    const certsTlv = parts.find((p, i) => i > 2 && p.tag === 0xa0);
    const signerInfos = parts[parts.length - 1];
    if (encap.tag !== 0x30 || signerInfos.tag !== 0x31) return undefined;
    const [eType, eCtx] = childrenOf(buf, encap) ?? [];
    if (!eType || oidOf(buf, eType) !== OID.data) return undefined;
    let eContent: Buffer | undefined;
    if (eCtx) {
      const [os] = childrenOf(buf, eCtx) ?? [];
      if (!os || os.tag !== 0x04) return undefined; // constructed OCTET STRING: let pkijs handle it
      eContent = Buffer.from(tlvValue(buf, os));
    }
    const [si] = childrenOf(buf, signerInfos) ?? [];
    if (!si || si.tag !== 0x30) return undefined;
    const f = childrenOf(buf, si);
    if (!f || f.length < 6) return undefined;
    const [, sid, digAlg, attrsTlv, , sig] = f;
    if (sid.tag !== 0x30 || digAlg.tag !== 0x30 || attrsTlv.tag !== 0xa0 || sig.tag !== 0x04)
      return undefined;
    const [digOid] = childrenOf(buf, digAlg) ?? [];
    const digOidText = digOid ? oidOf(buf, digOid) : undefined;
    const digestAlg = digOidText ? (digestByOid(digOidText) ?? digestBySignatureOid(digOidText)) : undefined;
    if (!digestAlg) return undefined;
    const signedAttrsDer = Buffer.from(tlvBytes(buf, attrsTlv));
    signedAttrsDer[0] = 0x31; // RFC 5652 §5.4: the signature covers the EXPLICIT SET OF encoding
    const set = asn1js.fromBER(new Uint8Array(signedAttrsDer));
    if (set.offset !== signedAttrsDer.length || !(set.result instanceof asn1js.Set)) return undefined;
    const attrs = set.result.valueBlock.value.map((a) => new pkijs.Attribute({ schema: a }));
    const sidAsn = asn1js.fromBER(new Uint8Array(tlvBytes(buf, sid)));
    const signerId = new pkijs.IssuerAndSerialNumber({ schema: sidAsn.result });
    const certDers: Buffer[] = [];
    if (certsTlv) {
      for (const c of childrenOf(buf, certsTlv) ?? [])
        if (c.tag === 0x30) certDers.push(Buffer.from(tlvBytes(buf, c)));
    }
    let certificates: ScepCertificate[] | undefined;
    const decode = (): ScepCertificate[] =>
      certDers.map((d) => parseCertificate(d)).filter((c): c is ScepCertificate => c !== undefined);
    return fromAttributes(attrs, {
      digest: digestAlg,
      eContent,
      signerId,
      signedAttrsDer,
      signature: Buffer.from(tlvValue(buf, sig)),
      certificates: () => (certificates ??= decode()),
    });
  } catch {
    return undefined;
  }
}

interface MessageParts {
  readonly digest: DigestAlg;
  readonly eContent: Buffer | undefined;
  readonly signerId: pkijs.IssuerAndSerialNumber;
  readonly signedAttrsDer: Buffer;
  readonly signature: Buffer;
  readonly certificates: () => ScepCertificate[];
}

/** The SCEP fields from the signed attributes (RFC 8894 §3.2.1). */
function fromAttributes(attrs: readonly pkijs.Attribute[], p: MessageParts): ScepResult<ParsedPkiMessage> {
  const mt = printable(attrValue(attrs, OID.messageType));
  const txid = printable(attrValue(attrs, OID.transactionID));
  if (mt === undefined || !/^\d+$/.test(mt))
    return failure('SCEP_MALFORMED', 'pkiMessage has no valid messageType attribute');
  if (txid === undefined) return failure('SCEP_MALFORMED', 'pkiMessage has no transactionID attribute');
  const status = printable(attrValue(attrs, OID.pkiStatus));
  const fail = printable(attrValue(attrs, OID.failInfo));
  const statusNum = status !== undefined && /^\d+$/.test(status) ? Number(status) : undefined;
  if (status !== undefined && statusNum === undefined)
    return failure('SCEP_MALFORMED', `invalid pkiStatus '${status}'`);
  const statusName = (Object.keys(PKI_STATUS) as PkiStatus[]).find((k) => PKI_STATUS[k] === statusNum);
  const st = attrValue(attrs, OID.signingTime);
  const signingTime =
    st instanceof asn1js.UTCTime || st instanceof asn1js.GeneralizedTime ? st.toDate() : undefined;
  const mtNum = Number(mt);
  return success({
    messageType: messageTypeName(mtNum) ?? mtNum,
    transactionID: txid,
    senderNonce: octets(attrValue(attrs, OID.senderNonce)),
    recipientNonce: octets(attrValue(attrs, OID.recipientNonce)),
    pkiStatus: statusName ?? statusNum,
    failInfo: fail !== undefined && /^\d+$/.test(fail) ? Number(fail) : undefined,
    envelope: p.eContent && p.eContent.length > 0 ? p.eContent : undefined,
    get certificates() {
      return p.certificates();
    },
    digest: p.digest,
    signingTime,
    signerId: p.signerId,
    signedAttrsDer: p.signedAttrsDer,
    signature: p.signature,
    messageDigest: octets(attrValue(attrs, OID.messageDigest)),
  });
}

function parseWithPkijs(buf: Buffer): ScepResult<ParsedPkiMessage> {
  let sd: pkijs.SignedData;
  try {
    const parsed = asn1js.fromBER(buf);
    if (parsed.offset === -1 || parsed.result.error) {
      return failure(
        'SCEP_MALFORMED',
        `pkiMessage is not valid DER (${parsed.result.error || 'decode error'})`,
      );
    }
    if (parsed.offset !== buf.length) {
      return failure('SCEP_MALFORMED', `pkiMessage has ${buf.length - parsed.offset} bytes of trailing data`);
    }
    const ci = new pkijs.ContentInfo({ schema: parsed.result });
    if (ci.contentType !== OID.signedData) {
      return failure('SCEP_MALFORMED', `pkiMessage has content type ${ci.contentType}, expected signedData`);
    }
    sd = new pkijs.SignedData({ schema: ci.content });
  } catch (e) {
    return failure('SCEP_MALFORMED', `pkiMessage could not be decoded: ${(e as Error).message}`);
  }
  const si = sd.signerInfos[0];
  if (!si) return failure('SCEP_MALFORMED', 'pkiMessage has no signerInfo');
  if (!si.signedAttrs) return failure('SCEP_MALFORMED', 'pkiMessage signerInfo has no signed attributes');
  if (!(si.sid instanceof pkijs.IssuerAndSerialNumber)) {
    return failure('SCEP_MALFORMED', 'pkiMessage signer is not identified by issuer and serial number');
  }
  const attrs = si.signedAttrs.attributes;
  const digestAlg =
    digestByOid(si.digestAlgorithm.algorithmId) ?? digestBySignatureOid(si.digestAlgorithm.algorithmId);
  if (!digestAlg)
    return failure('SCEP_MALFORMED', `unsupported digest algorithm ${si.digestAlgorithm.algorithmId}`);
  // Decoded on first use: a client checking a CertRep never needs them.
  let certificates: ScepCertificate[] | undefined;
  const decodeCertificates = (): ScepCertificate[] => {
    const out: ScepCertificate[] = [];
    for (const c of sd.certificates ?? []) {
      if (!(c instanceof pkijs.Certificate)) continue;
      const parsed = wrapCertificate(c, new Uint8Array(c.toSchema().toBER()));
      if (parsed) out.push(parsed);
    }
    return out;
  };
  const signedAttrsDer = Buffer.from(si.signedAttrs.encodedValue);
  signedAttrsDer[0] = 0x31; // RFC 5652 §5.4: the signature covers the EXPLICIT SET OF encoding
  return fromAttributes(attrs, {
    digest: digestAlg,
    eContent: sd.encapContentInfo.eContent ? collectOctets(sd.encapContentInfo.eContent) : undefined,
    signerId: si.sid,
    signedAttrsDer,
    signature: Buffer.from(si.signature.valueBlock.valueHexView),
    certificates: () => (certificates ??= decodeCertificates()),
  });
}

/**
 * Checks the messageDigest and the signature of a parsed pkiMessage against the
 * candidate signer certificates (for a CertRep: the CA/RA certs from GetCACert;
 * for a request: the certificates it carries). Returns the signer.
 */
export function verifyPkiMessage(
  msg: ParsedPkiMessage,
  candidates: readonly ScepCertificate[],
): ScepResult<ScepCertificate> {
  const signer = candidates.find((c) => matchesIssuerAndSerial(c, msg.signerId));
  if (!signer) {
    return failure(
      'SCEP_UNKNOWN_SIGNER',
      'message is not signed by an expected certificate (no issuer/serial match)',
    );
  }
  const expected = digest(msg.digest, msg.envelope ?? Buffer.alloc(0));
  if (!msg.messageDigest || !expected.equals(msg.messageDigest)) {
    return failure('SCEP_BAD_SIGNATURE', 'messageDigest attribute does not match the signed content');
  }
  if (!rsaVerify(msg.digest, signer.publicKey, msg.signedAttrsDer, msg.signature)) {
    return failure(
      'SCEP_BAD_SIGNATURE',
      `signature by '${signer.x509.subject.replace(/\n/g, ', ')}' does not verify`,
    );
  }
  return success(signer);
}
