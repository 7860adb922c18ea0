/**
 * PKIMessage and ProtectedPart (RFC 4210 §5.1, §5.1.3): the unit sent over
 * HTTP as `application/pkixcmp` (RFC 6712).
 *
 * ```asn1
 * PKIMessage ::= SEQUENCE {
 *     header           PKIHeader,
 *     body             PKIBody,
 *     protection   [0] PKIProtection OPTIONAL,
 *     extraCerts   [1] SEQUENCE SIZE (1..MAX) OF CMPCertificate OPTIONAL }
 *
 * PKIProtection ::= BIT STRING
 *
 * ProtectedPart ::= SEQUENCE {
 *     header    PKIHeader,
 *     body      PKIBody }
 * ```
 */
import * as asn1js from 'asn1js';
import type { Diagnostic, Result } from '../../diag/diagnostic.js';
import {
  children,
  CmpDecodeError,
  decodeDer,
  derOf,
  expectSequence,
  explicit,
  explicitInner,
  fromRaw,
  isContext,
  rawOf,
  readBitString,
  toArrayBuffer,
} from './asn1.js';
import { cmpDiagnostic } from './cmp-diagnostic.js';
import { certRepMessageFromDer } from './cert-rep-message.js';
import { copyOf, derChildren, derElement } from './der-split.js';
import { pkiBodyFromSchema, pkiBodyToSchema, type PkiBody } from './pki-body.js';
import { pkiHeaderFromSchema, pkiHeaderToSchema, type PkiHeader } from './pki-header.js';

export interface PkiMessage {
  readonly header: PkiHeader;
  readonly body: PkiBody;
  readonly protection?: Uint8Array;
  /** DER certificates. */
  readonly extraCerts?: readonly Uint8Array[];
}

/** A decoded message plus the exact bytes its protection covers. */
export interface ParsedPkiMessage extends PkiMessage {
  /** DER of ProtectedPart built from the header and body bytes as received. */
  readonly protectedPart: Uint8Array;
}

/** Decode a DER PKIMessage. Malformed input yields a CMP_MALFORMED diagnostic and no value. */
export function parsePkiMessage(der: Uint8Array): Result<ParsedPkiMessage | undefined> {
  try {
    return { value: pkiMessageFromDer(der), diagnostics: [] };
  } catch (e) {
    if (e instanceof CmpDecodeError) return { value: undefined, diagnostics: [malformed(e.message)] };
    throw e;
  }
}

function malformed(detail: string): Diagnostic {
  return cmpDiagnostic('CMP_MALFORMED', `CMP message could not be decoded: ${detail}`);
}

export function pkiMessageFromSchema(block: asn1js.AsnType, what = 'PKIMessage'): ParsedPkiMessage {
  const c = expectSequence(block, what);
  if (c.length < 2 || c.length > 4) throw new CmpDecodeError(`${what}: expected 2 to 4 fields`);
  const header = pkiHeaderFromSchema(c[0], `${what}.header`);
  const body = pkiBodyFromSchema(c[1], `${what}.body`);
  let protection: Uint8Array | undefined;
  let extraCerts: Uint8Array[] | undefined;
  for (const f of c.slice(2)) {
    if (isContext(f, 0) && protection === undefined && extraCerts === undefined) {
      protection = readBitString(explicitInner(f, `${what}.protection`), `${what}.protection`).bytes;
    } else if (isContext(f, 1) && extraCerts === undefined) {
      const seq = children(f, `${what}.extraCerts`);
      if (seq.length !== 1) throw new CmpDecodeError(`${what}.extraCerts: expected one SEQUENCE`);
      extraCerts = expectSequence(seq[0], `${what}.extraCerts`).map((cert, i) => {
        if (!(cert instanceof asn1js.Sequence))
          throw new CmpDecodeError(`${what}.extraCerts[${i}]: not a certificate`);
        return rawOf(cert);
      });
    } else throw new CmpDecodeError(`${what}: unexpected field`);
  }
  return parsedMessage(header, body, protection, extraCerts, rawOf(c[0]), rawOf(c[1]));
}

