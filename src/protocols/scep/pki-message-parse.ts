/**
 * Reading a pkiMessage (pki-message.ts shows its structure): the SCEP fields
 * of RFC 8894 §3.2.1 from its signed attributes, and what verifyPkiMessage
 * (pki-message-verify.ts) needs to check it. Two decoders give the same
 * result: a DER walk for the usual shape, pkijs for the rest and the errors.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { parseCertificate, wrapCertificate, type ScepCertificate } from './certificate.js';
import { collectOctets } from './envelope.js';
import { childrenOf, oidOf, readTlv, tlvBytes, tlvValue } from './der.js';
import {
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
