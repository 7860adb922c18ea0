/**
 * CMPv2 client (RFC 4210): one enrollment transaction — ir/ip, cr/cp,
 * p10cr/cp or kur/kup — with polling (pollReq/pollRep, §5.3.22), certConf/
 * pkiConf (§5.3.18) or implicit confirmation (§5.1.1.1).
 *
 * Every response is checked before it is believed, in OpenSSL's order:
 * it must decode, be protected (PBM with our secret, or a signature by the CA
 * or a CMP RA chaining to a trust anchor: response-trust.ts), carry our transactionID, echo our
 * senderNonce as recipNonce, be addressed to us, have the expected body type,
 * answer our certReqId, certify OUR public key and verify up to an anchor
 * (response-trust.ts also decides which caPubs may be installed). A refused
 * certificate gets a rejecting certConf, as `openssl cmp` does. Nothing here
 * writes state: the caller stores the result only after success.
 */
import { createHash, randomBytes, sign, X509Certificate, type KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { Diagnostic, Result } from '../../diag/diagnostic.js';
import { bytesEqual, derOf, integerFromBytes, toArrayBuffer } from './asn1.js';
import { OID, signatureAlgorithmFor, signatureHash } from './algorithm-identifier.js';
import type { CertReqMsg } from './cert-req-messages.js';
import type { CertRepMessage } from './cert-rep-message.js';
import { certRequestToSchema, type CertRequest } from './cert-request.js';
import type { CertResponse } from './cert-response.js';
import { cmpDiagnostic } from './cmp-diagnostic.js';
import {
  directoryName,
  generalNameEquals,
  generalNameToSchema,
  NULL_DN,
  renderGeneralName,
  type GeneralName,
} from './general-name.js';
import type { CmpTransport } from './http-transport.js';
import { DER_NULL } from './info-type-and-value.js';
import { bodyName, type PkiBody } from './pki-body.js';
import type { PkiHeader } from './pki-header.js';
import { buildPkiMessage, parsePkiMessage, type ParsedPkiMessage } from './pki-message.js';
import { failInfoBit, renderStatusInfo, type PkiStatusInfo } from './pki-status-info.js';
import { checkProtection, protectMessage, type Protection } from './protection.js';
import { judgeResponse, signerRefusal } from './response-trust.js';

export type CmpCommand = 'ir' | 'cr' | 'kur' | 'p10cr';

export interface CmpEnrollRequest {
  readonly url: string;
  readonly transport: CmpTransport;
  readonly command: CmpCommand;
  /** PBM (ca-reference/ca-secret) or signature with the current certificate (re-enrollment). */
  readonly protection: Protection;
  /** The key pair to certify (ir, cr, kur). */
  readonly newKey?: { readonly privateKey: KeyObject; readonly publicKey: KeyObject };
  /** DER of the subject Name requested (ir, cr, kur). */
  readonly subject?: Uint8Array;
  /** DER of Extensions (e.g. subjectAltName) requested. */
  readonly extensions?: Uint8Array;
  /** DER PKCS#10 request (p10cr). */
  readonly csr?: Uint8Array;
  /** DER of the certificate being updated (kur: oldCertID control). */
  readonly oldCert?: Uint8Array;
  /** DER Name of the CA (Junos ca-dn); NULL-DN when absent. */
  readonly recipient?: Uint8Array;
  /** Trust anchors (DER) for signature-protected responses. */
  readonly trusted?: readonly Uint8Array[];
  /** Ask for implicit confirmation (generalInfo implicitConfirm). */
  readonly implicitConfirm?: boolean;
  readonly clock?: () => Date;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Maximum pollReq rounds before giving up (default 10). */
  readonly maxPolls?: number;
  /** Upper bound for one checkAfter wait, seconds (default 60). */
  readonly maxPollWaitSeconds?: number;
}

export interface CmpEnrollResult {
  /** DER of the issued certificate. */
  readonly certificate: Uint8Array;
  /** caPubs of the response, in order (DER). */
  readonly caPubs: readonly Uint8Array[];
  /** extraCerts of the response, in order (DER). */
  readonly extraCerts: readonly Uint8Array[];
  /** True when the CA granted implicit confirmation (no certConf sent). */
  readonly implicitlyConfirmed: boolean;
  /**
   * The CA certificates to store, as judged by response-trust.ts: the verified
   * chain of the issued certificate (its issuer first), then the caPubs believed.
   */
  readonly caCertificates: readonly Uint8Array[];
  /** caPubs that were not believed and must not be installed. */
  readonly refusedCaPubs: readonly Uint8Array[];
}

const RESPONSE_FOR: Record<CmpCommand, 'ip' | 'cp' | 'kup'> = { ir: 'ip', cr: 'cp', p10cr: 'cp', kur: 'kup' };

class Failure {
  constructor(readonly diagnostic: Diagnostic) {}
}

/** Run one CMP enrollment transaction. Never throws for peer misbehaviour. */
export async function sendCmpEnrollment(req: CmpEnrollRequest): Promise<Result<CmpEnrollResult | undefined>> {
  try {
    return { value: await enroll(req), diagnostics: [] };
  } catch (e) {
    if (e instanceof Failure) return { value: undefined, diagnostics: [e.diagnostic] };
    throw e;
  }
}

async function enroll(req: CmpEnrollRequest): Promise<CmpEnrollResult> {
  const clock = req.clock ?? (() => new Date());
  const sleep = req.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const tx = new Transaction(req, clock);
  const body = buildRequestBody(req);
  const certReqId = 0;
  let rsp = await tx.exchange(
    body,
    req.implicitConfirm ? [{ infoType: OID.implicitConfirm, infoValue: DER_NULL }] : undefined,
  );
  const expected = RESPONSE_FOR[req.command];
  let polls = 0;
  for (;;) {
    if (rsp.body.type === 'pollRep') {
      const rep = rsp.body.content.find((r) => r.certReqId === certReqId) ?? rsp.body.content[0];
      if (!rep) throw fail('CMP_MALFORMED', 'CMP pollRep holds no entry.');
      if (++polls > (req.maxPolls ?? 10))
        throw fail('CMP_POLL_TIMEOUT', `CMP server still not ready after ${polls - 1} polls; giving up.`);
      await sleep(Math.min(Math.max(rep.checkAfter, 0), req.maxPollWaitSeconds ?? 60) * 1000);
      rsp = await tx.exchange({ type: 'pollReq', content: [certReqId] });
      continue;
    }
    if (rsp.body.type !== expected) throw unexpectedBody(rsp, expected);
    const cr = pickResponse(rsp.body.content.response, certReqId);
    if (cr.status.status === 3) {
      if (++polls > (req.maxPolls ?? 10))
        throw fail('CMP_POLL_TIMEOUT', `CMP server still not ready after ${polls - 1} polls; giving up.`);
      rsp = await tx.exchange({ type: 'pollReq', content: [cr.certReqId] });
      continue;
    }
    return finish(req, tx, rsp, rsp.body.content, cr);
  }
}

function pickResponse(list: readonly CertResponse[], certReqId: number): CertResponse {
  if (list.length !== 1)
    throw fail('CMP_MALFORMED', `CMP response holds ${list.length} CertResponses; expected exactly one.`);
  const cr = list[0];
  // RFC 4210 §5.3.4: p10cr answers use -1 in CMPv3; OpenSSL 3.0 answers 0.
  if (cr.certReqId !== certReqId && cr.certReqId !== -1) {
    throw fail(
      'CMP_MALFORMED',
      `CMP response answers certReqId ${cr.certReqId}, but the request used ${certReqId}.`,
    );
  }
  return cr;
}

async function finish(
  req: CmpEnrollRequest,
  tx: Transaction,
  rsp: ParsedPkiMessage,
  rep: CertRepMessage,
  cr: CertResponse,
): Promise<CmpEnrollResult> {
  const caPubs = rep.caPubs ?? [];
  const extraCerts = rsp.extraCerts ?? [];
  if (cr.status.status !== 0 && cr.status.status !== 1) {
    throw fail('CMP_REJECTED', `CMP request rejected by the CA: ${renderStatusInfo(cr.status)}.`);
  }
  if (!cr.certificate) {
    throw fail(
      'CMP_MALFORMED',
      `CMP response has status ${renderStatusInfo(cr.status)} but carries no (unencrypted) certificate.`,
    );
  }
  let problem = checkIssuedKey(req, cr.certificate);
  const trust = problem
    ? undefined
    : judgeResponse({
        protectedBy: tx.protectedBy,
        certificate: cr.certificate,
        caPubs,
        extraCerts,
        trusted: req.trusted ?? [],
        now: tx.now(),
      });
  if (typeof trust === 'string') problem = trust;
  const implicit =
    !!req.implicitConfirm && (rsp.header.generalInfo ?? []).some((i) => i.infoType === OID.implicitConfirm);
  if (problem) {
    // Tell the CA we do not accept the certificate (RFC 4210 §5.3.18), as openssl does.
    const statusInfo: PkiStatusInfo = {
      status: 2,
      failInfo: [failInfoBit('incorrectData')],
      statusString: [problem],
    };
    await tx.exchange(certConfBody(cr, statusInfo)).catch(() => undefined);
    throw fail('CMP_CERT_MISMATCH', `CMP certificate refused: ${problem}.`);
  }
  if (!implicit) {
    const conf = await tx.exchange(certConfBody(cr));
    if (conf.body.type !== 'pkiconf') throw unexpectedBody(conf, 'pkiconf');
  }
  const judged = trust as Exclude<typeof trust, string | undefined>;
  return {
    certificate: cr.certificate,
    caPubs,
    extraCerts,
    implicitlyConfirmed: implicit,
    caCertificates: judged.caCertificates,
    refusedCaPubs: judged.refusedCaPubs,
  };
}

function certConfBody(cr: CertResponse, statusInfo?: PkiStatusInfo): PkiBody {
  const cert = new X509Certificate(cr.certificate!);
  // RFC 4210 §5.3.18: certHash uses the hash of the certificate's signature algorithm.
  const hash = signatureHash(sigAlgOid(cr.certificate!)) ?? 'sha256';
  const certHash = createHash(hash).update(cert.raw).digest();
  return {
    type: 'certConf',
    content: [{ certHash, certReqId: cr.certReqId, ...(statusInfo ? { statusInfo } : {}) }],
  };
}

function sigAlgOid(certDer: Uint8Array): string {
  try {
    return pkijs.Certificate.fromBER(toArrayBuffer(certDer)).signatureAlgorithm.algorithmId;
  } catch {
    return '';
  }
}

/** Why the issued certificate is not for our key, or undefined when it is. */
function checkIssuedKey(req: CmpEnrollRequest, certDer: Uint8Array): string | undefined {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(certDer);
  } catch {
    return 'the returned certificate cannot be parsed';
  }
  const want = requestedSpki(req);
  const got = cert.publicKey.export({ type: 'spki', format: 'der' });
  if (!Buffer.from(want).equals(got)) {
    return `rejecting newly enrolled cert with subject: ${cert.subject.replace(/\n/g, ', ')}; public key in new certificate does not match our enrollment key`;
  }
  return undefined;
}

