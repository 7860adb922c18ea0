/**
 * Minimal X.509 / PKCS#10 building for SCEP: the transient self-signed signer
 * certificate (RFC 8894 §2.3, §3.3.1), CSRs with a challengePassword
 * (RFC 2986, PKCS#9 §5.4.1), and signing of a prepared TBSCertificate (used by
 * the embedded CA). Signatures use node:crypto so SHA-1 works where a CA needs it.
 * Switch to src/pki's CSR builder once it exists; the shapes are the same.
 */
import { createPublicKey, randomBytes, type KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { rsaSign } from './crypto.js';
import { parseCertificate, wrapCertificate, type ScepCertificate } from './certificate.js';
import { encodeOid, encodeTlv, encodeUtcTime } from './der.js';
import { OID, RSA_SIGNATURE_OID, type DigestAlg } from './types.js';

const DN_OIDS: Record<string, string> = {
  C: '2.5.4.6',
  O: '2.5.4.10',
  OU: '2.5.4.11',
  CN: '2.5.4.3',
  L: '2.5.4.7',
  ST: '2.5.4.8',
  SN: '2.5.4.5',
  SERIALNUMBER: '2.5.4.5',
  DC: '0.9.2342.19200300.100.1.25',
  EMAILADDRESS: '1.2.840.113549.1.9.1',
  E: '1.2.840.113549.1.9.1',
  STREET: '2.5.4.9',
  T: '2.5.4.12',
  TITLE: '2.5.4.12',
};

/** Parses `CN=a,OU=b,O=c` (Junos `subject` order kept as written; `\,` escapes a comma). */
export function parseDn(dn: string): pkijs.RelativeDistinguishedNames | undefined {
  const parts: string[] = [];
  let cur = '';
  for (let i = 0; i < dn.length; i++) {
    const ch = dn[i];
    if (ch === '\\' && i + 1 < dn.length) {
      cur += dn[++i];
    } else if (ch === ',' || ch === '/') {
      if (cur.trim()) parts.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  if (cur.trim()) parts.push(cur.trim());
  if (parts.length === 0) return undefined;
  const typesAndValues: pkijs.AttributeTypeAndValue[] = [];
  for (const p of parts) {
    const eq = p.indexOf('=');
    if (eq <= 0) return undefined;
    const key = p.slice(0, eq).trim().toUpperCase();
    const value = p.slice(eq + 1).trim();
    const oid = DN_OIDS[key];
    if (!oid || value === '') return undefined;
    const printable = /^[A-Za-z0-9 '()+,\-./:=?]*$/.test(value);
    const v =
      key === 'C' || key === 'SN' || key === 'SERIALNUMBER'
        ? new asn1js.PrintableString({ value })
        : key === 'DC' || key === 'E' || key === 'EMAILADDRESS'
          ? new asn1js.IA5String({ value })
          : printable
            ? new asn1js.PrintableString({ value })
            : new asn1js.Utf8String({ value });
    typesAndValues.push(new pkijs.AttributeTypeAndValue({ type: oid, value: v }));
  }
  // One attribute per RDN: pkijs's encoder would put them all into one multi-valued
  // RDN (CN=a+O=b), so encode the Name here and let pkijs re-emit the decoded bytes.
  const sets = typesAndValues.map((tv) => new asn1js.Set({ value: [tv.toSchema()] }));
  return pkijs.RelativeDistinguishedNames.fromBER(new asn1js.Sequence({ value: sets }).toBER(false));
}

export function publicKeyInfo(key: KeyObject): pkijs.PublicKeyInfo {
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  const spki = pub.export({ format: 'der', type: 'spki' });
  return new pkijs.PublicKeyInfo({ schema: asn1js.fromBER(new Uint8Array(spki)).result });
}

function sigAlg(digest: DigestAlg): pkijs.AlgorithmIdentifier {
  return new pkijs.AlgorithmIdentifier({
    algorithmId: RSA_SIGNATURE_OID[digest],
    algorithmParams: new asn1js.Null(),
  });
}

/** A positive random serial number of 16 bytes. */
export function randomSerial(): asn1js.Integer {
  const b = randomBytes(16);
  b[0] &= 0x7f;
  b[0] |= 0x01;
  return new asn1js.Integer({ valueHex: b });
}

export interface TbsFields {
  readonly serial: asn1js.Integer;
  readonly issuer: pkijs.RelativeDistinguishedNames;
  readonly subject: pkijs.RelativeDistinguishedNames;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly publicKey: pkijs.PublicKeyInfo;
  readonly extensions?: readonly pkijs.Extension[];
}

/** Signs a TBSCertificate with an RSA key (RFC 5280 §4.1). */
export function signCertificate(fields: TbsFields, issuerKey: KeyObject, digest: DigestAlg): ScepCertificate {
  const time = (d: Date): pkijs.Time => new pkijs.Time({ type: d.getUTCFullYear() < 2050 ? 0 : 1, value: d });
  const cert = new pkijs.Certificate({
    version: 2,
    serialNumber: fields.serial,
    issuer: fields.issuer,
    subject: fields.subject,
    notBefore: time(fields.notBefore),
    notAfter: time(fields.notAfter),
    subjectPublicKeyInfo: fields.publicKey,
    signature: sigAlg(digest),
    signatureAlgorithm: sigAlg(digest),
    ...(fields.extensions && fields.extensions.length > 0 ? { extensions: [...fields.extensions] } : {}),
  });
  const tbs = new Uint8Array(cert.encodeTBS().toBER());
  cert.tbsView = tbs;
  cert.signatureValue = new asn1js.BitString({ valueHex: rsaSign(digest, issuerKey, tbs) });
  const parsed = wrapCertificate(cert, new Uint8Array(cert.toSchema().toBER()));
  if (!parsed) throw new Error('internal: built certificate does not parse');
  return parsed;
}

/**
 * The transient self-signed certificate a SCEP client signs its first request
 * with (RFC 8894 §2.3). notBefore is backdated an hour: scepserver checks the
 * request's signingTime lies inside the signer's validity.
 */
export function buildTransientSigner(
  key: KeyObject,
  subject: pkijs.RelativeDistinguishedNames,
  now: Date,
): ScepCertificate {
  const notBefore = new Date(now.getTime() - 3600_000);
  const notAfter = new Date(now.getTime() + 30 * 86400_000);
  // Encoded directly (der.ts): pkijs encoding of a certificate costs more than its signature.
  if (notAfter.getUTCFullYear() < 2050) {
    const name = Buffer.from(subject.toSchema().toBER());
    const spki = (key.type === 'private' ? createPublicKey(key) : key).export({
      format: 'der',
      type: 'spki',
    });
    const serial = randomBytes(16);
    serial[0] = (serial[0] & 0x7f) | 0x01;
    const sigAlg = encodeTlv(0x30, encodeOid(RSA_SIGNATURE_OID.sha256), Buffer.from([0x05, 0x00]));
    const tbs = encodeTlv(
      0x30,
      encodeTlv(0xa0, encodeTlv(0x02, Buffer.from([2]))),
      encodeTlv(0x02, serial),
      sigAlg,
      name,
      encodeTlv(0x30, encodeUtcTime(notBefore), encodeUtcTime(notAfter)),
      name,
      spki,
    );
    const sig = rsaSign('sha256', key, tbs);
    const cert = parseCertificate(encodeTlv(0x30, tbs, sigAlg, encodeTlv(0x03, Buffer.from([0]), sig)));
    if (cert) return cert;
  }
  return signCertificate(
    { serial: randomSerial(), issuer: subject, subject, notBefore, notAfter, publicKey: publicKeyInfo(key) },
    key,
    'sha256',
  );
}

export interface CsrOptions {
  readonly subject: pkijs.RelativeDistinguishedNames;
  readonly key: KeyObject;
  readonly challengePassword?: string;
  readonly dnsNames?: readonly string[];
  readonly emails?: readonly string[];
  readonly ipAddresses?: readonly string[];
  readonly digest?: DigestAlg;
}

function ipBytes(ip: string): Buffer | undefined {
  if (/^\d+\.\d+\.\d+\.\d+$/.test(ip)) return Buffer.from(ip.split('.').map(Number));
  if (!ip.includes(':')) return undefined;
  const [head, tail] = ip.split('::');
  const h = head ? head.split(':') : [];
  const t = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const fill = tail === undefined ? [] : Array(8 - h.length - t.length).fill('0');
  const words = [...h, ...fill, ...t];
  if (words.length !== 8) return undefined;
  return Buffer.from(words.flatMap((w) => [(parseInt(w, 16) >> 8) & 0xff, parseInt(w, 16) & 0xff]));
}

/** Builds a DER PKCS#10 request with the challengePassword attribute and SANs (RFC 2986, RFC 8894 §2.2). */
export function buildCsr(opts: CsrOptions): Buffer {
  const csr = new pkijs.CertificationRequest({
    version: 0,
    subject: opts.subject,
    subjectPublicKeyInfo: publicKeyInfo(opts.key),
  });
  const attributes: pkijs.Attribute[] = [];
  if (opts.challengePassword !== undefined) {
    const printable = /^[A-Za-z0-9 '()+,\-./:=?]*$/.test(opts.challengePassword);
    attributes.push(
      new pkijs.Attribute({
        type: OID.challengePassword,
        values: [
          printable
            ? new asn1js.PrintableString({ value: opts.challengePassword })
            : new asn1js.Utf8String({ value: opts.challengePassword }),
        ],
      }),
    );
  }
  const names: pkijs.GeneralName[] = [
    ...(opts.dnsNames ?? []).map((v) => new pkijs.GeneralName({ type: 2, value: v })),
    ...(opts.emails ?? []).map((v) => new pkijs.GeneralName({ type: 1, value: v })),
    ...(opts.ipAddresses ?? []).flatMap((v) => {
      const b = ipBytes(v);
      return b ? [new pkijs.GeneralName({ type: 7, value: new asn1js.OctetString({ valueHex: b }) })] : [];
    }),
  ];
  if (names.length > 0) {
    const san = new pkijs.Extension({
      extnID: '2.5.29.17',
      critical: false,
      extnValue: new pkijs.GeneralNames({ names }).toSchema().toBER(false),
    });
    attributes.push(
      new pkijs.Attribute({
        type: OID.extensionRequest,
        values: [new pkijs.Extensions({ extensions: [san] }).toSchema()],
      }),
    );
  }
  if (attributes.length > 0) csr.attributes = attributes;
  const digest = opts.digest ?? 'sha256';
  csr.signatureAlgorithm = sigAlg(digest);
  // encodeTBS is protected in pkijs' typings; it is the documented way to get the TBS bytes.
  const tbs = new Uint8Array((csr as unknown as { encodeTBS(): asn1js.Sequence }).encodeTBS().toBER());
  csr.tbsView = tbs;
  csr.signatureValue = new asn1js.BitString({ valueHex: rsaSign(digest, opts.key, tbs) });
  return Buffer.from(csr.toSchema().toBER());
}
