/**
 * CMPv2 server of the embedded CA (RFC 4210, HTTP transfer per RFC 6712),
 * mounted at `/pkix/` of `pkicfg ca serve`. Handles ir, cr, p10cr and kur with
 * certConf/pkiConf, pollReq (answers the final response), implicitConfirm when
 * asked and enabled, and genm (empty genp). Requests are authenticated by PBM
 * with the configured reference/secret, or by a signature whose certificate
 * chains to this CA; what each may obtain is decided in ./authorize.ts (PBM or
 * a configured RA for ir/cr/p10cr, the old certificate's own names for kur).
 * Follow-up messages (pollReq, certConf) must carry the protection of the
 * request that opened the transaction. Every refusal is logged. Responses mirror the request's
 * protection as OpenSSL's mock does: PBM answers PBM, a signed request gets a
 * response signed with the CA key. ip/cp/kup carry the CA chain in caPubs
 * (root first, as openssl's mock sends it) and in extraCerts.
 * The protection check is ./cmp-authenticate.ts, the reading of a request
 * ./cmp-request.ts, the default issuer ./cmp-issue.ts; here is the
 * transaction: one function per message type.
 */
import { createHash, randomBytes, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import * as pkijs from 'pkijs';
import { bytesEqual, hex, toArrayBuffer } from '../protocols/cmp/asn1.js';
import { OID, signatureHash } from '../protocols/cmp/algorithm-identifier.js';
import type { CertResponse } from '../protocols/cmp/cert-response.js';
import { directoryName, NULL_DN } from '../protocols/cmp/general-name.js';
import { DER_NULL } from '../protocols/cmp/info-type-and-value.js';
import type { PkiBody } from '../protocols/cmp/pki-body.js';
import type { PkiHeader } from '../protocols/cmp/pki-header.js';
import { buildPkiMessage, parsePkiMessage, type ParsedPkiMessage } from '../protocols/cmp/pki-message.js';
import { protectMessage, type Protection } from '../protocols/cmp/protection.js';
import { readBoundedBody } from '../protocols/http/bounded-body.js';
import { parseCertificate } from '../protocols/scep/certificate.js';
import { untrustedText } from '../diag/untrusted-text.js';
import { recordIssued } from './ca-store.js';
import { authorizeCmpEnrollment, authorizeCmpKeyUpdate, type Proof } from './authorize.js';
import { authenticate, sameProof } from './cmp-authenticate.js';
import { issueCertificate, type CmpIssueRequest } from './cmp-issue.js';
import { errorBody, Refusal } from './cmp-refusal.js';
import { readEnrollmentRequest } from './cmp-request.js';
import type { RouteFactory, ServerResponse as RouteResponse } from './routes.js';

export { issueCertificate } from './cmp-issue.js';

export interface CmpServerOptions {
  /** The issuing CA: its certificate (DER), key, and the chain above it (DER, issuer first, root last). */
  readonly caCert: Uint8Array;
  readonly caKey: KeyObject;
  readonly caChain?: readonly Uint8Array[];
  /** PBM: the reference (senderKID) and secret accepted from clients. PBM is refused when absent. */
  readonly reference?: string;
  readonly secret?: Uint8Array;
  /** Issues a certificate; defaults to `issueCertificate` with this CA. */
  readonly issue?: (req: CmpIssueRequest) => Uint8Array;
  /** Called once a certificate is confirmed (certConf accepted or implicit). */
  readonly onIssued?: (certDer: Uint8Array) => void;
  readonly grantImplicitConfirm?: boolean;
  /** Answer `waiting` this many times before issuing (tests of client polling). */
  readonly pollCount?: number;
  readonly clock?: () => Date;
  /** Validity of issued certificates in days (default 365). */
  readonly validityDays?: number;
  /** RA certificates (DER, issued by this CA) whose signed ir/cr/p10cr may ask for any name. */
  readonly raCertificates?: readonly Uint8Array[];
  /** Where refusals and issuances are reported (one line each, no secrets). */
  readonly log?: (line: string) => void;
}

interface TxState {
  readonly certReqId: number;
  readonly cert: Uint8Array;
  readonly kind: 'ip' | 'cp' | 'kup';
  pollsLeft: number;
  readonly created: number;
  /** Who opened the transaction: follow-ups must prove the same. */
  readonly proof: Proof;
}

export interface CmpServer {
  /** Answer one DER request with one DER response (always a PKIMessage, possibly an error body). */
  handle(der: Uint8Array): Uint8Array;
  /** node:http handler for POST /pkix/ ; returns false when the request is not for CMP. */
  http(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
}

const BODY_FOR: Record<string, 'ip' | 'cp' | 'kup'> = { ir: 'ip', cr: 'cp', p10cr: 'cp', kur: 'kup' };

/** The server's fixed facts and its open transactions, shared by the handlers below. */
interface Server {
  readonly opts: CmpServerOptions;
  readonly clock: () => Date;
  readonly txs: Map<string, TxState>;
  readonly chain: readonly Uint8Array[];
  readonly caName: Uint8Array;
  readonly issue: (req: CmpIssueRequest) => Uint8Array;
}

export function createCmpServer(opts: CmpServerOptions): CmpServer {
  const s: Server = {
    opts,
    clock: opts.clock ?? (() => new Date()),
    txs: new Map(),
    chain: opts.caChain ?? [],
    caName: new Uint8Array(
      pkijs.Certificate.fromBER(toArrayBuffer(opts.caCert)).subject.toSchema().toBER(false),
    ),
    issue:
      opts.issue ??
      ((r: CmpIssueRequest) => issueCertificate(opts.caCert, opts.caKey, r, opts.validityDays ?? 365)),
  };
  const handle = (der: Uint8Array): Uint8Array => handleMessage(s, der);
  return { handle, http: (req, res) => serveHttp(handle, req, res) };
}

/** One request, one response: checks common to all bodies, then the body's own handler; a refusal is logged and answered. */
function handleMessage(s: Server, der: Uint8Array): Uint8Array {
  const parsed = parsePkiMessage(der);
  const m = parsed.value;
  if (!m)
    return respond(
      s,
      undefined,
      errorBody('badDataFormat', parsed.diagnostics[0]?.message ?? 'malformed request'),
    );
  try {
    if (m.header.pvno !== 2 && m.header.pvno !== 3)
      throw new Refusal('unsupportedVersion', `pvno ${m.header.pvno} is not supported`);
    if (!m.header.transactionID || !m.header.senderNonce)
      throw new Refusal('badRequest', 'transactionID and senderNonce are required');
    const trusted = [s.opts.caCert, ...s.chain];
    const proof = authenticate(m, {
      reference: s.opts.reference,
      secret: s.opts.secret,
      trusted,
      now: s.clock(),
    });
    pruneOld(s.txs);
    const st = s.txs.get(hex(m.header.transactionID));
    if (st && !sameProof(st.proof, proof))
      throw new Refusal('notAuthorized', 'transaction was opened with another protection');
    switch (m.body.type) {
      case 'ir':
      case 'cr':
      case 'p10cr':
      case 'kur':
        if (st) throw new Refusal('transactionIdInUse', 'transactionID already in use');
        return enroll(s, m, proof);
      case 'pollReq':
        return pollReq(s, m, st);
      case 'certConf':
        return certConf(s, m, st);
      case 'genm':
        return respond(s, m, { type: 'genp', content: [] });
      default:
        throw new Refusal(
          'badRequest',
          `unsupported body '${m.body.type === 'other' ? m.body.name : m.body.type}'`,
        );
    }
  } catch (e) {
    if (!(e instanceof Refusal)) throw e;
    s.opts.log?.(
      `cmp: refused ${m.body.type === 'other' ? 'request' : m.body.type} txid=${m.header.transactionID ? untrustedText(hex(m.header.transactionID), 64) : '-'}: ${e.failInfo}: ${untrustedText(e.text)}`,
    );
    return respond(s, m, errorBody(e.failInfo, e.text));
  }
}

/** ir/cr/p10cr/kur: read and authorize the request, issue, open the transaction, answer ip/cp/kup. */
function enroll(s: Server, m: ParsedPkiMessage, proof: Proof): Uint8Array {
  const req = readEnrollmentRequest(m.body);
  const { subject, extensions } = req;
  const asked = { ...(subject ? { subject } : {}), ...(extensions ? { extensions } : {}) };
  const ca = { certificate: s.opts.caCert, raCertificates: s.opts.raCertificates ?? [], now: s.clock() };
  const decision =
    m.body.type === 'kur'
      ? authorizeCmpKeyUpdate(proof, req.oldCertId, asked, ca)
      : authorizeCmpEnrollment(m.body.type, proof, asked, ca);
  if (!decision.ok) throw new Refusal(decision.failInfo, decision.reason);
  const tid = m.header.transactionID!;
  const cert = s.issue({
    subject: decision.subject,
    publicKey: req.publicKey,
    ...(decision.extensions ? { extensions: decision.extensions } : {}),
    now: s.clock(),
  });
  s.opts.log?.(
    `cmp: ${m.body.type} txid=${untrustedText(hex(tid), 64)} authorized by ${untrustedText(decision.by)}`,
  );
  const st: TxState = {
    certReqId: req.certReqId,
    cert,
    kind: BODY_FOR[m.body.type],
    pollsLeft: s.opts.pollCount ?? 0,
    created: Date.now(),
    proof,
  };
  s.txs.set(hex(tid), st);
  return certResponseMessage(s, m, st);
}

/** pollReq: `pollRep` while the server makes the client wait, then the final response. */
function pollReq(s: Server, m: ParsedPkiMessage, st: TxState | undefined): Uint8Array {
  if (!st) throw new Refusal('badRequest', 'no such transaction');
  if (st.pollsLeft > 0) st.pollsLeft--;
  if (st.pollsLeft > 0)
    return respond(s, m, { type: 'pollRep', content: [{ certReqId: st.certReqId, checkAfter: 1 }] });
  return certResponseMessage(s, m, st);
}

/** certConf: the transaction ends; an accepted certificate whose hash matches is issued for good. */
function certConf(s: Server, m: ParsedPkiMessage, st: TxState | undefined): Uint8Array {
  if (!st || m.body.type !== 'certConf') throw new Refusal('badRequest', 'no such transaction');
  const c = m.body.content.find((x) => x.certReqId === st.certReqId);
  s.txs.delete(hex(m.header.transactionID!));
  if (c) {
    const hash = signatureHash(sigAlgOf(st.cert)) ?? 'sha256';
    if (!bytesEqual(c.certHash, createHash(hash).update(st.cert).digest()))
      throw new Refusal('badCertId', 'certHash does not match the issued certificate');
    if (!c.statusInfo || c.statusInfo.status === 0 || c.statusInfo.status === 1) s.opts.onIssued?.(st.cert);
  }
  return respond(s, m, { type: 'pkiconf' });
}

/** ip/cp/kup: `waiting` while polls are left, else the certificate with the CA chain (and implicitConfirm when granted). */
function certResponseMessage(s: Server, m: ParsedPkiMessage, st: TxState): Uint8Array {
  if (st.pollsLeft > 0) {
    const waiting: CertResponse = { certReqId: st.certReqId, status: { status: 3 } };
    return respond(s, m, { type: st.kind, content: { response: [waiting] } });
  }
  const implicit =
    !!s.opts.grantImplicitConfirm &&
    (m.header.generalInfo ?? []).some((i) => i.infoType === OID.implicitConfirm);
  const rsp: CertResponse = { certReqId: st.certReqId, status: { status: 0 }, certificate: st.cert };
  const caPubs = [...s.chain].reverse().concat([s.opts.caCert]);
  const extra = [s.opts.caCert, ...s.chain.slice(0, -1)];
  if (implicit) {
    s.txs.delete(hex(m.header.transactionID!));
    s.opts.onIssued?.(st.cert);
  }
  return respond(
    s,
    m,
    { type: st.kind, content: { caPubs, response: [rsp] } },
    extra,
    implicit ? [{ infoType: OID.implicitConfirm, infoValue: DER_NULL }] : undefined,
  );
}

/** A response to `reqMsg`, protected as it was: PBM answers PBM, anything else is signed with the CA key. */
function respond(
  s: Server,
  reqMsg: ParsedPkiMessage | undefined,
  body: PkiBody,
  extra: Uint8Array[] = [],
  generalInfo?: PkiHeader['generalInfo'],
): Uint8Array {
  const h = reqMsg?.header;
  const header: PkiHeader = {
    pvno: 2,
    sender: directoryName(s.caName),
    recipient: h?.sender ?? directoryName(NULL_DN),
    messageTime: s.clock(),
    ...(h?.transactionID ? { transactionID: h.transactionID } : {}),
    senderNonce: randomBytes(16),
    ...(h?.senderNonce ? { recipNonce: h.senderNonce } : {}),
    ...(generalInfo ? { generalInfo } : {}),
  };
  const { secret, reference } = s.opts;
  const usePbm = h?.protectionAlg?.oid === OID.passwordBasedMac && secret && reference !== undefined;
  const protection: Protection = usePbm
    ? { kind: 'pbm', reference: Buffer.from(reference), secret }
    : { kind: 'signature', key: s.opts.caKey, cert: s.opts.caCert, chain: s.chain };
  return buildPkiMessage(protectMessage(header, body, protection, usePbm ? extra : []));
}

/** POST /pkix/ over node:http: a bounded body in, the DER answer out. */
async function serveHttp(
  handle: (der: Uint8Array) => Uint8Array,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<boolean> {
  const path = (req.url ?? '').split('?')[0];
  if (path !== '/pkix/' && path !== '/pkix') return false;
  if (req.method !== 'POST') {
    res.writeHead(405, { Allow: 'POST', 'Content-Type': 'text/plain' }).end('CMP requires POST\n');
    return true;
  }
  // An oversized body is read to its end before the 413: closing with unread data resets the connection.
  const b = await readBoundedBody(req, 1 << 20, 16 << 20);
  if (b.kind === 'aborted') req.destroy();
  if (b.kind === 'too-large') res.writeHead(413, { Connection: 'close' }).end();
  if (b.kind !== 'body') return true;
  const out = handle(new Uint8Array(b.body));
  res
    .writeHead(200, { 'Content-Type': 'application/pkixcmp', 'Content-Length': out.length })
    .end(Buffer.from(out));
  return true;
}

function pruneOld(txs: Map<string, TxState>): void {
  const limit = Date.now() - 10 * 60_000;
  for (const [k, v] of txs) if (v.created < limit) txs.delete(k);
}

function sigAlgOf(certDer: Uint8Array): string {
  return pkijs.Certificate.fromBER(toArrayBuffer(certDer)).signatureAlgorithm.algorithmId;
}

/** Options of `pkicfg ca serve` for CMP (`--cmp-reference R --cmp-secret S`). */
export interface CmpRouteOptions {
  readonly reference?: string;
  readonly secret?: string;
  readonly grantImplicitConfirm?: boolean;
  readonly validityDays?: number;
  /** PEM text of RA certificates allowed to sign ir/cr/p10cr for any name (`--cmp-ra FILE`). */
  readonly raPem?: string;
}

/**
 * The `/pkix/` route of the embedded CA server (src/ca/serve.ts). The CA is
 * STATE/ca/ca.pem + ca.key; when STATE/ca/chain.pem exists it holds the
 * certificates above the CA (issuer first, root last), so the embedded CA
 * runs as an intermediate and caPubs carry the whole chain.
 */
export function cmpRouteFactory(opts: CmpRouteOptions): RouteFactory {
  return (ctx) => {
    const chainPath = join(ctx.ca.dir, 'chain.pem');
    const chain = existsSync(chainPath) ? pemCertificates(readFileSync(chainPath, 'utf8')) : [];
    const server = createCmpServer({
      caCert: ctx.ca.certificate.der,
      caKey: ctx.ca.key,
      caChain: chain,
      ...(opts.reference !== undefined && opts.secret !== undefined
        ? { reference: opts.reference, secret: Buffer.from(opts.secret, 'utf8') }
        : {}),
      ...(opts.grantImplicitConfirm ? { grantImplicitConfirm: true } : {}),
      ...(opts.validityDays ? { validityDays: opts.validityDays } : {}),
      ...(opts.raPem ? { raCertificates: pemCertificates(opts.raPem) } : {}),
      clock: ctx.now,
      log: ctx.log,
      onIssued: (der) => {
        const cert = parseCertificate(der);
        if (!cert) return;
        const rec = recordIssued(ctx.ca, cert);
        ctx.log(`cmp: issued serial ${rec.serial} to ${untrustedText(rec.subject)}`);
      },
    });
    return async (req): Promise<RouteResponse> => {
      if (req.method !== 'POST')
        return {
          status: 405,
          headers: { allow: 'POST', 'content-type': 'text/plain' },
          body: 'CMP requires POST\n',
        };
      const out = server.handle(new Uint8Array(req.body));
      return { status: 200, headers: { 'content-type': 'application/pkixcmp' }, body: out };
    };
  };
}

function pemCertificates(text: string): Uint8Array[] {
  return [...text.matchAll(/-----BEGIN CERTIFICATE-----([^-]+)-----END CERTIFICATE-----/g)].map(
    (m) => new Uint8Array(Buffer.from(m[1].replace(/\s/g, ''), 'base64')),
  );
}
