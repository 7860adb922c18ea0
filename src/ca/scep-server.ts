/**
 * The SCEP server of the embedded CA (RFC 8894 §3, §4), as a request handler
 * mounted at /scep by serve.ts.
 *
 * - GetCACaps, GetCACert (one DER cert: the CA signs CertReps and receives
 *   envelopes, so scepclient, which verifies only against GetCACert certs, works).
 * - PKIOperation over GET (standard or URL-safe base64, percent-encoded or not)
 *   and POST.
 * - PKCSReq, RenewalReq, CertPoll, GetCert. The CertRep mirrors the request's
 *   digest and content cipher (certmonger asks AES-256/SHA-256, scepclient
 *   DES/SHA-1), never below what the request used.
 * - Who may get which certificate is decided in ./authorize.ts: the challenge
 *   password, except for a RenewalReq signed by a valid certificate this CA
 *   issued that keeps its subject and subjectAltName. Manual approval answers PENDING
 *   until `pkicfg ca approve`.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ScepCertificate } from '../protocols/scep/certificate.js';
import { buildCertsOnly } from '../protocols/scep/degenerate.js';
import { buildEnvelope, openEnvelope } from '../protocols/scep/envelope.js';
import { parseIssuerAndSubject } from '../protocols/scep/payloads.js';
import { buildPkiMessage } from '../protocols/scep/pki-message.js';
import { parsePkiMessage, type ParsedPkiMessage } from '../protocols/scep/pki-message-parse.js';
import { verifyPkiMessage } from '../protocols/scep/pki-message-verify.js';
import { FAIL_INFO, type ContentCipher, type FailInfo } from '../protocols/scep/types.js';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { untrustedText as u } from '../diag/untrusted-text.js';
import { authorizeScepRequest } from './authorize.js';
import { loadIssued, recordIssued, type EmbeddedCa } from './ca-store.js';
import { issueCertificate, parseCsr, type IssueInput } from './issue.js';
import { csrDigest, getPending, issueInputOf, pendingFacts, putPending } from './pending-queue.js';
import type { RouteHandler, ServerRequest, ServerResponse } from './routes.js';

export interface ScepServerOptions {
  readonly ca: EmbeddedCa;
  /** Required challenge password; undefined = none enforced. */
  readonly challenge?: string;
  /** Answer PENDING until approved with `pkicfg ca approve`. */
  readonly manualApproval?: boolean;
  readonly validityDays?: number;
  readonly now?: () => Date;
  /** Where the CA's CRL is served (known once the server listens): the issued certificates' CDP. */
  readonly crlUrl?: () => string | undefined;
  /** Called for each handled PKIOperation (logging). */
  readonly log?: (line: string) => void;
}

/** GetCACaps answer (RFC 8894 §3.5.2). */
const SERVER_CAPS = [
  'AES',
  'DES3',
  'POSTPKIOperation',
  'Renewal',
  'SHA-1',
  'SHA-256',
  'SHA-512',
  'SCEPStandard',
].join('\n');

function text(status: number, body: string): ServerResponse {
  return { status, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: body + '\n' };
}

/** The raw (not form-decoded) value of a query parameter: '+' must stay '+' for base64. */
function rawQueryParam(search: string, name: string): string | undefined {
  for (const part of search.replace(/^\?/, '').split('&')) {
    const eq = part.indexOf('=');
    const k = eq < 0 ? part : part.slice(0, eq);
    if (k === name) return eq < 0 ? '' : part.slice(eq + 1);
  }
  return undefined;
}

/** Decodes a GET `message`: percent-decoding, then standard or URL-safe base64 (a space is a '+' that a form decoder ate). */
function decodeGetMessage(raw: string): Buffer | undefined {
  let s: string;
  try {
    s = decodeURIComponent(raw);
  } catch {
    return undefined;
  }
  s = s.replace(/ /g, '+').replace(/-/g, '+').replace(/_/g, '/').replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*=*$/.test(s) || s.length === 0) return undefined;
  return Buffer.from(s, 'base64');
}

function constantTimeEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

/** What the handlers below share: the options and the CA, with defaults filled in. */
interface ScepServer {
  readonly opts: ScepServerOptions;
  readonly ca: EmbeddedCa;
  readonly now: () => Date;
  readonly log: (line: string) => void;
}

export function createScepHandler(opts: ScepServerOptions): RouteHandler {
  const s: ScepServer = {
    opts,
    ca: opts.ca,
    now: opts.now ?? ((): Date => new Date()),
    log: opts.log ?? ((): void => undefined),
  };
  return async (request: ServerRequest): Promise<ServerResponse> => {
    const op = request.url.searchParams.get('operation');
    switch (op) {
      case 'GetCACaps':
        return { status: 200, headers: { 'content-type': 'text/plain' }, body: SERVER_CAPS };
      case 'GetCACert':
        return {
          status: 200,
          headers: { 'content-type': 'application/x-x509-ca-cert' },
          body: s.ca.certificate.der,
        };
      case 'PKIOperation': {
        if (request.method === 'POST') return pkiOperation(s, request.body);
        if (request.method !== 'GET') return text(405, 'method not allowed');
        const raw = rawQueryParam(request.url.search, 'message');
        const der = raw === undefined ? undefined : decodeGetMessage(raw);
        if (!der) return text(400, 'PKIOperation needs a base64 message parameter');
        return pkiOperation(s, der);
      }
      default:
        return text(400, `unsupported operation '${u(op ?? '')}'`);
    }
  };
}

