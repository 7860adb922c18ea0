/**
 * SCEP client (RFC 8894 §3, §4): GetCACaps, GetCACert, PKCSReq / RenewalReq,
 * CertPoll. Bytes in, bytes out: no configuration types; the transport, the
 * clock and sleep are injected. Every CertRep is checked (HTTP status,
 * Content-Type, DER, message type, transactionID, recipientNonce, signature
 * by the CA/RA, decryption, issued key, issued by the CA) before anything is
 * returned. Which CA/RA certificates are believed is pinCaCertificates's call.
 */
import { createPublicKey, randomBytes, type KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { Diagnostic } from '../../diag/diagnostic.js';
import type { HttpOutcome, HttpTransport } from '../http/transport.js';
import {
  chooseAlgorithms,
  parseCaps,
  type AlgorithmChoice,
  type AlgorithmOverrides,
  type CaCaps,
} from './caps.js';
import { parseCaCertResponse, pinCaCertificates, type CaCertificates } from './ca-certs.js';
import { isRsa, parseCertificate, type ScepCertificate } from './certificate.js';
import { parseCertsOnly } from './degenerate.js';
import { buildEnvelope, openEnvelope } from './envelope.js';
import { buildIssuerAndSubject } from './payloads.js';
import { buildPkiMessage, parsePkiMessage, verifyPkiMessage, type ParsedPkiMessage } from './pki-message.js';
import { buildTransientSigner } from './x509-build.js';
import {
  WEAK_CIPHERS,
  WEAK_DIGESTS,
  failInfoText,
  failure,
  scepDiag,
  success,
  type ScepResult,
} from './types.js';

export interface ScepEndpoint {
  /** The enrollment URL, e.g. http://ca.example/scep (no query). */
  readonly url: string;
  readonly transport: HttpTransport;
  readonly timeoutMs?: number;
  readonly maxBodyBytes?: number;
}

function opUrl(url: string, operation: string, message?: string): string {
  const sep = url.includes('?') ? '&' : '?';
  return `${url}${sep}operation=${operation}${message !== undefined ? `&message=${encodeURIComponent(message)}` : ''}`;
}

function httpFailure<T>(o: Extract<HttpOutcome, { ok: false }>, what: string): ScepResult<T> {
  const code =
    o.kind === 'timeout'
      ? 'SCEP_TIMEOUT'
      : o.kind === 'too-large'
        ? 'SCEP_RESPONSE_TOO_LARGE'
        : o.kind === 'connect'
          ? 'SCEP_CONNECT_FAILED'
          : 'SCEP_HTTP_ERROR';
  return failure(code, `${what}: ${o.message}`);
}

function statusFailure<T>(status: number, body: Buffer, what: string): ScepResult<T> {
  const text = body
    .subarray(0, 200)
    .toString('utf8')
    .replace(/[^\x20-\x7e]+/g, ' ')
    .trim();
  return failure('SCEP_HTTP_ERROR', `${what}: HTTP ${status}${text ? ` (${text})` : ''}`);
}

/**
 * GetCACaps (§3.5.1). A CA that does not implement it (HTTP error) gets the
 * RFC's defaults, i.e. an empty capability set; transport failures are errors.
 */
export async function getCaCaps(ep: ScepEndpoint): Promise<ScepResult<CaCaps>> {
  const o = await ep.transport.send({
    method: 'GET',
    url: opUrl(ep.url, 'GetCACaps'),
    timeoutMs: ep.timeoutMs,
    maxBodyBytes: ep.maxBodyBytes ?? 64 * 1024,
  });
  if (!o.ok) return httpFailure(o, 'GetCACaps');
  if (o.response.status !== 200) return success(new Set<string>());
  return success(parseCaps(o.response.body.toString('latin1')));
}

/** GetCACert (§4.2): the CA certificate, or CA + RA certificates. */
export async function getCaCert(
  ep: ScepEndpoint,
  caIdentifier?: string,
): Promise<ScepResult<CaCertificates>> {
  const o = await ep.transport.send({
    method: 'GET',
    url: opUrl(ep.url, 'GetCACert', caIdentifier),
    timeoutMs: ep.timeoutMs,
    maxBodyBytes: ep.maxBodyBytes,
  });
  if (!o.ok) return httpFailure(o, 'GetCACert');
  if (o.response.status !== 200) return statusFailure(o.response.status, o.response.body, 'GetCACert');
  return parseCaCertResponse(o.response.headers['content-type'], o.response.body);
}

export interface CertRepIssued {
  readonly status: 'issued';
  readonly certificate: ScepCertificate;
  /** Every certificate in the CertRep payload (issued cert first). */
  readonly certificates: readonly ScepCertificate[];
}
export interface CertRepPending {
  readonly status: 'pending';
}
export type EnrollOutcome = CertRepIssued | CertRepPending;

/** What a request is signed with and what the CertRep is encrypted to. */
export interface RequestSigner {
  readonly certificate: ScepCertificate;
  readonly key: KeyObject;
}

export interface EnrollContext {
  readonly endpoint: ScepEndpoint;
  readonly ca: CaCertificates;
  readonly algorithms: AlgorithmChoice;
  readonly signer: RequestSigner;
  readonly transactionID: string;
  /** Public key (SPKI DER) the issued certificate must carry. */
  readonly requestedSpki: Buffer;
  /** Label for messages (the certificate-id). */
  readonly certId?: string;
  readonly now?: () => Date;
}

/** RFC 8894 §3.2.1.1: the transactionID; here the hex SHA-256-based hash of the public key plus randomness. */
export function newTransactionId(): string {
  return randomBytes(16).toString('hex').toUpperCase();
}

/** SPKI DER of a key (private or public). */
export function spkiOf(key: KeyObject): Buffer {
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  return pub.export({ format: 'der', type: 'spki' });
}

/** Junos refuses SCEP with ECDSA keys; so do we, before any request goes out. */
export function checkRsaKey(key: KeyObject, certId: string): ScepResult<true> {
  if (key.asymmetricKeyType !== 'rsa') {
    return failure('SCEP_ECDSA_UNSUPPORTED', `ECDSA Keypair not supported with SCEP for cert_id ${certId}`);
  }
  return success(true);
}

/** Builds the signer for a first request: a transient self-signed cert over the request key (§2.3). */
export function transientSigner(
  key: KeyObject,
  subjectDer: pkijs.RelativeDistinguishedNames,
  now: Date,
): RequestSigner {
  return { certificate: buildTransientSigner(key, subjectDer, now), key };
}

async function pkiOperation(
  ctx: EnrollContext,
  message: Buffer,
): Promise<ScepResult<{ contentType?: string; body: Buffer }>> {
  const ep = ctx.endpoint;
  const o = ctx.algorithms.post
    ? await ep.transport.send({
        method: 'POST',
        url: opUrl(ep.url, 'PKIOperation'),
        headers: { 'content-type': 'application/x-pki-message' },
        body: message,
        timeoutMs: ep.timeoutMs,
        maxBodyBytes: ep.maxBodyBytes,
      })
    : await ep.transport.send({
        method: 'GET',
        // §4.3: base64, and percent-encoded (scepserver requires %2B etc.)
        url: opUrl(ep.url, 'PKIOperation', message.toString('base64')),
        timeoutMs: ep.timeoutMs,
        maxBodyBytes: ep.maxBodyBytes,
      });
  if (!o.ok) return httpFailure(o, 'PKIOperation');
  if (o.response.status !== 200) return statusFailure(o.response.status, o.response.body, 'PKIOperation');
  return success({ contentType: o.response.headers['content-type'], body: o.response.body });
}

/** Checks a CertRep against the request (§3.3.2) and extracts the outcome. */
export function checkCertRep(
  ctx: EnrollContext,
  contentType: string | undefined,
  body: Buffer,
  senderNonce: Buffer,
): ScepResult<EnrollOutcome> {
  const warnings: Diagnostic[] = [];
  const ct = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (ct !== 'application/x-pki-message') {
    return failure(
      'SCEP_BAD_CONTENT_TYPE',
      `PKIOperation answered with Content-Type '${contentType ?? ''}', expected application/x-pki-message`,
    );
  }
  const parsed = parsePkiMessage(body);
  if (!parsed.ok) return parsed;
  const rep = parsed.value;
  if (rep.messageType !== 'CertRep') {
    return failure(
      'SCEP_UNEXPECTED_MESSAGE_TYPE',
      `expected a CertRep (3), got messageType ${String(rep.messageType)}`,
    );
  }
  const verified = verifyPkiMessage(rep, ctx.ca.signers);
  if (!verified.ok) return verified;
  if (rep.transactionID !== ctx.transactionID) {
    return failure(
      'SCEP_TRANSACTION_MISMATCH',
      `CertRep transactionID '${rep.transactionID}' does not match the request's '${ctx.transactionID}'`,
    );
  }
  if (!rep.recipientNonce || !rep.recipientNonce.equals(senderNonce)) {
    return failure(
      'SCEP_NONCE_MISMATCH',
      'CertRep recipientNonce does not match the senderNonce of the request',
    );
  }
  if (WEAK_DIGESTS.has(rep.digest)) {
    warnings.push(
      scepDiag(
        'SCEP_WEAK_ALGORITHM',
        `the CA signed its CertRep with weak digest ${rep.digest.toUpperCase()}`,
      ),
    );
  }
  return certRepOutcome(ctx, rep, warnings);
}

/** The outcome a checked CertRep gives: pending, a rejection, or the certificate issued for the requested key. */
function certRepOutcome(
  ctx: EnrollContext,
  rep: ParsedPkiMessage,
  warnings: Diagnostic[],
): ScepResult<EnrollOutcome> {
  switch (rep.pkiStatus) {
    case 'PENDING':
      return success({ status: 'pending' }, warnings);
    case 'FAILURE':
      return failure(
        'SCEP_FAILINFO',
        rep.failInfo === undefined
          ? 'the CA rejected the request without a failInfo'
          : `the CA rejected the request with SCEP failInfo ${failInfoText(rep.failInfo)}`,
        warnings,
      );
    case 'SUCCESS':
      break;
    default:
      return failure('SCEP_MALFORMED', `CertRep has invalid pkiStatus ${String(rep.pkiStatus)}`);
  }
  return issuedCertificate(ctx, rep, warnings);
}

/** SUCCESS: the certificate for the requested public key, signed by the CA, out of the CertRep's envelope. */
function issuedCertificate(
  ctx: EnrollContext,
  rep: ParsedPkiMessage,
  warnings: Diagnostic[],
): ScepResult<EnrollOutcome> {
  if (!rep.envelope) return failure('SCEP_MALFORMED', 'CertRep SUCCESS carries no pkcsPKIEnvelope');
  const opened = openEnvelope(rep.envelope, ctx.signer.certificate, ctx.signer.key);
  if (!opened.ok) return opened;
  if (WEAK_CIPHERS.has(opened.value.cipher)) {
    warnings.push(
      scepDiag(
        'SCEP_WEAK_ALGORITHM',
        `the CA encrypted its CertRep with weak cipher ${opened.value.cipher.toUpperCase()}`,
      ),
    );
  }
  const certs = parseCertsOnly(opened.value.content);
  if (!certs.ok) return certs;
  const issued = certs.value.find((c) => spkiOf(c.publicKey).equals(ctx.requestedSpki));
  if (!issued) {
    return failure(
      'SCEP_CERT_MISMATCH',
      `CertRep SUCCESS holds ${certs.value.length} certificate(s), none for the requested public key`,
    );
  }
  if (!isRsa(issued) && ctx.requestedSpki.length > 0)
    return failure('SCEP_CERT_MISMATCH', 'issued certificate is not RSA');
  const by = ctx.ca.issuer;
  if (!issued.x509.checkIssued(by.x509) || !issued.x509.verify(by.publicKey)) {
    return failure(
      'SCEP_CERT_MISMATCH',
      `the issued certificate is not signed by the CA '${by.x509.subject.replace(/\n/g, ', ')}'`,
    );
  }
  const rest = certs.value.filter((c) => c !== issued);
  return success({ status: 'issued', certificate: issued, certificates: [issued, ...rest] }, warnings);
}

async function exchange(
  ctx: EnrollContext,
  built: { message: Buffer; senderNonce: Buffer },
): Promise<ScepResult<EnrollOutcome>> {
  const sent = await pkiOperation(ctx, built.message);
  if (!sent.ok) return sent;
  const r = checkCertRep(ctx, sent.value.contentType, sent.value.body, built.senderNonce);
  return r.ok
    ? success(r.value, [...ctx.algorithms.warnings, ...r.warnings])
    : { ...r, warnings: [...ctx.algorithms.warnings, ...r.warnings] };
}

/** A signed PKCSReq / RenewalReq and its senderNonce (which the CertRep's recipientNonce must echo). */
export interface BuiltRequest {
  readonly message: Buffer;
  readonly senderNonce: Buffer;
}

/** Builds a PKCSReq (§3.3.1) or RenewalReq (§3.3.1.2) around a DER CSR. */
export function buildEnrollRequest(
  ctx: EnrollContext,
  csrDer: Uint8Array,
  kind: 'PKCSReq' | 'RenewalReq',
): BuiltRequest {
  const senderNonce = randomBytes(16);
  const envelope = buildEnvelope(csrDer, [ctx.ca.recipient], ctx.algorithms.cipher);
  const message = buildPkiMessage(
    { messageType: kind, transactionID: ctx.transactionID, senderNonce, envelope },
    {
      certificate: ctx.signer.certificate,
      key: ctx.signer.key,
      digest: ctx.algorithms.digest,
      signingTime: ctx.now?.(),
    },
  );
  return { message, senderNonce };
}

/** Sends PKCSReq / RenewalReq and checks the CertRep. */
export async function sendEnrollRequest(
  ctx: EnrollContext,
  csrDer: Uint8Array,
  kind: 'PKCSReq' | 'RenewalReq',
): Promise<ScepResult<EnrollOutcome>> {
  return exchange(ctx, buildEnrollRequest(ctx, csrDer, kind));
}

/**
 * Sends a request made by buildEnrollRequest, the first time or again unchanged
 * (a resend of the same transaction, §3.3.1), and checks the CertRep.
 */
export async function sendBuiltRequest(
  ctx: EnrollContext,
  built: BuiltRequest,
): Promise<ScepResult<EnrollOutcome>> {
  return exchange(ctx, built);
}

/** Sends CertPoll (GetCertInitial, §3.3.3) for the pending transaction. */
export async function sendCertPoll(
  ctx: EnrollContext,
  subject: pkijs.RelativeDistinguishedNames,
): Promise<ScepResult<EnrollOutcome>> {
  const senderNonce = randomBytes(16);
  const envelope = buildEnvelope(
    buildIssuerAndSubject(ctx.ca.issuer.asn1.subject, subject),
    [ctx.ca.recipient],
    ctx.algorithms.cipher,
  );
  const message = buildPkiMessage(
    { messageType: 'CertPoll', transactionID: ctx.transactionID, senderNonce, envelope },
    {
      certificate: ctx.signer.certificate,
      key: ctx.signer.key,
      digest: ctx.algorithms.digest,
      signingTime: ctx.now?.(),
    },
  );
  return exchange(ctx, { message, senderNonce });
}

/** Subject of a DER CSR (for CertPoll). */
export function csrSubject(csrDer: Uint8Array): pkijs.RelativeDistinguishedNames | undefined {
  try {
    const p = asn1js.fromBER(Buffer.from(csrDer));
    return new pkijs.CertificationRequest({ schema: p.result }).subject;
  } catch {
    return undefined;
  }
}

/** DER of a Name (to keep a CertPoll subject). */
export function nameToDer(name: pkijs.RelativeDistinguishedNames): Buffer {
  return Buffer.from(name.toSchema().toBER(false));
}

/** A Name from its DER (nameToDer); undefined when it is not one. */
export function nameFromDer(der: Uint8Array): pkijs.RelativeDistinguishedNames | undefined {
  try {
    const p = asn1js.fromBER(Buffer.from(der));
    if (p.offset === -1) return undefined;
    return new pkijs.RelativeDistinguishedNames({ schema: p.result });
  } catch {
    return undefined;
  }
}

export { chooseAlgorithms, parseCertificate, type AlgorithmOverrides };

export interface EnrollParams {
  readonly endpoint: ScepEndpoint;
  /** CA/RA certificates; fetched with GetCACert when absent. */
  readonly ca?: CaCertificates;
  /** DER of the CA certificate pinned for the profile: the GetCACert answer must verify against it. */
  readonly pinned?: Uint8Array;
  readonly overrides?: AlgorithmOverrides;
  /** The key the certificate is for (RSA). */
  readonly key: KeyObject;
  readonly csrDer: Uint8Array;
  readonly certId: string;
  /** An existing valid certificate + key: RenewalReq when the CA offers Renewal. */
  readonly renewal?: RequestSigner;
  /** How many CertPolls while PENDING (Junos `enrollment retry`). */
  readonly retry: number;
  /** Seconds between polls (Junos `enrollment retry-interval`). */
  readonly retryIntervalSec: number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly now: () => Date;
  readonly onPending?: (attempt: number) => void;
}

/**
 * One whole enrollment in memory: caps, CA certs, request, then CertPoll while
 * PENDING. Durable jobs (src/enroll) drive the same steps but persist between them.
 */
export async function enrollCertificate(p: EnrollParams): Promise<ScepResult<CertRepIssued>> {
  const rsa = checkRsaKey(p.key, p.certId);
  if (!rsa.ok) return rsa;
  const caps = await getCaCaps(p.endpoint);
  if (!caps.ok) return caps;
  let ca = p.ca;
  if (!ca) {
    const got = await getCaCert(p.endpoint);
    if (!got.ok) return got;
    ca = got.value;
  }
  if (p.pinned) {
    const pinned = pinCaCertificates(ca, p.pinned, p.now());
    if (!pinned.ok) return pinned;
    ca = pinned.value;
  }
  const algorithms = chooseAlgorithms(caps.value, p.overrides);
  const subject = csrSubject(p.csrDer);
  if (!subject) return failure('SCEP_BAD_REQUEST', 'the certificate request cannot be decoded');
  const useRenewal = p.renewal !== undefined && algorithms.renewal;
  const ctx: EnrollContext = {
    endpoint: p.endpoint,
    ca,
    algorithms,
    signer: useRenewal && p.renewal ? p.renewal : transientSigner(p.key, subject, p.now()),
    transactionID: newTransactionId(),
    requestedSpki: spkiOf(p.key),
    certId: p.certId,
    now: p.now,
  };
  let r = await sendEnrollRequest(ctx, p.csrDer, useRenewal ? 'RenewalReq' : 'PKCSReq');
  for (let attempt = 1; r.ok && r.value.status === 'pending'; attempt++) {
    if (attempt > p.retry) {
      return failure('SCEP_TIMEOUT', `the CA kept the request PENDING after ${p.retry} polls`, r.warnings);
    }
    p.onPending?.(attempt);
    await p.sleep(p.retryIntervalSec * 1000);
    r = await sendCertPoll(ctx, subject);
  }
  if (!r.ok) return r;
  if (r.value.status !== 'issued') return failure('SCEP_MALFORMED', 'unexpected enrollment state');
  return success(r.value, r.warnings);
}
