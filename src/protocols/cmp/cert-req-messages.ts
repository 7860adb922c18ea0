/**
 * CertReqMessages and CertReqMsg (RFC 4211 §3), the body of ir, cr and kur
 * (RFC 4210 §5.3.1, §5.3.3, §5.3.5).
 *
 * ```asn1
 * CertReqMessages ::= SEQUENCE SIZE (1..MAX) OF CertReqMsg
 *
 * CertReqMsg ::= SEQUENCE {
 *     certReq   CertRequest,
 *     popo      ProofOfPossession  OPTIONAL,
 *     regInfo   SEQUENCE SIZE(1..MAX) OF AttributeTypeAndValue OPTIONAL }
 * ```
 */
import * as asn1js from 'asn1js';
import { CmpDecodeError, expectSequence, rawOf } from './asn1.js';
import { certRequestFromSchema, certRequestToSchema, type CertRequest } from './cert-request.js';
import {
  infoTypeAndValueFromSchema,
  infoTypeAndValueToSchema,
  type InfoTypeAndValue,
} from './info-type-and-value.js';
import {
  proofOfPossessionFromSchema,
  proofOfPossessionToSchema,
  type ProofOfPossession,
} from './proof-of-possession.js';

export interface CertReqMsg {
  readonly certReq: CertRequest;
  readonly popo?: ProofOfPossession;
  readonly regInfo?: readonly InfoTypeAndValue[];
}

/** A parsed CertReqMsg also carries the certReq DER as received (the POP signature covers it). */
export interface ParsedCertReqMsg extends CertReqMsg {
  readonly certReqDer: Uint8Array;
}

export type CertReqMessages = readonly CertReqMsg[];

export function certReqMessagesFromSchema(
  block: asn1js.AsnType,
  what = 'CertReqMessages',
): ParsedCertReqMsg[] {
  const msgs = expectSequence(block, what);
  if (msgs.length === 0) throw new CmpDecodeError(`${what}: must hold at least one CertReqMsg`);
  return msgs.map((m, i) => certReqMsgFromSchema(m, `${what}[${i}]`));
}

export function certReqMessagesToSchema(m: CertReqMessages): asn1js.Sequence {
  return new asn1js.Sequence({ value: m.map(certReqMsgToSchema) });
}

function certReqMsgFromSchema(block: asn1js.AsnType, what = 'CertReqMsg'): ParsedCertReqMsg {
  const c = expectSequence(block, what);
  if (c.length < 1 || c.length > 3) throw new CmpDecodeError(`${what}: expected 1 to 3 fields`);
  const certReq = certRequestFromSchema(c[0], `${what}.certReq`);
  let popo: ProofOfPossession | undefined;
  let regInfo: InfoTypeAndValue[] | undefined;
  for (const f of c.slice(1)) {
    if (f instanceof asn1js.Sequence && !regInfo)
      regInfo = f.valueBlock.value.map((v, i) => infoTypeAndValueFromSchema(v, `${what}.regInfo[${i}]`));
    else if (!popo && !regInfo) popo = proofOfPossessionFromSchema(f, `${what}.popo`);
    else throw new CmpDecodeError(`${what}: unexpected field`);
  }
  return { certReq, ...(popo ? { popo } : {}), ...(regInfo ? { regInfo } : {}), certReqDer: rawOf(c[0]) };
}

function certReqMsgToSchema(m: CertReqMsg): asn1js.Sequence {
  const value: asn1js.AsnType[] = [certRequestToSchema(m.certReq)];
  if (m.popo) value.push(proofOfPossessionToSchema(m.popo));
  if (m.regInfo) value.push(new asn1js.Sequence({ value: m.regInfo.map(infoTypeAndValueToSchema) }));
  return new asn1js.Sequence({ value });
}
