/**
 * CertTemplate (RFC 4211 §5). The CRMF module uses IMPLICIT tags; `issuer` and
 * `subject` are Names (a CHOICE), so their tags are explicit in effect.
 *
 * ```asn1
 * CertTemplate ::= SEQUENCE {
 *     version      [0] Version               OPTIONAL,
 *     serialNumber [1] INTEGER               OPTIONAL,
 *     signingAlg   [2] AlgorithmIdentifier   OPTIONAL,
 *     issuer       [3] Name                  OPTIONAL,
 *     validity     [4] OptionalValidity      OPTIONAL,
 *     subject      [5] Name                  OPTIONAL,
 *     publicKey    [6] SubjectPublicKeyInfo  OPTIONAL,
 *     issuerUID    [7] UniqueIdentifier      OPTIONAL,
 *     subjectUID   [8] UniqueIdentifier      OPTIONAL,
 *     extensions   [9] Extensions            OPTIONAL }
 * ```
 */
import * as asn1js from 'asn1js';
import {
  children,
  CmpDecodeError,
  expectSequence,
  explicit,
  explicitInner,
  fromRaw,
  implicitConstructed,
  implicitPrimitive,
  primitiveBytes,
  rawOf,
  sequenceChildren,
  untagToSequence,
} from './asn1.js';
import { algorithmIdentifierToSchema, type AlgorithmIdentifier } from './algorithm-identifier.js';

export interface CertTemplate {
  /** INTEGER contents (big-endian). */
  readonly version?: Uint8Array;
  readonly serialNumber?: Uint8Array;
  readonly signingAlg?: AlgorithmIdentifier;
  /** DER of the issuer Name. */
  readonly issuer?: Uint8Array;
  /** DER of OptionalValidity as a universal SEQUENCE. */
  readonly validity?: Uint8Array;
  /** DER of the subject Name. */
  readonly subject?: Uint8Array;
  /** DER of the SubjectPublicKeyInfo (universal SEQUENCE). */
  readonly publicKey?: Uint8Array;
  readonly issuerUID?: Uint8Array;
  readonly subjectUID?: Uint8Array;
  /** DER of Extensions (universal SEQUENCE OF Extension). */
  readonly extensions?: Uint8Array;
}

export function certTemplateFromSchema(block: asn1js.AsnType, what = 'CertTemplate'): CertTemplate {
  const t: { -readonly [K in keyof CertTemplate]: CertTemplate[K] } = {};
  let last = -1;
  for (const f of expectSequence(block, what)) {
    const n = f.idBlock.tagNumber;
    if (f.idBlock.tagClass !== 3 || n > 9 || n <= last)
      throw new CmpDecodeError(`${what}: unexpected or misordered field`);
    last = n;
    const w = `${what}[${n}]`;
    switch (n) {
      case 0:
        t.version = primitiveBytes(f, w);
        break;
      case 1:
        t.serialNumber = primitiveBytes(f, w);
        break;
      case 2: {
        const c = children(f, w);
        t.signingAlg = {
          oid: (c[0] as asn1js.ObjectIdentifier).valueBlock.toString(),
          ...(c[1] ? { parameters: rawOf(c[1]) } : {}),
        };
        break;
      }
      case 3:
        t.issuer = rawOf(explicitInner(f, w));
        break;
      case 4:
        t.validity = untagToSequence(f, w);
        break;
      case 5:
        t.subject = rawOf(explicitInner(f, w));
        break;
      case 6:
        t.publicKey = untagToSequence(f, w);
        break;
      case 7:
        t.issuerUID = primitiveBytes(f, w);
        break;
      case 8:
        t.subjectUID = primitiveBytes(f, w);
        break;
      case 9:
        t.extensions = untagToSequence(f, w);
        break;
    }
  }
  return t;
}

export function certTemplateToSchema(t: CertTemplate): asn1js.Sequence {
  const value: asn1js.AsnType[] = [];
  if (t.version) value.push(implicitPrimitive(0, t.version));
  if (t.serialNumber) value.push(implicitPrimitive(1, t.serialNumber));
  if (t.signingAlg)
    value.push(implicitConstructed(2, algorithmIdentifierToSchema(t.signingAlg).valueBlock.value));
  if (t.issuer) value.push(explicit(3, fromRaw(t.issuer)));
  if (t.validity) value.push(implicitConstructed(4, sequenceChildren(t.validity, 'validity')));
  if (t.subject) value.push(explicit(5, fromRaw(t.subject)));
  if (t.publicKey) value.push(implicitConstructed(6, sequenceChildren(t.publicKey, 'publicKey')));
  if (t.issuerUID) value.push(implicitPrimitive(7, t.issuerUID));
  if (t.subjectUID) value.push(implicitPrimitive(8, t.subjectUID));
  if (t.extensions) value.push(implicitConstructed(9, sequenceChildren(t.extensions, 'extensions')));
  return new asn1js.Sequence({ value });
}
