/**
 * What a CMP enrollment request (ir, cr, kur with one CertReqMsg; p10cr with a
 * PKCS#10 CSR) asks of the embedded CA, once its proof of possession is
 * checked: the public key, the requested subject and extensions, the certReqId
 * to answer, and for kur the oldCertID control naming the certificate to
 * update. Whether it may have them is decided in ./authorize.ts.
 */
import { createPublicKey, verify } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { toArrayBuffer } from '../protocols/cmp/asn1.js';
import { OID, signatureHash } from '../protocols/cmp/algorithm-identifier.js';
import type { ParsedCertReqMsg } from '../protocols/cmp/cert-req-messages.js';
import { generalNameFromSchema } from '../protocols/cmp/general-name.js';
import type { PkiBody } from '../protocols/cmp/pki-body.js';
import { Refusal } from './cmp-refusal.js';

interface CertId {
  readonly issuer: Uint8Array;
  readonly serial: Uint8Array;
}

export interface EnrollmentRequest {
  readonly certReqId: number;
  /** DER SubjectPublicKeyInfo, its possession proven. */
  readonly publicKey: Uint8Array;
  readonly subject?: Uint8Array;
  readonly extensions?: Uint8Array;
  readonly oldCertId?: CertId;
}

/** The request of an ir/cr/p10cr/kur body; throws a Refusal when it is unsupported or its POP fails. */
export function readEnrollmentRequest(body: PkiBody): EnrollmentRequest {
  if (body.type === 'p10cr') return readP10cr(body.csr);
  if (body.type !== 'ir' && body.type !== 'cr' && body.type !== 'kur')
    throw new Refusal('badRequest', 'unsupported request');
  if (body.content.length !== 1) throw new Refusal('badRequest', 'exactly one CertReqMsg is supported');
  const msg = body.content[0] as ParsedCertReqMsg;
  const publicKey = checkPop(msg);
  const { subject, extensions } = msg.certReq.certTemplate;
  const oldCertId = body.type === 'kur' ? readOldCertId(msg) : undefined;
  return {
    certReqId: msg.certReq.certReqId,
    publicKey,
    ...(subject ? { subject } : {}),
    ...(extensions ? { extensions } : {}),
    ...(oldCertId ? { oldCertId } : {}),
  };
}

function readP10cr(der: Uint8Array): EnrollmentRequest {
  const csr = pkijs.CertificationRequest.fromBER(toArrayBuffer(der));
  const publicKey = new Uint8Array(csr.subjectPublicKeyInfo.toSchema().toBER(false));
  const subject = new Uint8Array(csr.subject.toSchema().toBER(false));
  const tbs = new Uint8Array(csr.tbsView);
  const hash = signatureHash(csr.signatureAlgorithm.algorithmId);
  const key = createPublicKey({ key: Buffer.from(publicKey), format: 'der', type: 'spki' });
  if (!hash || !verify(hash, tbs, key, new Uint8Array(csr.signatureValue.valueBlock.valueHexView))) {
    throw new Refusal('badPOP', 'PKCS#10 signature does not verify');
  }
  const extReq = csr.attributes?.find((a) => a.type === OID.extensionRequest);
  const extensions = extReq?.values[0] ? new Uint8Array(extReq.values[0].toBER(false)) : undefined;
  // RFC 4210 §5.3.4 (CMP updates): p10cr has no certReqId; OpenSSL answers -1
  return { certReqId: -1, publicKey, subject, ...(extensions ? { extensions } : {}) };
}

function checkPop(msg: ParsedCertReqMsg): Uint8Array {
  const spki = msg.certReq.certTemplate.publicKey;
  if (!spki) throw new Refusal('badCertTemplate', 'certTemplate has no publicKey');
  const pop = msg.popo;
  if (!pop || pop.type !== 'signature' || pop.poposkInput)
    throw new Refusal('badPOP', 'a signature proof of possession over certReq is required');
  const hash = signatureHash(pop.algorithm.oid);
  let ok = false;
  try {
    const key = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
    ok = !!hash && verify(hash, msg.certReqDer, key, pop.signature);
  } catch {
    ok = false;
  }
  if (!ok) throw new Refusal('badPOP', 'proof of possession signature does not verify');
  return spki;
}

/** The oldCertID control of a kur (RFC 4211 §6.5): CertId ::= SEQUENCE { issuer GeneralName, serialNumber INTEGER }. */
function readOldCertId(msg: ParsedCertReqMsg): CertId | undefined {
  const ctl = msg.certReq.controls?.find((c) => c.infoType === OID.regCtrlOldCertId);
  if (!ctl) return undefined;
  try {
    if (!ctl.infoValue) throw new Error('empty');
    const seq = asn1js.fromBER(toArrayBuffer(ctl.infoValue)).result as asn1js.Sequence;
    const [issuer, serial] = seq.valueBlock.value;
    const gn = generalNameFromSchema(issuer);
    if (gn.type !== 'directoryName' || !(serial instanceof asn1js.Integer)) throw new Error('shape');
    return { issuer: gn.name, serial: new Uint8Array(serial.valueBlock.valueHexView) };
  } catch {
    throw new Refusal('badCertId', 'kur oldCertID control cannot be decoded');
  }
}
