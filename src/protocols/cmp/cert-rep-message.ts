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
import { certResponseFromSchema, certResponseToSchema, type CertResponse } from './cert-response.js';

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
