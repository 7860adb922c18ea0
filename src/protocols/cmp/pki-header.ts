/**
 * PKIHeader (RFC 4210 §5.1.1). The PKIXCMP module uses EXPLICIT tags.
 *
 * ```asn1
 * PKIHeader ::= SEQUENCE {
 *     pvno                INTEGER     { cmp1999(1), cmp2000(2) },
 *     sender              GeneralName,
 *     recipient           GeneralName,
 *     messageTime     [0] GeneralizedTime         OPTIONAL,
 *     protectionAlg   [1] AlgorithmIdentifier     OPTIONAL,
 *     senderKID       [2] KeyIdentifier           OPTIONAL,
 *     recipKID        [3] KeyIdentifier           OPTIONAL,
 *     transactionID   [4] OCTET STRING            OPTIONAL,
 *     senderNonce     [5] OCTET STRING            OPTIONAL,
 *     recipNonce      [6] OCTET STRING            OPTIONAL,
 *     freeText        [7] PKIFreeText             OPTIONAL,
 *     generalInfo     [8] SEQUENCE SIZE (1..MAX) OF
 *                         InfoTypeAndValue     OPTIONAL }
 * ```
 */
import * as asn1js from 'asn1js';
import {
  children,
  CmpDecodeError,
  expectSequence,
  explicit,
  explicitInner,
  integer,
  octets,
  readGeneralizedTime,
  readInteger,
  readOctets,
} from './asn1.js';
import {
  algorithmIdentifierFromSchema,
  algorithmIdentifierToSchema,
  type AlgorithmIdentifier,
} from './algorithm-identifier.js';
import { generalNameFromSchema, generalNameToSchema, type GeneralName } from './general-name.js';
import {
  infoTypeAndValueFromSchema,
  infoTypeAndValueToSchema,
  type InfoTypeAndValue,
} from './info-type-and-value.js';
import { pkiFreeTextFromSchema, pkiFreeTextToSchema, type PkiFreeText } from './pki-free-text.js';

export interface PkiHeader {
  readonly pvno: number;
  readonly sender: GeneralName;
  readonly recipient: GeneralName;
  readonly messageTime?: Date;
  readonly protectionAlg?: AlgorithmIdentifier;
  readonly senderKID?: Uint8Array;
  readonly recipKID?: Uint8Array;
  readonly transactionID?: Uint8Array;
  readonly senderNonce?: Uint8Array;
  readonly recipNonce?: Uint8Array;
  readonly freeText?: PkiFreeText;
  readonly generalInfo?: readonly InfoTypeAndValue[];
}

export function pkiHeaderFromSchema(block: asn1js.AsnType, what = 'PKIHeader'): PkiHeader {
  const c = expectSequence(block, what);
  if (c.length < 3) throw new CmpDecodeError(`${what}: pvno, sender and recipient are mandatory`);
  const h: {
    -readonly [K in keyof PkiHeader]: PkiHeader[K];
  } = {
    pvno: readInteger(c[0], `${what}.pvno`),
    sender: generalNameFromSchema(c[1], `${what}.sender`),
    recipient: generalNameFromSchema(c[2], `${what}.recipient`),
  };
  let last = -1;
  for (const f of c.slice(3)) {
    const n = f.idBlock.tagNumber;
    if (f.idBlock.tagClass !== 3 || n > 8 || n <= last)
      throw new CmpDecodeError(`${what}: unexpected or misordered field`);
    last = n;
    const inner = explicitInner(f, `${what}[${n}]`);
    switch (n) {
      case 0:
        h.messageTime = readGeneralizedTime(inner, `${what}.messageTime`);
        break;
      case 1:
        h.protectionAlg = algorithmIdentifierFromSchema(inner, `${what}.protectionAlg`);
        break;
      case 2:
        h.senderKID = readOctets(inner, `${what}.senderKID`);
        break;
      case 3:
        h.recipKID = readOctets(inner, `${what}.recipKID`);
        break;
      case 4:
        h.transactionID = readOctets(inner, `${what}.transactionID`);
        break;
      case 5:
        h.senderNonce = readOctets(inner, `${what}.senderNonce`);
        break;
      case 6:
        h.recipNonce = readOctets(inner, `${what}.recipNonce`);
        break;
      case 7:
        h.freeText = pkiFreeTextFromSchema(inner, `${what}.freeText`);
        break;
      case 8:
        h.generalInfo = children(inner, `${what}.generalInfo`).map((v, i) =>
          infoTypeAndValueFromSchema(v, `${what}.generalInfo[${i}]`),
        );
        break;
    }
  }
  return h;
}

export function pkiHeaderToSchema(h: PkiHeader): asn1js.Sequence {
  const value: asn1js.AsnType[] = [
    integer(h.pvno),
    generalNameToSchema(h.sender),
    generalNameToSchema(h.recipient),
  ];
  if (h.messageTime)
    value.push(explicit(0, new asn1js.GeneralizedTime({ valueDate: wholeSeconds(h.messageTime) })));
  if (h.protectionAlg) value.push(explicit(1, algorithmIdentifierToSchema(h.protectionAlg)));
  if (h.senderKID) value.push(explicit(2, octets(h.senderKID)));
  if (h.recipKID) value.push(explicit(3, octets(h.recipKID)));
  if (h.transactionID) value.push(explicit(4, octets(h.transactionID)));
  if (h.senderNonce) value.push(explicit(5, octets(h.senderNonce)));
  if (h.recipNonce) value.push(explicit(6, octets(h.recipNonce)));
  if (h.freeText) value.push(explicit(7, pkiFreeTextToSchema(h.freeText)));
  if (h.generalInfo)
    value.push(explicit(8, new asn1js.Sequence({ value: h.generalInfo.map(infoTypeAndValueToSchema) })));
  return new asn1js.Sequence({ value });
}

/** DER GeneralizedTime carries no fractional seconds here (as OpenSSL writes it). */
function wholeSeconds(d: Date): Date {
  return new Date(Math.floor(d.getTime() / 1000) * 1000);
}
