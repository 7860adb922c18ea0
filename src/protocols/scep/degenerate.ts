/**
 * Degenerate certificates-only CMS SignedData.
 *
 * RFC 8894 §3.4: "CMS includes a degenerate case of the SignedData content
 * type in which there are no signers ... used to convey certificates and
 * CRLs": version 1, no digestAlgorithms, encapContentInfo of type data with
 * no content, the certificates, and an empty signerInfos. Used for the
 * CertRep payload (§3.3.2) and the GetCACert CA/RA answer (§4.2.1.2).
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { parseCertificate, wrapCertificate, type ScepCertificate } from './certificate.js';
import { childrenOf, oidOf, readTlv, tlvBytes } from './der.js';
import { OID, failure, success, type ScepResult } from './types.js';

export function buildCertsOnly(certs: readonly ScepCertificate[]): Buffer {
  const sd = new pkijs.SignedData({
    version: 1,
    digestAlgorithms: [],
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID.data }),
    certificates: certs.map((c) => c.asn1),
    signerInfos: [],
  });
  const ci = new pkijs.ContentInfo({ contentType: OID.signedData, content: sd.toSchema(true) });
  return Buffer.from(ci.toSchema().toBER());
}

/** The certificates of a degenerate SignedData (signers, if any, are ignored). */
export function parseCertsOnly(der: Uint8Array): ScepResult<ScepCertificate[]> {
  return certsFast(Buffer.from(der)) ?? certsWithPkijs(der);
}

/** DER walker path: slice the [0] certificates out; undefined means "let pkijs decide". */
function certsFast(buf: Buffer): ScepResult<ScepCertificate[]> | undefined {
  const ci = readTlv(buf, 0, buf.length);
  if (!ci || ci.tag !== 0x30 || ci.end !== buf.length) return undefined;
  const [ctype, ctx0] = childrenOf(buf, ci) ?? [];
  if (!ctype || !ctx0 || oidOf(buf, ctype) !== OID.signedData || ctx0.tag !== 0xa0) return undefined;
  const [sd] = childrenOf(buf, ctx0) ?? [];
  if (!sd || sd.tag !== 0x30) return undefined;
  const parts = childrenOf(buf, sd);
  if (!parts || parts.length < 4 || parts[parts.length - 1].tag !== 0x31) return undefined;
  const certsTlv = parts.find((p, i) => i > 2 && p.tag === 0xa0);
  const out: ScepCertificate[] = [];
  for (const c of certsTlv ? (childrenOf(buf, certsTlv) ?? []) : []) {
    if (c.tag !== 0x30) continue;
    const cert = parseCertificate(tlvBytes(buf, c));
    if (!cert) return undefined;
    out.push(cert);
  }
  return success(out);
}

function certsWithPkijs(der: Uint8Array): ScepResult<ScepCertificate[]> {
  try {
    const parsed = asn1js.fromBER(Buffer.from(der));
    if (parsed.offset === -1 || parsed.result.error)
      return failure('SCEP_MALFORMED', 'certs-only PKCS#7 is not valid DER');
    const ci = new pkijs.ContentInfo({ schema: parsed.result });
    if (ci.contentType !== OID.signedData) {
      return failure(
        'SCEP_MALFORMED',
        `certs-only PKCS#7 has content type ${ci.contentType}, expected signedData`,
      );
    }
    const sd = new pkijs.SignedData({ schema: ci.content });
    const out: ScepCertificate[] = [];
    for (const c of sd.certificates ?? []) {
      if (!(c instanceof pkijs.Certificate)) continue;
      const cert = wrapCertificate(c, new Uint8Array(c.toSchema().toBER()));
      if (!cert) return failure('SCEP_MALFORMED', 'certs-only PKCS#7 contains an undecodable certificate');
      out.push(cert);
    }
    return success(out);
  } catch (e) {
    return failure('SCEP_MALFORMED', `certs-only PKCS#7 could not be decoded: ${(e as Error).message}`);
  }
}
