/**
 * PKIBody (RFC 4210 §5.1.2): a CHOICE of EXPLICIT context tags. The bodies
 * pkicfg uses are interpreted; the others (rr, rp, ccr, ...) are kept as DER
 * of their inner value so that a message can still be decoded and reported.
 *
 * ```asn1
 * PKIBody ::= CHOICE {
 *     ir       [0]  CertReqMessages,        ip       [1]  CertRepMessage,
 *     cr       [2]  CertReqMessages,        cp       [3]  CertRepMessage,
 *     p10cr    [4]  CertificationRequest,   popdecc  [5]  POPODecKeyChallContent,
 *     popdecr  [6]  POPODecKeyRespContent,  kur      [7]  CertReqMessages,
 *     kup      [8]  CertRepMessage,         krr      [9]  CertReqMessages,
 *     krp      [10] KeyRecRepContent,       rr       [11] RevReqContent,
 *     rp       [12] RevRepContent,          ccr      [13] CertReqMessages,
 *     ccp      [14] CertRepMessage,         ckuann   [15] CAKeyUpdAnnContent,
 *     cann     [16] CertAnnContent,         rann     [17] RevAnnContent,
 *     crlann   [18] CRLAnnContent,          pkiconf  [19] PKIConfirmContent,
 *     nested   [20] NestedMessageContent,   genm     [21] GenMsgContent,
 *     genp     [22] GenRepContent,          error    [23] ErrorMsgContent,
 *     certConf [24] CertConfirmContent,     pollReq  [25] PollReqContent,
 *     pollRep  [26] PollRepContent }
 * PKIConfirmContent ::= NULL
 * GenMsgContent ::= SEQUENCE OF InfoTypeAndValue   -- GenRepContent likewise
 * ```
 */
import * as asn1js from 'asn1js';
import { CmpDecodeError, explicit, explicitInner, fromRaw, rawOf } from './asn1.js';
import { certRepMessageFromSchema, certRepMessageToSchema, type CertRepMessage } from './cert-rep-message.js';
import { certReqMessagesFromSchema, certReqMessagesToSchema, type CertReqMsg } from './cert-req-messages.js';
import { certConfirmContentFromSchema, certConfirmContentToSchema, type CertStatus } from './cert-status.js';
import {
  errorMsgContentFromSchema,
  errorMsgContentToSchema,
  type ErrorMsgContent,
} from './error-msg-content.js';
import {
  infoTypeAndValueFromSchema,
  infoTypeAndValueToSchema,
  type InfoTypeAndValue,
} from './info-type-and-value.js';
import {
  pollRepContentFromSchema,
  pollRepContentToSchema,
  pollReqContentFromSchema,
  pollReqContentToSchema,
  type PollRep,
} from './poll-content.js';

const BODY_NAMES = [
  'ir',
  'ip',
  'cr',
  'cp',
  'p10cr',
  'popdecc',
  'popdecr',
  'kur',
  'kup',
  'krr',
  'krp',
  'rr',
  'rp',
  'ccr',
  'ccp',
  'ckuann',
  'cann',
  'rann',
  'crlann',
  'pkiconf',
  'nested',
  'genm',
  'genp',
  'error',
  'certConf',
  'pollReq',
  'pollRep',
] as const;

export type BodyName = (typeof BODY_NAMES)[number];

export type PkiBody =
  | { readonly type: 'ir' | 'cr' | 'kur'; readonly content: readonly CertReqMsg[] }
  | { readonly type: 'ip' | 'cp' | 'kup'; readonly content: CertRepMessage }
  | { readonly type: 'p10cr'; /** DER of the PKCS#10 CertificationRequest */ readonly csr: Uint8Array }
  | { readonly type: 'certConf'; readonly content: readonly CertStatus[] }
  | { readonly type: 'pkiconf' }
  | { readonly type: 'pollReq'; readonly content: readonly number[] }
  | { readonly type: 'pollRep'; readonly content: readonly PollRep[] }
  | { readonly type: 'error'; readonly content: ErrorMsgContent }
  | { readonly type: 'genm' | 'genp'; readonly content: readonly InfoTypeAndValue[] }
  | {
      readonly type: 'other';
      readonly name: BodyName;
      /** DER of the inner value */ readonly der: Uint8Array;
    };

