/**
 * Who may get which certificate from the embedded CA: the one place where the
 * CMP and SCEP servers decide (README "Trust model"). Everything else in the
 * servers is protocol; a request reaches the issuer only through here.
 *
 * - A first certificate (CMP ir/cr/p10cr, SCEP PKCSReq) needs the shared
 *   secret: the PBM of `--cmp-reference/--cmp-secret`, or the SCEP challenge
 *   password. Holding some certificate of this CA proves nothing about the
 *   name asked for, so a signature is enough only from an RA the operator
 *   named (`ca serve --cmp-ra FILE`).
 * - A renewal (CMP kur, RFC 4210 §5.3.5 / RFC 9483 §4.1.3; SCEP RenewalReq,
 *   RFC 8894 §3.3.1.2) is proof of the old certificate only: it must be
 *   signed by a valid certificate this CA issued (for kur: the one oldCertID
 *   names), and the new subject and subjectAltNames must be that
 *   certificate's. A SCEP RenewalReq that asks for anything else is treated
 *   as a first request and needs the challenge.
 *
 * Decisions are values: `Allowed` carries what may be issued, `Refused` why not
 * and the protocol failInfo to answer with (the caller logs and answers it).
 */
import { X509Certificate } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

const SAN = '2.5.29.17';

/** What the request proved about its sender. */
export type Proof =
  /** CMP PBM with this CA's reference and secret. */
  | { readonly kind: 'shared-secret' }
  /** A signature by this certificate (already verified over the message). */
  | { readonly kind: 'signature'; readonly signer: Uint8Array }
  | { readonly kind: 'none' };

/** What a request asks to be certified (DER). */
export interface Asked {
  /** DER Name; undefined = left to the CA (CMP kur). */
  readonly subject?: Uint8Array;
  /** DER Extensions requested, if any (only subjectAltName is ever issued). */
  readonly extensions?: Uint8Array;
}

interface Allowed {
  readonly ok: true;
  readonly subject: Uint8Array;
  readonly extensions?: Uint8Array;
  /** How it was authorized, for the log. */
  readonly by: string;
}
interface Refused {
  readonly ok: false;
  readonly failInfo: 'notAuthorized' | 'badCertId' | 'badCertTemplate' | 'wrongIntegrity' | 'badRequest';
  readonly reason: string;
}
export type Decision = Allowed | Refused;

export interface IssuingCa {
  /** DER of the issuing CA certificate. */
  readonly certificate: Uint8Array;
  /** DER of RA certificates the operator authorized to request any name (CMP). */
  readonly raCertificates?: readonly Uint8Array[];
  readonly now: Date;
}

const refuse = (failInfo: Refused['failInfo'], reason: string): Refused => ({ ok: false, failInfo, reason });

/** CMP ir, cr, p10cr: a first certificate for any name. */
export function authorizeCmpEnrollment(body: string, proof: Proof, asked: Asked, ca: IssuingCa): Decision {
  if (!asked.subject || isEmptyName(asked.subject)) return refuse('badCertTemplate', 'no subject requested');
  const extensions = asked.extensions ? { extensions: asked.extensions } : {};
  if (proof.kind === 'shared-secret') return { ok: true, subject: asked.subject, ...extensions, by: 'PBM' };
  if (proof.kind === 'signature') {
    const ra = (ca.raCertificates ?? []).find((r) => Buffer.from(r).equals(Buffer.from(proof.signer)));
    if (ra && issuedByCa(ra, ca)) {
      return { ok: true, subject: asked.subject, ...extensions, by: `RA ${subjectText(ra)}` };
    }
    return refuse(
      'notAuthorized',
      `${body} signed by '${subjectText(proof.signer)}' refused: a new certificate needs the shared secret (PBM), or a signature by a configured RA`,
    );
  }
  return refuse('notAuthorized', `${body} refused: not protected by the shared secret`);
}

/** CMP kur: the certificate named by oldCertID, renewed by its holder, same names. */
export function authorizeCmpKeyUpdate(
  proof: Proof,
  oldCertId: { readonly issuer: Uint8Array; readonly serial: Uint8Array } | undefined,
  asked: Asked,
  ca: IssuingCa,
): Decision {
  if (proof.kind !== 'signature')
    return refuse('wrongIntegrity', 'kur must be signed with the certificate being updated');
  const old = proof.signer;
  if (!issuedByCa(old, ca))
    return refuse('notAuthorized', `kur signer '${subjectText(old)}' is not a valid certificate of this CA`);
  if (oldCertId) {
    const c = pkijs.Certificate.fromBER(ab(old));
    const sameIssuer = Buffer.from(c.issuer.toSchema().toBER(false)).equals(Buffer.from(oldCertId.issuer));
    const sameSerial = stripZeros(c.serialNumber.valueBlock.valueHexView).equals(
      stripZeros(oldCertId.serial),
    );
    if (!sameIssuer || !sameSerial)
      return refuse('badCertId', 'kur oldCertID names another certificate than the one that signed it');
  }
  return sameNamesAs(old, asked, 'kur');
}

/**
 * SCEP PKCSReq/RenewalReq. `challengeOk` is undefined when the CA requires no
 * challenge (an open CA: anyone may enroll, as the operator chose).
 */
