/**
 * PKIStatusInfo, PKIStatus and PKIFailureInfo (RFC 4210 §5.2.3).
 *
 * ```asn1
 * PKIStatusInfo ::= SEQUENCE {
 *     status        PKIStatus,
 *     statusString  PKIFreeText     OPTIONAL,
 *     failInfo      PKIFailureInfo  OPTIONAL }
 *
 * PKIStatus ::= INTEGER {
 *     accepted (0), grantedWithMods (1), rejection (2), waiting (3),
 *     revocationWarning (4), revocationNotification (5), keyUpdateWarning (6) }
 *
 * PKIFailureInfo ::= BIT STRING {
 *     badAlg (0), badMessageCheck (1), badRequest (2), badTime (3),
 *     badCertId (4), badDataFormat (5), wrongAuthority (6), incorrectData (7),
 *     missingTimeStamp (8), badPOP (9), certRevoked (10), certConfirmed (11),
 *     wrongIntegrity (12), badRecipientNonce (13), timeNotAvailable (14),
 *     unacceptedPolicy (15), unacceptedExtension (16), addInfoNotAvailable (17),
 *     badSenderNonce (18), badCertTemplate (19), signerNotTrusted (20),
 *     transactionIdInUse (21), unsupportedVersion (22), notAuthorized (23),
 *     systemUnavail (24), systemFailure (25), duplicateCertReq (26) }
 * ```
 */
import * as asn1js from 'asn1js';
import {
  CmpDecodeError,
  expectSequence,
  integer,
  readBitString,
  readInteger,
  toArrayBuffer,
} from './asn1.js';
import { pkiFreeTextFromSchema, pkiFreeTextToSchema, type PkiFreeText } from './pki-free-text.js';

const PKI_STATUS = [
  'accepted',
  'grantedWithMods',
  'rejection',
  'waiting',
  'revocationWarning',
  'revocationNotification',
  'keyUpdateWarning',
] as const;

const PKI_FAILURE_INFO = [
  'badAlg',
  'badMessageCheck',
  'badRequest',
  'badTime',
  'badCertId',
  'badDataFormat',
  'wrongAuthority',
  'incorrectData',
  'missingTimeStamp',
  'badPOP',
  'certRevoked',
  'certConfirmed',
  'wrongIntegrity',
  'badRecipientNonce',
  'timeNotAvailable',
  'unacceptedPolicy',
  'unacceptedExtension',
  'addInfoNotAvailable',
  'badSenderNonce',
  'badCertTemplate',
  'signerNotTrusted',
  'transactionIdInUse',
  'unsupportedVersion',
  'notAuthorized',
  'systemUnavail',
  'systemFailure',
  'duplicateCertReq',
] as const;

export type PkiFailureInfoBit = (typeof PKI_FAILURE_INFO)[number];

export interface PkiStatusInfo {
  /** PKIStatus value (0..6; other values are kept and rendered as numbers). */
  readonly status: number;
  readonly statusString?: PkiFreeText;
  /** Set bit numbers of PKIFailureInfo, ascending. */
  readonly failInfo?: readonly number[];
}

export function pkiStatusInfoFromSchema(block: asn1js.AsnType, what = 'PKIStatusInfo'): PkiStatusInfo {
  const c = expectSequence(block, what);
  if (c.length < 1 || c.length > 3) throw new CmpDecodeError(`${what}: expected 1 to 3 fields`);
  const status = readInteger(c[0], `${what}.status`);
  let statusString: PkiFreeText | undefined;
  let failInfo: number[] | undefined;
  for (const f of c.slice(1)) {
    if (f instanceof asn1js.Sequence && statusString === undefined && failInfo === undefined) {
      statusString = pkiFreeTextFromSchema(f, `${what}.statusString`);
    } else if (f instanceof asn1js.BitString && failInfo === undefined) {
      failInfo = bitsOf(readBitString(f, `${what}.failInfo`));
    } else throw new CmpDecodeError(`${what}: unexpected field`);
  }
  return { status, ...(statusString ? { statusString } : {}), ...(failInfo ? { failInfo } : {}) };
}

export function pkiStatusInfoToSchema(s: PkiStatusInfo): asn1js.Sequence {
  const value: asn1js.AsnType[] = [integer(s.status)];
  if (s.statusString) value.push(pkiFreeTextToSchema(s.statusString));
  if (s.failInfo) value.push(bitStringOf(s.failInfo));
  return new asn1js.Sequence({ value });
}

function bitsOf(b: { bytes: Uint8Array; unusedBits: number }): number[] {
  const out: number[] = [];
  for (let i = 0; i < b.bytes.length * 8 - b.unusedBits; i++)
    if (b.bytes[i >> 3] & (0x80 >> (i & 7))) out.push(i);
  return out;
}

/** DER named-bit BIT STRING: trailing zero bits removed (X.690 §11.2.2). */
function bitStringOf(bits: readonly number[]): asn1js.BitString {
  if (bits.length === 0) return new asn1js.BitString({ valueHex: new ArrayBuffer(0), unusedBits: 0 });
  const max = Math.max(...bits);
  const bytes = new Uint8Array((max >> 3) + 1);
  for (const i of bits) bytes[i >> 3] |= 0x80 >> (i & 7);
  return new asn1js.BitString({ valueHex: toArrayBuffer(bytes), unusedBits: 7 - (max & 7) });
}

function statusWord(status: number): string {
  return PKI_STATUS[status] ?? `status ${status}`;
}

export function failInfoWords(bits: readonly number[] | undefined): string[] {
  return (bits ?? []).map((b) => PKI_FAILURE_INFO[b] ?? `bit ${b}`);
}

/** `PKIStatus: rejection; PKIFailureInfo: badRequest; StatusString: "refused_by_test"` (OpenSSL's wording). */
export function renderStatusInfo(s: PkiStatusInfo): string {
  const parts = [`PKIStatus: ${statusWord(s.status)}`];
  if (s.failInfo && s.failInfo.length > 0)
    parts.push(`PKIFailureInfo: ${failInfoWords(s.failInfo).join(', ')}`);
  if (s.statusString) parts.push(`StatusString: ${s.statusString.map((t) => JSON.stringify(t)).join(', ')}`);
  return parts.join('; ');
}

export function failInfoBit(word: PkiFailureInfoBit): number {
  return PKI_FAILURE_INFO.indexOf(word);
}