/**
 * A decoded message; the ProtectedPart is made from the received header and
 * body bytes, not a re-encoding (RFC 4210 §5.1.3).
 */
function parsedMessage(
  header: ParsedPkiMessage['header'],
  body: PkiBody,
  protection: Uint8Array | undefined,
  extraCerts: Uint8Array[] | undefined,
  headerDer: Uint8Array,
  bodyDer: Uint8Array,
): ParsedPkiMessage {
  return {
    header,
    body,
    ...(protection ? { protection } : {}),
    ...(extraCerts ? { extraCerts } : {}),
    protectedPart: derOf(new asn1js.Sequence({ value: [fromRaw(headerDer), fromRaw(bodyDer)] })),
  };
}

/**
 * The decoder used on the wire: the same structure as `pkiMessageFromSchema`,
 * but ip/cp/kup bodies and extraCerts are split at the byte level so that
 * the certificates they carry are sliced out rather than decoded.
 */
function pkiMessageFromDer(der: Uint8Array, what = 'PKIMessage'): ParsedPkiMessage {
  const top = derElement(der, what);
  if (top.tag !== 0x30) throw new CmpDecodeError(`${what}: expected a SEQUENCE`);
  const c = derChildren(top, what);
  if (c.length < 2 || c.length > 4) throw new CmpDecodeError(`${what}: expected 2 to 4 fields`);
  const header = pkiHeaderFromSchema(decodeDer(c[0].der, `${what}.header`), `${what}.header`);
  const n = c[1].tag & 0x1f;
  let body: PkiBody;
  if ((c[1].tag & 0xe0) === 0xa0 && (n === 1 || n === 3 || n === 8)) {
    const inner = derChildren(c[1], `${what}.body`);
    if (inner.length !== 1)
      throw new CmpDecodeError(`${what}.body: explicit tag must hold exactly one value`);
    const type = n === 1 ? 'ip' : n === 3 ? 'cp' : 'kup';
    body = { type, content: certRepMessageFromDer(inner[0], `PKIBody.${type}`) };
  } else body = pkiBodyFromSchema(decodeDer(c[1].der, `${what}.body`), `${what}.body`);
  let protection: Uint8Array | undefined;
  let extraCerts: Uint8Array[] | undefined;
  for (const f of c.slice(2)) {
    if (f.tag === 0xa0 && protection === undefined && extraCerts === undefined) {
      const inner = explicitInner(decodeDer(f.der, `${what}.protection`), `${what}.protection`);
      protection = readBitString(inner, `${what}.protection`).bytes;
    } else if (f.tag === 0xa1 && extraCerts === undefined) {
      const seq = derChildren(f, `${what}.extraCerts`);
      if (seq.length !== 1 || seq[0].tag !== 0x30)
        throw new CmpDecodeError(`${what}.extraCerts: expected one SEQUENCE`);
      extraCerts = derChildren(seq[0], `${what}.extraCerts`).map((cert, i) => {
        if (cert.tag !== 0x30) throw new CmpDecodeError(`${what}.extraCerts[${i}]: not a certificate`);
        return copyOf(cert.der);
      });
    } else throw new CmpDecodeError(`${what}: unexpected field`);
  }
  return parsedMessage(header, body, protection, extraCerts, c[0].der, c[1].der);
}

/** DER of ProtectedPart for a header and body about to be sent. */
export function buildProtectedPart(header: PkiHeader, body: PkiBody): Uint8Array {
  return derOf(new asn1js.Sequence({ value: [pkiHeaderToSchema(header), pkiBodyToSchema(body)] }));
}

/** Encode a PKIMessage as DER. */
export function buildPkiMessage(m: PkiMessage): Uint8Array {
  const value: asn1js.AsnType[] = [pkiHeaderToSchema(m.header), pkiBodyToSchema(m.body)];
  if (m.protection)
    value.push(explicit(0, new asn1js.BitString({ valueHex: toArrayBuffer(m.protection), unusedBits: 0 })));
  if (m.extraCerts && m.extraCerts.length > 0)
    value.push(explicit(1, new asn1js.Sequence({ value: m.extraCerts.map(fromRaw) })));
  return derOf(new asn1js.Sequence({ value }));
}