export function authorizeScepRequest(
  messageType: string,
  signer: Uint8Array,
  asked: Required<Pick<Asked, 'subject'>> & Asked,
  challengeOk: boolean | undefined,
  ca: IssuingCa,
): Decision {
  const extensions = asked.extensions ? { extensions: asked.extensions } : {};
  if (messageType === 'RenewalReq' && issuedByCa(signer, ca)) {
    const same = sameNamesAs(signer, asked, 'RenewalReq');
    if (same.ok) return { ...same, by: `renewal of ${serialText(signer)}` };
    if (challengeOk === undefined) return { ok: true, subject: asked.subject, ...extensions, by: 'open CA' };
    if (challengeOk) return { ok: true, subject: asked.subject, ...extensions, by: 'challenge password' };
    return refuse('badRequest', `${same.reason}, and the challenge password is wrong or missing`);
  }
  if (challengeOk === undefined) return { ok: true, subject: asked.subject, ...extensions, by: 'open CA' };
  if (challengeOk) return { ok: true, subject: asked.subject, ...extensions, by: 'challenge password' };
  return refuse('badRequest', 'wrong or missing challenge password');
}

/** The new certificate may carry exactly the old one's subject and subjectAltNames. */
function sameNamesAs(oldDer: Uint8Array, asked: Asked, what: string): Decision {
  const old = pkijs.Certificate.fromBER(ab(oldDer));
  const oldSubject = new Uint8Array(old.subject.toSchema().toBER(false));
  if (asked.subject && !isEmptyName(asked.subject) && !sameName(asked.subject, oldSubject))
    return refuse(
      'badCertTemplate',
      `${what} may not change the subject (certificate ${serialText(oldDer)} is for '${subjectText(oldDer)}')`,
    );
  const oldSan = old.extensions?.find((e) => e.extnID === SAN);
  const askedSan = asked.extensions ? sanOfExtensions(asked.extensions) : undefined;
  const oldNames = (oldSan ? generalNames(oldSan.extnValue.valueBlock.valueHexView) : []) ?? [];
  // No SAN asked in a kur keeps the old ones (the CA fills the template, RFC 4210 §5.3.5).
  const askedNames = askedSan === undefined ? (what === 'kur' ? oldNames : []) : generalNames(askedSan);
  if (askedNames === undefined || !sameSet(askedNames, oldNames))
    return refuse('badCertTemplate', `${what} may not change the subjectAltName of ${serialText(oldDer)}`);
  const extensions = oldSan
    ? {
        extensions: new Uint8Array(new asn1js.Sequence({ value: [oldSan.toSchema()] }).toBER(false)),
      }
    : {};
  return { ok: true, subject: oldSubject, ...extensions, by: `key update of ${serialText(oldDer)}` };
}

/** The certificate is within its validity and signed by the issuing CA. */
function issuedByCa(der: Uint8Array, ca: IssuingCa): boolean {
  try {
    const x = new X509Certificate(der);
    const caX = new X509Certificate(ca.certificate);
    const t = ca.now.getTime();
    return (
      !x.raw.equals(caX.raw) &&
      x.checkIssued(caX) &&
      x.verify(caX.publicKey) &&
      Date.parse(x.validFrom) <= t &&
      t <= Date.parse(x.validTo)
    );
  } catch {
    return false;
  }
}

/** RFC 5280 §7.1 in short: same attribute types in the same order, values equal ignoring case and spaces. */
function sameName(a: Uint8Array, b: Uint8Array): boolean {
  if (Buffer.from(a).equals(Buffer.from(b))) return true;
  try {
    const ra = pkijs.RelativeDistinguishedNames.fromBER(ab(a)).typesAndValues;
    const rb = pkijs.RelativeDistinguishedNames.fromBER(ab(b)).typesAndValues;
    const norm = (v: unknown): string =>
      String((v as { valueBlock?: { value?: unknown } }).valueBlock?.value ?? '')
        .toLowerCase()
        .replace(/\s+/g, ' ')
        .trim();
    return (
      ra.length === rb.length &&
      ra.every((x, i) => x.type === rb[i].type && norm(x.value) === norm(rb[i].value))
    );
  } catch {
    return false;
  }
}

function isEmptyName(der: Uint8Array): boolean {
  return der.length === 2 && der[0] === 0x30 && der[1] === 0x00;
}

/** extnValue of subjectAltName among DER Extensions; undefined when none, or when undecodable (null). */
function sanOfExtensions(extensions: Uint8Array): Uint8Array | undefined {
  try {
    const e = pkijs.Extensions.fromBER(ab(extensions)).extensions.find((x) => x.extnID === SAN);
    return e ? new Uint8Array(e.extnValue.valueBlock.valueHexView) : undefined;
  } catch {
    return new Uint8Array([0xff]); // undecodable: never equal to a real name set
  }
}

/** Each GeneralName of a GeneralNames DER, as hex of its encoding; undefined when undecodable. */
function generalNames(der: Uint8Array): string[] | undefined {
  const p = asn1js.fromBER(ab(der));
  if (p.offset === -1 || !(p.result instanceof asn1js.Sequence)) return undefined;
  return p.result.valueBlock.value.map((v) => Buffer.from(v.toBER(false)).toString('hex').toLowerCase());
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const sa = [...new Set(a)].sort();
  const sb = [...new Set(b)].sort();
  return sa.length === sb.length && sa.every((x, i) => x === sb[i]);
}

function stripZeros(b: Uint8Array): Buffer {
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  return Buffer.from(b.subarray(i));
}

function subjectText(der: Uint8Array): string {
  try {
    return new X509Certificate(der).subject.replace(/\n/g, ', ');
  } catch {
    return '(unreadable certificate)';
  }
}

function serialText(der: Uint8Array): string {
  try {
    return `serial ${new X509Certificate(der).serialNumber}`;
  } catch {
    return 'the old certificate';
  }
}

function ab(u: Uint8Array): ArrayBuffer {
  return u.buffer.slice(u.byteOffset, u.byteOffset + u.byteLength) as ArrayBuffer;
}
