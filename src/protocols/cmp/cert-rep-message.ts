/**
 * CertRepMessage (RFC 4210 §5.3.4), the body of ip, cp and kup.
 *
 * ```asn1
 * CertRepMessage ::= SEQUENCE {
 *     caPubs       [1] SEQUENCE SIZE (1..MAX) OF CMPCertificate OPTIONAL,
 *     response         SEQUENCE OF CertResponse }
 * ```
 */
import * as asn1js from 'asn1js';
import { children, CmpDecodeError, expectSequence, explicit, fromRaw, isContext, rawOf } from './asn1.js';
import {
  certResponseFromDer,
  certResponseFromSchema,
  certResponseToSchema,
  type CertResponse,
} from './cert-response.js';
import { copyOf, derChildren, type DerElement } from './der-split.js';

export interface CertRepMessage {
  /** DER certificates. */
  readonly caPubs?: readonly Uint8Array[];
  readonly response: readonly CertResponse[];
}

export function certRepMessageFromSchema(block: asn1js.AsnType, what = 'CertRepMessage'): CertRepMessage {
  const c = expectSequence(block, what);
  let i = 0;
  let caPubs: Uint8Array[] | undefined;
  if (c[0] && isContext(c[0], 1)) {
    const seq = children(c[i++], `${what}.caPubs`)[0];
    caPubs = expectSequence(seq, `${what}.caPubs`).map((cert, j) => {
      if (!(cert instanceof asn1js.Sequence))
        throw new CmpDecodeError(`${what}.caPubs[${j}]: not a certificate`);
      return rawOf(cert);
    });
  }
  if (c.length !== i + 1) throw new CmpDecodeError(`${what}: expected one response list`);
  const response = expectSequence(c[i], `${what}.response`).map((r, j) =>
    certResponseFromSchema(r, `${what}.response[${j}]`),
  );
  return caPubs ? { caPubs, response } : { response };
}

export function certRepMessageToSchema(m: CertRepMessage): asn1js.Sequence {
  const value: asn1js.AsnType[] = [];
  if (m.caPubs && m.caPubs.length > 0)
    value.push(explicit(1, new asn1js.Sequence({ value: m.caPubs.map(fromRaw) })));
  value.push(new asn1js.Sequence({ value: m.response.map(certResponseToSchema) }));
  return new asn1js.Sequence({ value });
}

/** The same decoding from bytes, slicing out the certificates (see der-split.ts). */
export function certRepMessageFromDer(e: DerElement, what = 'CertRepMessage'): CertRepMessage {
  if (e.tag !== 0x30) throw new CmpDecodeError(`${what}: expected a SEQUENCE`);
  const c = derChildren(e, what);
  let i = 0;
  let caPubs: Uint8Array[] | undefined;
  if (c[0] && c[0].tag === 0xa1) {
    const seq = derChildren(c[i++], `${what}.caPubs`);
    if (seq.length !== 1 || seq[0].tag !== 0x30)
      throw new CmpDecodeError(`${what}.caPubs: expected a SEQUENCE`);
    caPubs = derChildren(seq[0], `${what}.caPubs`).map((cert, j) => {
      if (cert.tag !== 0x30) throw new CmpDecodeError(`${what}.caPubs[${j}]: not a certificate`);
      return copyOf(cert.der);
    });
  }
  if (c.length !== i + 1 || c[i].tag !== 0x30)
    throw new CmpDecodeError(`${what}: expected one response list`);
  const response = derChildren(c[i], `${what}.response`).map((r, j) =>
    certResponseFromDer(r, `${what}.response[${j}]`),
  );
  return caPubs ? { caPubs, response } : { response };
}