function requestedSpki(req: CmpEnrollRequest): Uint8Array {
  if (req.command === 'p10cr') {
    const csr = pkijs.CertificationRequest.fromBER(toArrayBuffer(req.csr!));
    return new Uint8Array(csr.subjectPublicKeyInfo.toSchema().toBER(false));
  }
  return new Uint8Array(req.newKey!.publicKey.export({ type: 'spki', format: 'der' }));
}

function buildRequestBody(req: CmpEnrollRequest): PkiBody {
  if (req.command === 'p10cr') {
    if (!req.csr) throw fail('CMP_BAD_REQUEST', 'p10cr needs a PKCS#10 request.');
    return { type: 'p10cr', csr: req.csr };
  }
  if (!req.newKey) throw fail('CMP_BAD_REQUEST', `${req.command} needs the key pair to certify.`);
  const keyType = req.newKey.privateKey.asymmetricKeyType;
  let popAlg;
  try {
    popAlg = signatureAlgorithmFor(keyType);
  } catch {
    throw fail('CMP_BAD_REQUEST', `CMP enrollment supports RSA, ECDSA and DSA keys, not '${keyType}'.`);
  }
  const controls =
    req.command === 'kur' && req.oldCert
      ? [{ infoType: OID.regCtrlOldCertId, infoValue: oldCertId(req.oldCert) }]
      : undefined;
  const certReq: CertRequest = {
    certReqId: 0,
    certTemplate: {
      ...(req.subject ? { subject: req.subject } : {}),
      publicKey: new Uint8Array(req.newKey.publicKey.export({ type: 'spki', format: 'der' })),
      ...(req.extensions ? { extensions: req.extensions } : {}),
    },
    ...(controls ? { controls } : {}),
  };
  // RFC 4211 §4.1: POPOSigningKey over the DER of certReq when poposkInput is absent.
  const signature = sign(
    signatureHash(popAlg.oid)!,
    derOf(certRequestToSchema(certReq)),
    req.newKey.privateKey,
  );
  const msg: CertReqMsg = { certReq, popo: { type: 'signature', algorithm: popAlg, signature } };
  return { type: req.command, content: [msg] };
}

