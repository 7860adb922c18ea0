/**
 * CertRequest (RFC 4211 §5), with Controls (RFC 4211 §6) kept as
 * type/value pairs (e.g. id-regCtrl-oldCertID for kur, RFC 4210 §5.3.5).
 *
 * ```asn1
 * CertRequest ::= SEQUENCE {
 *     certReqId     INTEGER,
 *     certTemplate  CertTemplate,
 *     controls      Controls OPTIONAL }
 * Controls ::= SEQUENCE SIZE(1..MAX) OF AttributeTypeAndValue
 * AttributeTypeAndValue ::= SEQUENCE { type OBJECT IDENTIFIER, value ANY DEFINED BY type }
 * ```
 */
import * as asn1js from 'asn1js';
import { CmpDecodeError, expectSequence, integer, readInteger } from './asn1.js';
import { certTemplateFromSchema, certTemplateToSchema, type CertTemplate } from './cert-template.js';
import {
  infoTypeAndValueFromSchema,
  infoTypeAndValueToSchema,
  type InfoTypeAndValue,
} from './info-type-and-value.js';

export interface CertRequest {
  readonly certReqId: number;
  readonly certTemplate: CertTemplate;
  /** AttributeTypeAndValue pairs (same shape as InfoTypeAndValue: OID + DER value). */
  readonly controls?: readonly InfoTypeAndValue[];
}

export function certRequestFromSchema(block: asn1js.AsnType, what = 'CertRequest'): CertRequest {
  const c = expectSequence(block, what);
  if (c.length < 2 || c.length > 3) throw new CmpDecodeError(`${what}: expected 2 or 3 fields`);
  const certReqId = readInteger(c[0], `${what}.certReqId`);
  const certTemplate = certTemplateFromSchema(c[1], `${what}.certTemplate`);
  if (c.length === 2) return { certReqId, certTemplate };
  const controls = expectSequence(c[2], `${what}.controls`).map((v, i) =>
    infoTypeAndValueFromSchema(v, `${what}.controls[${i}]`),
  );
  return { certReqId, certTemplate, controls };
}

export function certRequestToSchema(r: CertRequest): asn1js.Sequence {
  const value: asn1js.AsnType[] = [integer(r.certReqId), certTemplateToSchema(r.certTemplate)];
  if (r.controls) value.push(new asn1js.Sequence({ value: r.controls.map(infoTypeAndValueToSchema) }));
  return new asn1js.Sequence({ value });
}
