/**
 * The messageData carried inside pkcsPKIEnvelope for the non-PKCS#10 requests.
 *
 * RFC 8894 §3.3.3 CertPoll (GetCertInitial):
 *   IssuerAndSubject ::= SEQUENCE { issuer Name, subject Name }
 * RFC 8894 §3.3.4 GetCert: IssuerAndSerialNumber (RFC 5652 §10.2.4).
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { failure, success, type ScepResult } from './types.js';

export function buildIssuerAndSubject(
  issuer: pkijs.RelativeDistinguishedNames,
  subject: pkijs.RelativeDistinguishedNames,
): Buffer {
  return Buffer.from(new asn1js.Sequence({ value: [issuer.toSchema(), subject.toSchema()] }).toBER());
}

export function parseIssuerAndSubject(
  der: Uint8Array,
): ScepResult<{ issuer: pkijs.RelativeDistinguishedNames; subject: pkijs.RelativeDistinguishedNames }> {
  try {
    const parsed = asn1js.fromBER(Buffer.from(der));
    if (parsed.offset === -1 || !(parsed.result instanceof asn1js.Sequence)) {
      return failure('SCEP_MALFORMED', 'IssuerAndSubject is not a DER SEQUENCE');
    }
    const [i, s] = parsed.result.valueBlock.value;
    if (!i || !s) return failure('SCEP_MALFORMED', 'IssuerAndSubject needs issuer and subject');
    return success({
      issuer: new pkijs.RelativeDistinguishedNames({ schema: i }),
      subject: new pkijs.RelativeDistinguishedNames({ schema: s }),
    });
  } catch (e) {
    return failure('SCEP_MALFORMED', `IssuerAndSubject could not be decoded: ${(e as Error).message}`);
  }
}
