/**
 * SCEP client (RFC 8894 §3, §4): GetCACaps, GetCACert, PKCSReq / RenewalReq,
 * CertPoll. Bytes in, bytes out: no configuration types; the transport, the
 * clock and sleep are injected. Every CertRep is checked (HTTP status,
 * Content-Type, DER, message type, transactionID, recipientNonce, signature
 * by the CA/RA, decryption, issued key, issued by the CA) before anything is
 * returned. Which CA/RA certificates are believed is pinCaCertificates's call.
 */
import { randomBytes, type KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { HttpOutcome, HttpTransport } from '../http/transport.js';
import {
  chooseAlgorithms,
  parseCaps,
  type AlgorithmChoice,
  type AlgorithmOverrides,
  type CaCaps,
} from './caps.js';
import { parseCaCertResponse, pinCaCertificates, type CaCertificates } from './ca-certs.js';
import type { ScepCertificate } from './certificate.js';
import { buildEnvelope } from './envelope.js';
import { buildIssuerAndSubject } from './payloads.js';
import { buildPkiMessage } from './pki-message.js';
import { buildTransientSigner } from './x509-build.js';
import { failure, success, type ScepResult } from './types.js';
import { checkCertRep, spkiOf } from './cert-rep.js';

export { spkiOf } from './cert-rep.js';

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
interface CertRepPending {
  readonly status: 'pending';
}
export type EnrollOutcome = CertRepIssued | CertRepPending;

/** What a request is signed with and what the CertRep is encrypted to. */
interface RequestSigner {
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

/** Junos refuses SCEP with ECDSA keys; so do we, before any request goes out. */
function checkRsaKey(key: KeyObject, certId: string): ScepResult<true> {
  if (key.asymmetricKeyType !== 'rsa') {
    return failure('SCEP_ECDSA_UNSUPPORTED', `ECDSA Keypair not supported with SCEP for cert_id ${certId}`);
  }
  return success(true);
}

/** Builds the signer for a first request: a transient self-signed cert over the request key (§2.3). */
function transientSigner(
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
async function sendEnrollRequest(
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
