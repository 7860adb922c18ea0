/**
 * The certificate the embedded CA's CMP server issues by default: an
 * end-entity certificate for the subject, key and subjectAltName that
 * ./authorize.ts allowed, signed with the CA key.
 */
import { createHash, randomBytes, sign, type KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { toArrayBuffer } from '../protocols/cmp/asn1.js';
import { OID } from '../protocols/cmp/algorithm-identifier.js';

/** What the CA needs to know to issue one certificate. */
export interface CmpIssueRequest {
  /** DER of the subject Name. */
  readonly subject: Uint8Array;
  /** DER SubjectPublicKeyInfo. */
  readonly publicKey: Uint8Array;
  /** DER Extensions requested (SAN is honoured by the default issuer). */
  readonly extensions?: Uint8Array;
  readonly now: Date;
}

/**
 * Issue an end-entity certificate signed by `caCert`/`caKey` (RSA or EC CA
 * key, SHA-256): random positive serial, notBefore backdated 5 minutes,
 * KU digitalSignature+keyEncipherment, EKU clientAuth+serverAuth, SKI/AKI,
 * and the requested subjectAltName if any.
 */
export function issueCertificate(
  caCert: Uint8Array,
  caKey: KeyObject,
  r: CmpIssueRequest,
  validityDays = 365,
): Uint8Array {
  const ca = pkijs.Certificate.fromBER(toArrayBuffer(caCert));
  const spki = pkijs.PublicKeyInfo.fromBER(toArrayBuffer(r.publicKey));
  const serial = randomBytes(16);
  serial[0] = (serial[0] & 0x7f) | 0x01;
  const alg = caKey.asymmetricKeyType === 'ec' ? OID.ecdsaWithSha256 : OID.sha256WithRsa;
  const algId = () =>
    new pkijs.AlgorithmIdentifier({
      algorithmId: alg,
      ...(alg === OID.sha256WithRsa ? { algorithmParams: new asn1js.Null() } : {}),
    });
  const ext = (id: string, critical: boolean, v: asn1js.AsnType | ArrayBuffer) =>
    new pkijs.Extension({ extnID: id, critical, extnValue: v instanceof ArrayBuffer ? v : v.toBER(false) });
  const ski = createHash('sha1').update(spki.subjectPublicKey.valueBlock.valueHexView).digest();
  const caSki = createHash('sha1')
    .update(ca.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView)
    .digest();
  const extensions = [
    ext('2.5.29.19', true, new asn1js.Sequence({ value: [] })),
    ext('2.5.29.15', true, new asn1js.BitString({ valueHex: new Uint8Array([0xa0]), unusedBits: 5 })),
    ext(
      '2.5.29.37',
      false,
      new asn1js.Sequence({
        value: ['1.3.6.1.5.5.7.3.2', '1.3.6.1.5.5.7.3.1'].map(
          (v) => new asn1js.ObjectIdentifier({ value: v }),
        ),
      }),
    ),
    ext('2.5.29.14', false, new asn1js.OctetString({ valueHex: ski })),
    ext(
      '2.5.29.35',
      false,
      new asn1js.Sequence({
        value: [new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: 0 }, valueHex: caSki })],
      }),
    ),
  ];
  if (r.extensions) {
    const req = pkijs.Extensions.fromBER(toArrayBuffer(r.extensions));
    for (const e of req.extensions) if (e.extnID === '2.5.29.17') extensions.push(e);
  }
  const time = (d: Date) => new pkijs.Time({ type: d.getUTCFullYear() < 2050 ? 0 : 1, value: d });
  const cert = new pkijs.Certificate({
    version: 2,
    serialNumber: new asn1js.Integer({ valueHex: serial }),
    issuer: ca.subject,
    subject: pkijs.RelativeDistinguishedNames.fromBER(toArrayBuffer(r.subject)),
    notBefore: time(new Date(r.now.getTime() - 5 * 60_000)),
    notAfter: time(new Date(r.now.getTime() + validityDays * 86400_000)),
    subjectPublicKeyInfo: spki,
    signature: algId(),
    signatureAlgorithm: algId(),
    extensions,
  });
  const tbs = new Uint8Array(cert.encodeTBS().toBER(false));
  cert.tbsView = tbs;
  cert.signatureValue = new asn1js.BitString({ valueHex: sign('sha256', tbs, caKey) });
  return new Uint8Array(cert.toSchema().toBER(false));
}
