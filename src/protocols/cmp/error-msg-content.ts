/**
 * ErrorMsgContent (RFC 4210 §5.3.21), the error body.
 *
 * ```asn1
 * ErrorMsgContent ::= SEQUENCE {
 *     pKIStatusInfo   PKIStatusInfo,
 *     errorCode       INTEGER       OPTIONAL,
 *     errorDetails    PKIFreeText   OPTIONAL }
 * ```
 */
import * as asn1js from 'asn1js';
import { CmpDecodeError, expectSequence, integer, readInteger } from './asn1.js';
import { pkiFreeTextFromSchema, pkiFreeTextToSchema, type PkiFreeText } from './pki-free-text.js';
import { pkiStatusInfoFromSchema, pkiStatusInfoToSchema, type PkiStatusInfo } from './pki-status-info.js';

export interface ErrorMsgContent {
  readonly pkiStatusInfo: PkiStatusInfo;
  readonly errorCode?: number;
  readonly errorDetails?: PkiFreeText;
}

export function errorMsgContentFromSchema(block: asn1js.AsnType, what = 'ErrorMsgContent'): ErrorMsgContent {
  const c = expectSequence(block, what);
  if (c.length < 1 || c.length > 3) throw new CmpDecodeError(`${what}: expected 1 to 3 fields`);
  const e: { -readonly [K in keyof ErrorMsgContent]: ErrorMsgContent[K] } = {
    pkiStatusInfo: pkiStatusInfoFromSchema(c[0], `${what}.pKIStatusInfo`),
  };
  for (const f of c.slice(1)) {
    if (f instanceof asn1js.Integer && e.errorCode === undefined && e.errorDetails === undefined)
      e.errorCode = readInteger(f, `${what}.errorCode`);
    else if (f instanceof asn1js.Sequence && e.errorDetails === undefined)
      e.errorDetails = pkiFreeTextFromSchema(f, `${what}.errorDetails`);
    else throw new CmpDecodeError(`${what}: unexpected field`);
  }
  return e;
}

export function errorMsgContentToSchema(e: ErrorMsgContent): asn1js.Sequence {
  const value: asn1js.AsnType[] = [pkiStatusInfoToSchema(e.pkiStatusInfo)];
  if (e.errorCode !== undefined) value.push(integer(e.errorCode));
  if (e.errorDetails) value.push(pkiFreeTextToSchema(e.errorDetails));
  return new asn1js.Sequence({ value });
}
