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
 *
 * This file runs the exchange (polling, confirmation, the result);
 * client-transaction.ts checks each response, client-requests.ts builds what
 * is sent, client-failure.ts says why a transaction stopped.
 */
import { X509Certificate, type KeyObject } from 'node:crypto';
import type { Result } from '../../diag/diagnostic.js';
import { OID } from './algorithm-identifier.js';
import type { CertRepMessage } from './cert-rep-message.js';
import type { CertResponse } from './cert-response.js';
import { fail, Failure, unexpectedBody } from './client-failure.js';
import { buildRequestBody, certConfBody, requestedSpki } from './client-requests.js';
import { Transaction } from './client-transaction.js';
import type { CmpTransport } from './http-transport.js';
import { DER_NULL } from './info-type-and-value.js';
import type { ParsedPkiMessage } from './pki-message.js';
import { failInfoBit, renderStatusInfo, type PkiStatusInfo } from './pki-status-info.js';
import type { Protection } from './protection.js';
import { judgeResponse } from './response-trust.js';

type CmpCommand = 'ir' | 'cr' | 'kur' | 'p10cr';

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
  const pollOnceMore = (): void => {
    if (++polls > (req.maxPolls ?? 10))
      throw fail('CMP_POLL_TIMEOUT', `CMP server still not ready after ${polls - 1} polls; giving up.`);
  };
  for (;;) {
    if (rsp.body.type === 'pollRep') {
      const rep = rsp.body.content.find((r) => r.certReqId === certReqId) ?? rsp.body.content[0];
      if (!rep) throw fail('CMP_MALFORMED', 'CMP pollRep holds no entry.');
      pollOnceMore();
      await sleep(Math.min(Math.max(rep.checkAfter, 0), req.maxPollWaitSeconds ?? 60) * 1000);
      rsp = await tx.exchange({ type: 'pollReq', content: [certReqId] });
      continue;
    }
    if (rsp.body.type !== expected) throw unexpectedBody(rsp, expected);
    const cr = pickResponse(rsp.body.content.response, certReqId);
    if (cr.status.status === 3) {
      pollOnceMore();
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
