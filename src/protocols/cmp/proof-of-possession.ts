/**
 * ProofOfPossession and POPOSigningKey (RFC 4211 §4). Only the signature
 * choice is interpreted (RFC 4211 §4.1: with poposkInput absent, the signature
 * is computed over the DER of the certReq field).
 *
 * ```asn1
 * ProofOfPossession ::= CHOICE {
 *     raVerified        [0] NULL,
 *     signature         [1] POPOSigningKey,
 *     keyEncipherment   [2] POPOPrivKey,
 *     keyAgreement      [3] POPOPrivKey }
 *
 * POPOSigningKey ::= SEQUENCE {
 *     poposkInput           [0] POPOSigningKeyInput OPTIONAL,
 *     algorithmIdentifier   AlgorithmIdentifier,
 *     signature             BIT STRING }
 * ```
 */
import * as asn1js from 'asn1js';
import {
  children,
  CmpDecodeError,
  fromRaw,
  implicitConstructed,
  implicitPrimitive,
  isContext,
  rawOf,
  readBitString,
  toArrayBuffer,
} from './asn1.js';
import {
  algorithmIdentifierFromSchema,
  algorithmIdentifierToSchema,
  type AlgorithmIdentifier,
} from './algorithm-identifier.js';

export type ProofOfPossession =
  | { readonly type: 'raVerified' }
  | {
      readonly type: 'signature';
      /** DER of poposkInput as received (context tag [0] included). */
      readonly poposkInput?: Uint8Array;
      readonly algorithm: AlgorithmIdentifier;
      readonly signature: Uint8Array;
    }
  | { readonly type: 'other'; readonly der: Uint8Array };

export function proofOfPossessionFromSchema(
  block: asn1js.AsnType,
  what = 'ProofOfPossession',
): ProofOfPossession {
  if (isContext(block, 0)) return { type: 'raVerified' };
  if (isContext(block, 1)) {
    const c = children(block, what);
    let i = 0;
    let poposkInput: Uint8Array | undefined;
    if (c[0] && isContext(c[0], 0)) poposkInput = rawOf(c[i++]);
    if (c.length !== i + 2)
      throw new CmpDecodeError(`${what}: POPOSigningKey needs an algorithm and a signature`);
    const algorithm = algorithmIdentifierFromSchema(c[i], `${what}.algorithmIdentifier`);
    const bits = readBitString(c[i + 1], `${what}.signature`);
    return { type: 'signature', ...(poposkInput ? { poposkInput } : {}), algorithm, signature: bits.bytes };
  }
  if (block.idBlock.tagClass === 3) return { type: 'other', der: rawOf(block) };
  throw new CmpDecodeError(`${what}: unknown choice`);
}

export function proofOfPossessionToSchema(p: ProofOfPossession): asn1js.AsnType {
  switch (p.type) {
    case 'raVerified':
      return implicitPrimitive(0, new Uint8Array(0));
    case 'signature': {
      const value: asn1js.AsnType[] = [];
      if (p.poposkInput) value.push(fromRaw(p.poposkInput));
      value.push(algorithmIdentifierToSchema(p.algorithm));
      value.push(new asn1js.BitString({ valueHex: toArrayBuffer(p.signature), unusedBits: 0 }));
      return implicitConstructed(1, value);
    }
    case 'other':
      return fromRaw(p.der);
  }
}