/** A PKIOperation being answered: the request, its verified signer and the content cipher it used. */
interface Operation {
  readonly req: ParsedPkiMessage;
  readonly signer: ScepCertificate;
  readonly cipher: ContentCipher;
}

function reply(s: ScepServer, op: Operation, outcome: Outcome): ServerResponse {
  return certRep(s, op.req, op.signer, op.cipher, outcome);
}

type Outcome =
  | { status: 'SUCCESS'; certs: ScepCertificate[] }
  | { status: 'PENDING' }
  | { status: 'FAILURE'; failInfo: FailInfo };

function certRep(
  s: ScepServer,
  req: ParsedPkiMessage,
  signer: ScepCertificate | undefined,
  cipher: ContentCipher,
  outcome: Outcome,
): ServerResponse {
  const envelope =
    outcome.status === 'SUCCESS' && signer
      ? buildEnvelope(buildCertsOnly(outcome.certs), [signer], cipher)
      : undefined;
  const der = buildPkiMessage(
    {
      messageType: 'CertRep',
      transactionID: req.transactionID,
      senderNonce: randomBytes(16),
      recipientNonce: req.senderNonce ?? Buffer.alloc(0),
      pkiStatus: outcome.status,
      ...(outcome.status === 'FAILURE' ? { failInfo: FAIL_INFO[outcome.failInfo] } : {}),
      ...(envelope ? { envelope } : {}),
    },
    {
      certificate: s.ca.certificate,
      key: s.ca.key,
      digest: req.digest === 'md5' ? 'sha1' : req.digest,
      signingTime: s.now(),
    },
  );
  s.log(
    `CertRep ${outcome.status}${outcome.status === 'FAILURE' ? ` ${outcome.failInfo}` : ''} txid=${u(req.transactionID)}`,
  );
  return { status: 200, headers: { 'content-type': 'application/x-pki-message' }, body: der };
}

function issueFor(s: ScepServer, txid: string, input: IssueInput): ScepCertificate {
  const crlUrl = s.opts.crlUrl?.();
  const cert = issueCertificate(s.ca, input, {
    now: s.now(),
    validityDays: s.opts.validityDays ?? 365,
    ...(crlUrl ? { crlUrl } : {}),
  });
  recordIssued(s.ca, cert, txid);
  return cert;
}

function handleEnroll(s: ScepServer, op: Operation, csrDer: Buffer): ServerResponse {
  const { req, signer } = op;
  const existing = getPending(s.ca, req.transactionID);
  // A resend of the same request gets the same answer (RFC 8894 §3.3.1). scepclient
  // reuses the transactionID (a hash of the key) for a RenewalReq signed with the
  // certificate that transaction produced: that is a new request.
  const resend =
    existing &&
    (existing.state !== 'issued' ||
      (existing.messageType === req.messageType &&
        existing.csrSha256 === csrDigest(csrDer) &&
        existing.serial !== signer.x509.serialNumber));
  if (existing && resend) return answerExisting(s, op, existing.state, existing.serial);
  const parsed = parseCsr(csrDer);
  if (!parsed.ok) {
    s.log(`refused txid=${u(req.transactionID)}: ${u(parsed.reason)}`);
    return reply(s, op, { status: 'FAILURE', failInfo: 'badRequest' });
  }
  const given = parsed.value.challengePassword;
  const challengeOk =
    s.opts.challenge === undefined
      ? undefined
      : given !== undefined && constantTimeEqual(given, s.opts.challenge);
  const decision = authorizeScepRequest(
    String(req.messageType),
    signer.der,
    {
      subject: new Uint8Array(parsed.value.csr.subject.toSchema().toBER(false)),
      ...(parsed.value.san
        ? {
            extensions: new Uint8Array(
              new asn1js.Sequence({ value: [parsed.value.san.toSchema()] }).toBER(false),
            ),
          }
        : {}),
    },
    challengeOk,
    { certificate: s.ca.certificate.der, now: s.now() },
  );
  if (!decision.ok) {
    s.log(`refused txid=${u(req.transactionID)}: ${u(decision.reason)}`);
    return reply(s, op, { status: 'FAILURE', failInfo: 'badRequest' });
  }
  const base = {
    transactionID: req.transactionID,
    messageType: String(req.messageType),
    subject: parsed.value.subjectText,
    // the CSR is not kept: it carries the challenge password (see pending-queue.ts)
    csrSha256: csrDigest(csrDer),
    facts: pendingFacts(parsed.value),
    requestedAt: s.now().toISOString(),
  };
  if (s.opts.manualApproval) {
    putPending(s.ca, { ...base, state: 'pending' });
    s.log(
      `queued txid=${u(req.transactionID)} subject=${u(parsed.value.subjectText)} (pkicfg ca approve ${u(req.transactionID)})`,
    );
    return reply(s, op, { status: 'PENDING' });
  }
  const cert = issueFor(s, req.transactionID, parsed.value);
  // Remember the transaction so a resent request gets the same certificate.
  putPending(s.ca, { ...base, state: 'issued', serial: cert.x509.serialNumber });
  return reply(s, op, { status: 'SUCCESS', certs: [cert, s.ca.certificate] });
}

