/**
 * PKIFreeText (RFC 4210 §5.1.1).
 *
 * ```asn1
 * PKIFreeText ::= SEQUENCE SIZE (1..MAX) OF UTF8String
 * ```
 */
import * as asn1js from 'asn1js';
import { children, CmpDecodeError, readUtf8 } from './asn1.js';

export type PkiFreeText = readonly string[];

export function pkiFreeTextFromSchema(block: asn1js.AsnType, what = 'PKIFreeText'): PkiFreeText {
  // Also used under an EXPLICIT tag whose inner value the caller unwraps.
  const c = children(block, what);
  if (c.length === 0) throw new CmpDecodeError(`${what}: must hold at least one string`);
  return c.map((s, i) => readUtf8(s, `${what}[${i}]`));
}

export function pkiFreeTextToSchema(t: PkiFreeText): asn1js.Sequence {
  return new asn1js.Sequence({ value: t.map((s) => new asn1js.Utf8String({ value: s })) });
}