/** CertId ::= SEQUENCE { issuer GeneralName, serialNumber INTEGER } (RFC 4211 §6.5). */
function oldCertId(certDer: Uint8Array): Uint8Array {
  const c = pkijs.Certificate.fromBER(toArrayBuffer(certDer));
  const issuer = new Uint8Array(c.issuer.toSchema().toBER(false));
  const serial = new Uint8Array(c.serialNumber.valueBlock.valueHexView);
  return derOf(
    new asn1js.Sequence({ value: [generalNameToSchema(directoryName(issuer)), integerFromBytes(serial)] }),
  );
}

function fail(code: Parameters<typeof cmpDiagnostic>[0], message: string): Failure {
  return new Failure(cmpDiagnostic(code, message));
}

function unexpectedBody(m: ParsedPkiMessage, expected: string): Failure {
  if (m.body.type === 'error') {
    const e = m.body.content;
    const details = e.errorDetails
      ? `; details: ${e.errorDetails.map((t) => JSON.stringify(t)).join(', ')}`
      : '';
    const code = e.errorCode !== undefined ? `; errorCode: ${e.errorCode}` : '';
    return fail(
      'CMP_ERROR_MESSAGE',
      `CMP server answered with an error message: ${renderStatusInfo(e.pkiStatusInfo)}${code}${details}.`,
    );
  }
  return fail(
    'CMP_UNEXPECTED_BODY',
    `CMP server answered '${bodyName(m.body)}' where '${expected}' was expected.`,
  );
}