function answerExisting(
  s: ScepServer,
  op: Operation,
  state: string,
  serial: string | undefined,
): ServerResponse {
  const { req } = op;
  const txid = req.transactionID;
  if (state === 'pending') return reply(s, op, { status: 'PENDING' });
  if (state === 'rejected') return reply(s, op, { status: 'FAILURE', failInfo: 'badRequest' });
  if (state === 'issued' && serial) {
    const cert = loadIssued(s.ca, serial);
    if (cert) return reply(s, op, { status: 'SUCCESS', certs: [cert, s.ca.certificate] });
  }
  const pend = getPending(s.ca, txid);
  if (!pend) return reply(s, op, { status: 'FAILURE', failInfo: 'badCertId' });
  const cert = issueFor(s, txid, issueInputOf(pend.facts));
  putPending(s.ca, { ...pend, state: 'issued', serial: cert.x509.serialNumber });
  return reply(s, op, { status: 'SUCCESS', certs: [cert, s.ca.certificate] });
}

function pkiOperation(s: ScepServer, body: Buffer): ServerResponse {
  const parsed = parsePkiMessage(body);
  if (!parsed.ok) return text(400, `bad pkiMessage: ${parsed.error.message}`);
  const req = parsed.value;
  const verified = verifyPkiMessage(req, req.certificates);
  if (!verified.ok) {
    s.log(`bad signature txid=${u(req.transactionID)}: ${u(verified.error.message)}`);
    return certRep(s, req, undefined, 'aes-128-cbc', { status: 'FAILURE', failInfo: 'badMessageCheck' });
  }
  const signer = verified.value;
  if (signer.publicKey.asymmetricKeyType !== 'rsa') {
    return certRep(s, req, undefined, 'aes-128-cbc', { status: 'FAILURE', failInfo: 'badAlg' });
  }
  if (!req.envelope)
    return certRep(s, req, signer, 'aes-128-cbc', { status: 'FAILURE', failInfo: 'badRequest' });
  const opened = openEnvelope(req.envelope, s.ca.certificate, s.ca.key);
  if (!opened.ok) {
    s.log(`cannot decrypt txid=${u(req.transactionID)}: ${u(opened.error.message)}`);
    return certRep(s, req, signer, 'aes-128-cbc', { status: 'FAILURE', failInfo: 'badMessageCheck' });
  }
  const cipher = opened.value.cipher;
  const op: Operation = { req, signer, cipher };
  const content = opened.value.content;
  s.log(`${String(req.messageType)} txid=${u(req.transactionID)} cipher=${cipher} digest=${req.digest}`);
  switch (req.messageType) {
    case 'PKCSReq':
    case 'RenewalReq':
      return handleEnroll(s, op, content);
    case 'CertPoll':
      return certPoll(s, op, content);
    case 'GetCert':
      return getCert(s, op, content);
    default:
      return reply(s, op, { status: 'FAILURE', failInfo: 'badRequest' });
  }
}

/** CertPoll: the answer of the transaction it names (RFC 8894 §3.3.3). */
function certPoll(s: ScepServer, op: Operation, content: Buffer): ServerResponse {
  const { req } = op;
  const ias = parseIssuerAndSubject(content);
  if (!ias.ok) return reply(s, op, { status: 'FAILURE', failInfo: 'badRequest' });
  const pend = getPending(s.ca, req.transactionID);
  if (!pend) return reply(s, op, { status: 'FAILURE', failInfo: 'badCertId' });
  return answerExisting(s, op, pend.state, pend.serial);
}

/** GetCert: a certificate this CA issued, by its IssuerAndSerialNumber (RFC 8894 §3.3.4). */
function getCert(s: ScepServer, op: Operation, content: Buffer): ServerResponse {
  try {
    const ias = new pkijs.IssuerAndSerialNumber({ schema: asn1js.fromBER(content).result });
    const serial = Buffer.from(ias.serialNumber.valueBlock.valueHexView)
      .toString('hex')
      .toUpperCase()
      .replace(/^(00)+(?=..)/, '');
    const cert = loadIssued(s.ca, serial);
    if (cert) return reply(s, op, { status: 'SUCCESS', certs: [cert] });
  } catch {
    // fall through: an undecodable IssuerAndSerialNumber identifies nothing
  }
  return reply(s, op, { status: 'FAILURE', failInfo: 'badCertId' });
}
