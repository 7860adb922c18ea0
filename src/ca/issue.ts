/**
 * Issuing an end-entity certificate from a PKCS#10 request (RFC 2986): the
 * CSR's signature is checked, its subject and subjectAltName are copied, and
 * the certificate gets KU digitalSignature+keyEncipherment, EKU
 * serverAuth+clientAuth (IKE and TLS both use them), SKI and AKI, and the
 * CA's CRL distribution point when the server publishes a CRL (crl-issue.ts).
 */
import { createPublicKey } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { rsaVerify } from '../protocols/scep/crypto.js';
import { OID, digestBySignatureOid } from '../protocols/scep/types.js';
import { randomSerial, signCertificate } from '../protocols/scep/x509-build.js';
import type { ScepCertificate } from '../protocols/scep/certificate.js';
import { keyUsageExtension, subjectKeyId, type EmbeddedCa } from './ca-store.js';

export interface ParsedCsr {
  readonly csr: pkijs.CertificationRequest;
  readonly challengePassword?: string;
  readonly san?: pkijs.Extension;
  readonly subjectText: string;
}

function attrString(v: unknown): string | undefined {
  if (
    v instanceof asn1js.PrintableString ||
    v instanceof asn1js.Utf8String ||
    v instanceof asn1js.IA5String
  ) {
    return v.valueBlock.value;
  }
  if (v instanceof asn1js.BmpString || v instanceof asn1js.TeletexString) return v.valueBlock.value;
  return undefined;
}

/** Decodes a CSR and checks its self-signature; undefined with a reason when invalid. */
export function parseCsr(der: Uint8Array): { ok: true; value: ParsedCsr } | { ok: false; reason: string } {
  let csr: pkijs.CertificationRequest;
  try {
    const p = asn1js.fromBER(Buffer.from(der));
    if (p.offset === -1) return { ok: false, reason: 'certificate request is not valid DER' };
    csr = new pkijs.CertificationRequest({ schema: p.result });
  } catch (e) {
    return { ok: false, reason: `certificate request could not be decoded: ${(e as Error).message}` };
  }
  const digest = digestBySignatureOid(csr.signatureAlgorithm.algorithmId);
  if (!digest)
    return { ok: false, reason: `unsupported CSR signature algorithm ${csr.signatureAlgorithm.algorithmId}` };
  let pub;
  try {
    pub = createPublicKey({
      key: Buffer.from(csr.subjectPublicKeyInfo.toSchema().toBER()),
      format: 'der',
      type: 'spki',
    });
  } catch {
    return { ok: false, reason: 'CSR public key cannot be read' };
  }
  if (pub.asymmetricKeyType !== 'rsa') return { ok: false, reason: 'only RSA keys are accepted over SCEP' };
  if (!rsaVerify(digest, pub, csr.tbsView, csr.signatureValue.valueBlock.valueHexView)) {
    return { ok: false, reason: 'CSR signature does not verify' };
  }
  let challengePassword: string | undefined;
  let san: pkijs.Extension | undefined;
  for (const a of csr.attributes ?? []) {
    if (a.type === OID.challengePassword) challengePassword = attrString(a.values[0]);
    if (a.type === OID.extensionRequest) {
      try {
        const exts = new pkijs.Extensions({ schema: a.values[0] });
        san = exts.extensions.find((e) => e.extnID === '2.5.29.17');
      } catch {
        return { ok: false, reason: 'CSR extensionRequest cannot be decoded' };
      }
    }
  }
  const subjectText = csr.subject.typesAndValues
    .map((tv) => `${shortName(tv.type)}=${attrString(tv.value) ?? '?'}`)
    .join(', ');
  return { ok: true, value: { csr, challengePassword, san, subjectText } };
}

const SHORT: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.5': 'SN',
  '0.9.2342.19200300.100.1.25': 'DC',
  '1.2.840.113549.1.9.1': 'emailAddress',
};
function shortName(oid: string): string {
  return SHORT[oid] ?? oid;
}

export interface IssueOptions {
  readonly now: Date;
  readonly validityDays: number;
  /** The URL the CA serves its CRL at: written as the cRLDistributionPoints extension. */
  readonly crlUrl?: string;
}

/** What issuing takes from a verified request: a parsed CSR, or the facts a pending request kept of it. */
export interface IssueInput {
  readonly csr: Pick<pkijs.CertificationRequest, 'subject' | 'subjectPublicKeyInfo'>;
  readonly san?: pkijs.Extension;
}

export function issueCertificate(ca: EmbeddedCa, req: IssueInput, opts: IssueOptions): ScepCertificate {
  const pub = req.csr.subjectPublicKeyInfo;
  const caSki = ca.certificate.asn1.extensions?.find((e) => e.extnID === '2.5.29.14');
  const extensions: pkijs.Extension[] = [
    new pkijs.Extension({
      extnID: '2.5.29.19',
      critical: true,
      extnValue: new pkijs.BasicConstraints({}).toSchema().toBER(false),
    }),
    keyUsageExtension([0, 2]),
    new pkijs.Extension({
      extnID: '2.5.29.37',
      critical: false,
      extnValue: new pkijs.ExtKeyUsage({ keyPurposes: ['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2'] })
        .toSchema()
        .toBER(false),
    }),
    new pkijs.Extension({
      extnID: '2.5.29.14',
      critical: false,
      extnValue: new asn1js.OctetString({ valueHex: subjectKeyId(pub) }).toBER(false),
    }),
  ];
  if (caSki) {
    const keyId = (caSki.parsedValue as asn1js.OctetString | undefined)?.valueBlock.valueHexView;
    if (keyId) {
      extensions.push(
        new pkijs.Extension({
          extnID: '2.5.29.35',
          critical: false,
          extnValue: new pkijs.AuthorityKeyIdentifier({
            keyIdentifier: new asn1js.OctetString({ valueHex: keyId }),
          })
            .toSchema()
            .toBER(false),
        }),
      );
    }
  }
  if (req.san) extensions.push(req.san);
  if (opts.crlUrl) {
    const dp = new pkijs.DistributionPoint({
      distributionPoint: [new pkijs.GeneralName({ type: 6, value: opts.crlUrl })],
    });
    extensions.push(
      new pkijs.Extension({
        extnID: '2.5.29.31',
        critical: false,
        extnValue: new pkijs.CRLDistributionPoints({ distributionPoints: [dp] }).toSchema().toBER(false),
      }),
    );
  }
  return signCertificate(
    {
      serial: randomSerial(),
      issuer: ca.certificate.asn1.subject,
      subject: req.csr.subject,
      notBefore: new Date(opts.now.getTime() - 5 * 60_000),
      notAfter: new Date(opts.now.getTime() + opts.validityDays * 86400_000),
      publicKey: pub,
      extensions,
    },
    ca.key,
    'sha256',
  );
}