/** The per-transaction state: IDs, nonces, names, and the request/response checks. */
class Transaction {
  readonly now: () => Date;
  private readonly transactionID = randomBytes(16);
  private readonly sender: GeneralName;
  private readonly recipient: GeneralName;
  private recipNonce: Uint8Array | undefined;
  /** How the last response was protected (verified). */
  protectedBy: 'pbm' | 'signature' = 'pbm';

  constructor(
    private readonly req: CmpEnrollRequest,
    private readonly clock: () => Date,
  ) {
    this.now = clock;
    this.recipient = directoryName(req.recipient ?? NULL_DN);
    if (req.protection.kind === 'signature') {
      const c = pkijs.Certificate.fromBER(toArrayBuffer(req.protection.cert));
      this.sender = directoryName(new Uint8Array(c.subject.toSchema().toBER(false)));
    } else if (req.subject) this.sender = directoryName(req.subject);
    else if (req.csr) {
      const csr = pkijs.CertificationRequest.fromBER(toArrayBuffer(req.csr));
      this.sender = directoryName(new Uint8Array(csr.subject.toSchema().toBER(false)));
    } else this.sender = directoryName(NULL_DN);
  }

  async exchange(body: PkiBody, generalInfo?: PkiHeader['generalInfo']): Promise<ParsedPkiMessage> {
    const senderNonce = randomBytes(16);
    const header: PkiHeader = {
      pvno: 2,
      sender: this.sender,
      recipient: this.recipient,
      messageTime: this.clock(),
      transactionID: this.transactionID,
      senderNonce,
      ...(this.recipNonce ? { recipNonce: this.recipNonce } : {}),
      ...(generalInfo ? { generalInfo } : {}),
    };
    const der = buildPkiMessage(protect(header, body, this.req.protection));
    let rsp;
    try {
      rsp = await this.req.transport.post(this.req.url, der);
    } catch (e) {
      throw fail(
        'CMP_HTTP_ERROR',
        `CMP server ${this.req.url} could not be reached: ${(e as Error).message}.`,
      );
    }
    if (rsp.status !== 200)
      throw fail('CMP_HTTP_ERROR', `CMP server ${this.req.url} answered HTTP ${rsp.status}.`);
    const parsed = parsePkiMessage(rsp.body);
    if (!parsed.value) throw new Failure(parsed.diagnostics[0]);
    const m = parsed.value;
    this.checkResponse(m, senderNonce);
    this.recipNonce = m.header.senderNonce;
    return m;
  }

