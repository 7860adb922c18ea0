/**
 * InfoTypeAndValue (RFC 4210 §5.3.19), used in PKIHeader.generalInfo (e.g.
 * implicitConfirm, RFC 4210 §5.1.1.1) and in genm/genp bodies.
 *
 * ```asn1
 * InfoTypeAndValue ::= SEQUENCE {
 *     infoType    OBJECT IDENTIFIER,
 *     infoValue   ANY DEFINED BY infoType OPTIONAL }
 * ```
 */
import * as asn1js from 'asn1js';
import { CmpDecodeError, expectSequence, fromRaw, rawOf, readOid } from './asn1.js';

export interface InfoTypeAndValue {
  readonly infoType: string;
  /** DER of infoValue. */
  readonly infoValue?: Uint8Array;
}

export function infoTypeAndValueFromSchema(
  block: asn1js.AsnType,
  what = 'InfoTypeAndValue',
): InfoTypeAndValue {
  const c = expectSequence(block, what);
  if (c.length < 1 || c.length > 2) throw new CmpDecodeError(`${what}: expected 1 or 2 fields`);
  const infoType = readOid(c[0], `${what}.infoType`);
  return c.length === 2 ? { infoType, infoValue: rawOf(c[1]) } : { infoType };
}

export function infoTypeAndValueToSchema(v: InfoTypeAndValue): asn1js.Sequence {
  const value: asn1js.AsnType[] = [new asn1js.ObjectIdentifier({ value: v.infoType })];
  if (v.infoValue) value.push(fromRaw(v.infoValue));
  return new asn1js.Sequence({ value });
}

/** DER NULL, the infoValue of implicitConfirm. */
export const DER_NULL = new Uint8Array([0x05, 0x00]);