export function pkiBodyFromSchema(block: asn1js.AsnType, what = 'PKIBody'): PkiBody {
  const n = block.idBlock.tagNumber;
  if (block.idBlock.tagClass !== 3 || n >= BODY_NAMES.length)
    throw new CmpDecodeError(`${what}: unknown body type`);
  const name = BODY_NAMES[n];
  const inner = explicitInner(block, `${what}.${name}`);
  const w = `${what}.${name}`;
  switch (name) {
    case 'ir':
    case 'cr':
    case 'kur':
      return { type: name, content: certReqMessagesFromSchema(inner, w) };
    case 'ip':
    case 'cp':
    case 'kup':
      return { type: name, content: certRepMessageFromSchema(inner, w) };
    case 'p10cr':
      if (!(inner instanceof asn1js.Sequence))
        throw new CmpDecodeError(`${w}: expected a CertificationRequest`);
      return { type: 'p10cr', csr: rawOf(inner) };
    case 'certConf':
      return { type: 'certConf', content: certConfirmContentFromSchema(inner, w) };
    case 'pkiconf':
      if (!(inner instanceof asn1js.Null)) throw new CmpDecodeError(`${w}: expected NULL`);
      return { type: 'pkiconf' };
    case 'pollReq':
      return { type: 'pollReq', content: pollReqContentFromSchema(inner, w) };
    case 'pollRep':
      return { type: 'pollRep', content: pollRepContentFromSchema(inner, w) };
    case 'error':
      return { type: 'error', content: errorMsgContentFromSchema(inner, w) };
    case 'genm':
    case 'genp': {
      if (!(inner instanceof asn1js.Sequence)) throw new CmpDecodeError(`${w}: expected a SEQUENCE`);
      return {
        type: name,
        content: inner.valueBlock.value.map((v, i) => infoTypeAndValueFromSchema(v, `${w}[${i}]`)),
      };
    }
    default:
      return { type: 'other', name, der: rawOf(inner) };
  }
}

export function pkiBodyToSchema(b: PkiBody): asn1js.AsnType {
  const tag = (name: BodyName) => BODY_NAMES.indexOf(name);
  switch (b.type) {
    case 'ir':
    case 'cr':
    case 'kur':
      return explicit(tag(b.type), certReqMessagesToSchema(b.content));
    case 'ip':
    case 'cp':
    case 'kup':
      return explicit(tag(b.type), certRepMessageToSchema(b.content));
    case 'p10cr':
      return explicit(tag('p10cr'), fromRaw(b.csr));
    case 'certConf':
      return explicit(tag('certConf'), certConfirmContentToSchema(b.content));
    case 'pkiconf':
      return explicit(tag('pkiconf'), new asn1js.Null());
    case 'pollReq':
      return explicit(tag('pollReq'), pollReqContentToSchema(b.content));
    case 'pollRep':
      return explicit(tag('pollRep'), pollRepContentToSchema(b.content));
    case 'error':
      return explicit(tag('error'), errorMsgContentToSchema(b.content));
    case 'genm':
    case 'genp':
      return explicit(tag(b.type), new asn1js.Sequence({ value: b.content.map(infoTypeAndValueToSchema) }));
    case 'other':
      return explicit(tag(b.name), fromRaw(b.der));
  }
}

/** The body's name as RFC 4210 spells it (`ip`, `certConf`, `pkiconf`, ...). */
export function bodyName(b: PkiBody): BodyName {
  return b.type === 'other' ? b.name : b.type;
}
