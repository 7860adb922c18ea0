/**
 * PollReqContent and PollRepContent (RFC 4210 §5.3.22).
 *
 * ```asn1
 * PollReqContent ::= SEQUENCE OF SEQUENCE { certReqId INTEGER }
 *
 * PollRepContent ::= SEQUENCE OF SEQUENCE {
 *     certReqId    INTEGER,
 *     checkAfter   INTEGER,  -- time in seconds
 *     reason       PKIFreeText OPTIONAL }
 * ```
 */
import * as asn1js from 'asn1js';
import { CmpDecodeError, expectSequence, integer, readInteger } from './asn1.js';
import { pkiFreeTextFromSchema, pkiFreeTextToSchema, type PkiFreeText } from './pki-free-text.js';

export interface PollRep {
  readonly certReqId: number;
  readonly checkAfter: number;
  readonly reason?: PkiFreeText;
}

export function pollReqContentFromSchema(block: asn1js.AsnType, what = 'PollReqContent'): number[] {
  return expectSequence(block, what).map((s, i) => {
    const c = expectSequence(s, `${what}[${i}]`);
    if (c.length !== 1) throw new CmpDecodeError(`${what}[${i}]: expected certReqId`);
    return readInteger(c[0], `${what}[${i}].certReqId`);
  });
}

export function pollReqContentToSchema(ids: readonly number[]): asn1js.Sequence {
  return new asn1js.Sequence({ value: ids.map((id) => new asn1js.Sequence({ value: [integer(id)] })) });
}

export function pollRepContentFromSchema(block: asn1js.AsnType, what = 'PollRepContent'): PollRep[] {
  return expectSequence(block, what).map((s, i) => {
    const c = expectSequence(s, `${what}[${i}]`);
    if (c.length < 2 || c.length > 3) throw new CmpDecodeError(`${what}[${i}]: expected 2 or 3 fields`);
    const certReqId = readInteger(c[0], `${what}[${i}].certReqId`);
    const checkAfter = readInteger(c[1], `${what}[${i}].checkAfter`);
    return c[2]
      ? { certReqId, checkAfter, reason: pkiFreeTextFromSchema(c[2], `${what}[${i}].reason`) }
      : { certReqId, checkAfter };
  });
}

export function pollRepContentToSchema(reps: readonly PollRep[]): asn1js.Sequence {
  return new asn1js.Sequence({
    value: reps.map((r) => {
      const value: asn1js.AsnType[] = [integer(r.certReqId), integer(r.checkAfter)];
      if (r.reason) value.push(pkiFreeTextToSchema(r.reason));
      return new asn1js.Sequence({ value });
    }),
  });
}
