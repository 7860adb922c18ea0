/**
 * CertResponse, CertifiedKeyPair and CertOrEncCert (RFC 4210 §5.3.4). Only a
 * plain certificate is interpreted; an encryptedCert or a returned private key
 * is kept as DER.
 *
 * ```asn1
 * CertResponse ::= SEQUENCE {
 *     certReqId           INTEGER,
 *     status              PKIStatusInfo,
 *     certifiedKeyPair    CertifiedKeyPair    OPTIONAL,
 *     rspInfo             OCTET STRING        OPTIONAL }
 *
 * CertifiedKeyPair ::= SEQUENCE {
 *     certOrEncCert       CertOrEncCert,
 *     privateKey      [0] EncryptedValue      OPTIONAL,
 *     publicationInfo [1] PKIPublicationInfo  OPTIONAL }
 *
 * CertOrEncCert ::= CHOICE {
 *     certificate     [0] CMPCertificate,
 *     encryptedCert   [1] EncryptedValue }
 * ```
 */
import * as asn1js from 'asn1js';
import {
  CmpDecodeError,
  decodeDer,
  expectSequence,
  explicit,
  explicitInner,
  fromRaw,
  integer,
  isContext,
  octets,
  rawOf,
  readInteger,
  readOctets,
} from './asn1.js';
import { copyOf, derChildren, type DerElement } from './der-split.js';
import { pkiStatusInfoFromSchema, pkiStatusInfoToSchema, type PkiStatusInfo } from './pki-status-info.js';

export interface CertResponse {
  readonly certReqId: number;
  readonly status: PkiStatusInfo;
  /** DER of the issued certificate (CertOrEncCert.certificate). */
  readonly certificate?: Uint8Array;
  /** DER of a CertifiedKeyPair this codec does not interpret (encryptedCert, privateKey, ...). */
  readonly otherKeyPair?: Uint8Array;
  readonly rspInfo?: Uint8Array;
}

export function certResponseFromSchema(block: asn1js.AsnType, what = 'CertResponse'): CertResponse {
  const c = expectSequence(block, what);
  if (c.length < 2 || c.length > 4) throw new CmpDecodeError(`${what}: expected 2 to 4 fields`);
  const r: { -readonly [K in keyof CertResponse]: CertResponse[K] } = {
    certReqId: readInteger(c[0], `${what}.certReqId`),
    status: pkiStatusInfoFromSchema(c[1], `${what}.status`),
  };
  for (const f of c.slice(2)) {
    if (
      f instanceof asn1js.Sequence &&
      r.certificate === undefined &&
      r.otherKeyPair === undefined &&
      r.rspInfo === undefined
    ) {
      const kp = f.valueBlock.value;
      if (kp.length === 1 && isContext(kp[0], 0)) {
        const cert = explicitInner(kp[0], `${what}.certifiedKeyPair.certificate`);
        if (!(cert instanceof asn1js.Sequence))
          throw new CmpDecodeError(`${what}: certificate is not a SEQUENCE`);
        r.certificate = rawOf(cert);
      } else r.otherKeyPair = rawOf(f);
    } else if (f instanceof asn1js.OctetString && r.rspInfo === undefined)
      r.rspInfo = readOctets(f, `${what}.rspInfo`);
    else throw new CmpDecodeError(`${what}: unexpected field`);
  }
  return r;
}

export function certResponseToSchema(r: CertResponse): asn1js.Sequence {
  const value: asn1js.AsnType[] = [integer(r.certReqId), pkiStatusInfoToSchema(r.status)];
  if (r.certificate) value.push(new asn1js.Sequence({ value: [explicit(0, fromRaw(r.certificate))] }));
  else if (r.otherKeyPair) value.push(fromRaw(r.otherKeyPair));
  if (r.rspInfo) value.push(octets(r.rspInfo));
  return new asn1js.Sequence({ value });
}

/** The same decoding from bytes: the certificate is sliced out, not decoded (see der-split.ts). */
export function certResponseFromDer(e: DerElement, what = 'CertResponse'): CertResponse {
  if (e.tag !== 0x30) throw new CmpDecodeError(`${what}: expected a SEQUENCE`);
  const c = derChildren(e, what);
  if (c.length < 2 || c.length > 4) throw new CmpDecodeError(`${what}: expected 2 to 4 fields`);
  const r: { -readonly [K in keyof CertResponse]: CertResponse[K] } = {
    certReqId: readInteger(decodeDer(c[0].der, `${what}.certReqId`), `${what}.certReqId`),
    status: pkiStatusInfoFromSchema(decodeDer(c[1].der, `${what}.status`), `${what}.status`),
  };
  for (const f of c.slice(2)) {
    if (
      f.tag === 0x30 &&
      r.certificate === undefined &&
      r.otherKeyPair === undefined &&
      r.rspInfo === undefined
    ) {
      const kp = derChildren(f, `${what}.certifiedKeyPair`);
      if (kp.length === 1 && kp[0].tag === 0xa0) {
        const cert = derChildren(kp[0], `${what}.certifiedKeyPair.certificate`);
        if (cert.length !== 1 || cert[0].tag !== 0x30)
          throw new CmpDecodeError(`${what}: certificate is not a SEQUENCE`);
        r.certificate = copyOf(cert[0].der);
      } else r.otherKeyPair = copyOf(f.der);
    } else if (f.tag === 0x04 && r.rspInfo === undefined)
      r.rspInfo = readOctets(decodeDer(f.der, `${what}.rspInfo`), `${what}.rspInfo`);
    else throw new CmpDecodeError(`${what}: unexpected field`);
  }
  return r;
}