  private checkResponse(m: ParsedPkiMessage, senderNonce: Uint8Array): void {
    const secret = this.req.protection.kind === 'pbm' ? this.req.protection.secret : undefined;
    const prot = checkProtection(m, {
      ...(secret ? { secret } : {}),
      trusted: this.req.trusted ?? [],
      now: this.clock(),
    });
    if (prot.diagnostic) {
      // Say what the unauthenticated message claimed: a wrong secret shows up as an error body.
      const claim =
        m.body.type === 'error'
          ? `; unverified server message: ${renderStatusInfo(m.body.content.pkiStatusInfo)}`
          : '';
      throw new Failure({
        ...prot.diagnostic,
        message: `${prot.diagnostic.message.replace(/\.$/, '')}${claim}.`,
      });
    }
    if (prot.value?.kind === 'signature') {
      const refusal = signerRefusal(prot.value.signer, this.req.trusted ?? []);
      if (refusal) throw fail('CMP_UNTRUSTED_SIGNER', `${refusal}.`);
    }
    this.protectedBy = prot.value?.kind ?? 'pbm';
    const h = m.header;
    if (h.pvno !== 2 && h.pvno !== 3)
      throw fail('CMP_BAD_HEADER', `CMP response has unsupported pvno ${h.pvno}.`);
    if (!bytesEqual(h.transactionID, this.transactionID))
      throw fail('CMP_BAD_HEADER', 'CMP response transactionID does not match the request.');
    if (!bytesEqual(h.recipNonce, senderNonce))
      throw fail('CMP_BAD_HEADER', 'CMP response recipNonce does not match the senderNonce of the request.');
    if (!h.senderNonce || h.senderNonce.length < 8)
      throw fail('CMP_BAD_HEADER', 'CMP response has no usable senderNonce.');
    const r = h.recipient;
    const nullDn = r.type === 'directoryName' && bytesEqual(r.name, NULL_DN);
    if (!nullDn && !generalNameEquals(r, this.sender)) {
      throw fail(
        'CMP_BAD_HEADER',
        `CMP response is addressed to ${renderGeneralName(r)}, not to ${renderGeneralName(this.sender)}.`,
      );
    }
  }
}

function protect(header: PkiHeader, body: PkiBody, p: Protection) {
  try {
    return protectMessage(header, body, p);
  } catch (e) {
    throw fail('CMP_BAD_REQUEST', `CMP request cannot be protected: ${(e as Error).message}.`);
  }
}
