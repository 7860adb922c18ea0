/**
 * The embedded CA's durable state under STATE/ca/ (0700):
 *   ca.pem, ca.key (0600)      the CA certificate and its RSA key, made on first use
 *   issued/<serial>.pem        every certificate issued
 *   index.jsonl                one line per issued certificate (serial, subject, dates)
 *                              and one per revocation (revoke.ts)
 *   crl.der                    the last CRL issued (crl-issue.ts)
 *   pending/<txid>.json        manual-approval queue (see pending-queue.ts)
 * Writes are atomic (temp file + rename).
 */
import {
  createHash,
  createPrivateKey,
  generateKeyPairSync,
  X509Certificate,
  type KeyObject,
} from 'node:crypto';
import { mkdirSync, readFileSync, existsSync, appendFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { parseCertificate, type ScepCertificate } from '../protocols/scep/certificate.js';
import { parseDn, publicKeyInfo, randomSerial, signCertificate } from '../protocols/scep/x509-build.js';
import { writeFileAtomic } from '../durable/durable-fs.js';

export interface EmbeddedCa {
  readonly dir: string;
  readonly certificate: ScepCertificate;
  readonly key: KeyObject;
  readonly certPath: string;
}

/** Atomic durable write; the temporary name (`F.PID.TIME.tmp`) is the one ca-recover.ts cleans. */
export function writeAtomic(path: string, data: string | Uint8Array, mode = 0o600): void {
  writeFileAtomic(path, data, { mode, temp: `${path}.${process.pid}.${Date.now()}.tmp` });
}

export function toPem(der: Uint8Array, label = 'CERTIFICATE'): string {
  const b64 = Buffer.from(der)
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}

function ext(extnID: string, critical: boolean, value: asn1js.AsnType): pkijs.Extension {
  return new pkijs.Extension({ extnID, critical, extnValue: value.toBER(false) });
}

/** KeyUsage BIT STRING from bit numbers (RFC 5280 §4.2.1.3). */
export function keyUsageExtension(bits: readonly number[]): pkijs.Extension {
  let v = 0;
  for (const b of bits) v |= 0x8000 >> b;
  const bytes = v & 0xff ? [v >> 8, v & 0xff] : [v >> 8];
  const last = bytes[bytes.length - 1];
  let unused = 0;
  while (unused < 7 && !(last & (1 << unused))) unused++;
  const bs = new asn1js.BitString({ valueHex: new Uint8Array(bytes), unusedBits: unused });
  return ext('2.5.29.15', true, bs);
}

/** RFC 5280 §4.2.1.2 method (1): SHA-1 of the subjectPublicKey BIT STRING. */
export function subjectKeyId(pub: pkijs.PublicKeyInfo): Buffer {
  return createHash('sha1').update(pub.subjectPublicKey.valueBlock.valueHexView).digest();
}

/** Opens the CA in STATE/ca, creating it on first use. */
export function openCa(
  stateDir: string,
  now: Date = new Date(),
  subject = 'CN=pkicfg embedded CA,O=pkicfg',
): EmbeddedCa {
  const dir = join(stateDir, 'ca');
  mkdirSync(join(dir, 'issued'), { recursive: true, mode: 0o700 });
  mkdirSync(join(dir, 'pending'), { recursive: true, mode: 0o700 });
  chmodSync(stateDir, 0o700);
  chmodSync(dir, 0o700);
  const certPath = join(dir, 'ca.pem');
  const keyPath = join(dir, 'ca.key');
  if (existsSync(certPath) && existsSync(keyPath)) {
    const key = createPrivateKey(readFileSync(keyPath));
    const cert = parseCertificate(new X509Certificate(readFileSync(certPath)).raw);
    if (!cert) throw new Error(`${certPath} is not a certificate`);
    return { dir, certificate: cert, key, certPath };
  }
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const name = parseDn(subject);
  if (!name) throw new Error(`bad CA subject ${subject}`);
  const pub = publicKeyInfo(privateKey);
  const ski = subjectKeyId(pub);
  const cert = signCertificate(
    {
      serial: randomSerial(),
      issuer: name,
      subject: name,
      notBefore: new Date(now.getTime() - 3600_000),
      notAfter: new Date(now.getTime() + 10 * 365 * 86400_000),
      publicKey: pub,
      extensions: [
        ext('2.5.29.19', true, new pkijs.BasicConstraints({ cA: true }).toSchema()),
        // digitalSignature + keyEncipherment too: the CA signs CertReps and is the
        // envelope recipient, and OpenSSL-based clients (certmonger) check KU.
        keyUsageExtension([0, 2, 5, 6]),
        ext('2.5.29.14', false, new asn1js.OctetString({ valueHex: ski })),
      ],
    },
    privateKey,
    'sha256',
  );
  writeAtomic(keyPath, privateKey.export({ format: 'pem', type: 'pkcs8' }) as string, 0o600);
  writeAtomic(certPath, toPem(cert.der), 0o644);
  return { dir, certificate: cert, key: privateKey, certPath };
}

export interface IssuedRecord {
  readonly serial: string;
  readonly subject: string;
  readonly notBefore: string;
  readonly notAfter: string;
  readonly transactionID?: string;
}

/** Records an issued certificate (PEM file + index line). */
export function recordIssued(ca: EmbeddedCa, cert: ScepCertificate, transactionID?: string): IssuedRecord {
  const rec: IssuedRecord = {
    serial: cert.x509.serialNumber,
    subject: cert.x509.subject.replace(/\n/g, ', '),
    notBefore: new Date(cert.x509.validFrom).toISOString(),
    notAfter: new Date(cert.x509.validTo).toISOString(),
    ...(transactionID ? { transactionID } : {}),
  };
  writeAtomic(join(ca.dir, 'issued', `${rec.serial}.pem`), toPem(cert.der), 0o644);
  appendFileSync(join(ca.dir, 'index.jsonl'), JSON.stringify(rec) + '\n', { mode: 0o600 });
  return rec;
}

/** Loads an issued certificate by serial (hex, as node prints it). */
export function loadIssued(ca: EmbeddedCa, serial: string): ScepCertificate | undefined {
  const p = join(ca.dir, 'issued', `${serial.toUpperCase()}.pem`);
  if (!existsSync(p)) return undefined;
  return parseCertificate(new X509Certificate(readFileSync(p)).raw);
}
