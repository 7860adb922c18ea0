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
 */
import { createHash, createPublicKey, randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { bytesEqual, CmpDecodeError, hex, toArrayBuffer } from '../protocols/cmp/asn1.js';
import { OID, signatureHash, type AlgorithmIdentifier } from '../protocols/cmp/algorithm-identifier.js';
import type { ParsedCertReqMsg } from '../protocols/cmp/cert-req-messages.js';
import type { CertResponse } from '../protocols/cmp/cert-response.js';
import { directoryName, generalNameFromSchema, NULL_DN } from '../protocols/cmp/general-name.js';
import { DER_NULL } from '../protocols/cmp/info-type-and-value.js';
import {
  pbmParameterFromAlgorithm,
  pbmParameterProblem,
  SERVER_PBM_LIMITS,
} from '../protocols/cmp/pbm-parameter.js';
import type { PkiBody } from '../protocols/cmp/pki-body.js';
import type { PkiHeader } from '../protocols/cmp/pki-header.js';
import { buildPkiMessage, parsePkiMessage, type ParsedPkiMessage } from '../protocols/cmp/pki-message.js';
import { failInfoBit, type PkiFailureInfoBit } from '../protocols/cmp/pki-status-info.js';
import { checkProtection, protectMessage, type Protection } from '../protocols/cmp/protection.js';
import { parseCertificate } from '../protocols/scep/certificate.js';
import { untrustedText } from '../diag/untrusted-text.js';
import { authorizeCmpEnrollment, authorizeCmpKeyUpdate, type Proof } from './authorize.js';
import { recordIssued } from './ca-store.js';
import type { RouteFactory, ServerResponse as RouteResponse } from './routes.js';

/** What the CA needs to know to issue one certificate. */
export interface CmpIssueRequest {
  /** DER of the subject Name. */
  readonly subject: Uint8Array;
  /** DER SubjectPublicKeyInfo. */
  readonly publicKey: Uint8Array;
  /** DER Extensions requested (SAN is honoured by the default issuer). */
  readonly extensions?: Uint8Array;
  readonly now: Date;
}

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
  readonly cert?: Uint8Array;
  readonly kind: 'ip' | 'cp' | 'kup';
  pollsLeft: number;
  lastNonce: Uint8Array;
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

class Refusal {
  constructor(
    readonly failInfo: PkiFailureInfoBit,
    readonly text: string,
  ) {}
}

export function createCmpServer(opts: CmpServerOptions): CmpServer {
  const clock = opts.clock ?? (() => new Date());
  const txs = new Map<string, TxState>();
  const chain = opts.caChain ?? [];
  const trusted = [opts.caCert, ...chain];
  const caName = new Uint8Array(
    pkijs.Certificate.fromBER(toArrayBuffer(opts.caCert)).subject.toSchema().toBER(false),
  );
  const issue =
    opts.issue ??
    ((r: CmpIssueRequest) => issueCertificate(opts.caCert, opts.caKey, r, opts.validityDays ?? 365));

  function respond(
    reqMsg: ParsedPkiMessage | undefined,
    body: PkiBody,
    extra: Uint8Array[] = [],
    generalInfo?: PkiHeader['generalInfo'],
  ): Uint8Array {
    const h = reqMsg?.header;
    const header: PkiHeader = {
      pvno: 2,
      sender: directoryName(caName),
      recipient: h?.sender ?? directoryName(NULL_DN),
      messageTime: clock(),
      ...(h?.transactionID ? { transactionID: h.transactionID } : {}),
      senderNonce: randomBytes(16),
      ...(h?.senderNonce ? { recipNonce: h.senderNonce } : {}),
      ...(generalInfo ? { generalInfo } : {}),
    };
    const usePbm =
      h?.protectionAlg?.oid === OID.passwordBasedMac && opts.secret && opts.reference !== undefined;
    const protection: Protection = usePbm
      ? { kind: 'pbm', reference: Buffer.from(opts.reference!), secret: opts.secret! }
      : { kind: 'signature', key: opts.caKey, cert: opts.caCert, chain };
    const m = protectMessage(header, body, protection, usePbm ? extra : []);
    return buildPkiMessage(m);
  }

  function errorBody(failInfo: PkiFailureInfoBit, text: string): PkiBody {
    return {
      type: 'error',
      content: { pkiStatusInfo: { status: 2, failInfo: [failInfoBit(failInfo)], statusString: [text] } },
    };
  }

  function authenticate(m: ParsedPkiMessage): Proof {
    const alg = m.header.protectionAlg;
    if (!alg || !m.protection) throw new Refusal('badMessageCheck', 'message is not protected');
    if (alg.oid === OID.passwordBasedMac) {
      if (!opts.secret || opts.reference === undefined)
        throw new Refusal('wrongIntegrity', 'PBM protection is not enabled on this server');
      if (!bytesEqual(m.header.senderKID, Buffer.from(opts.reference)))
        throw new Refusal('badMessageCheck', 'unknown senderKID (reference)');
      // The reference is no secret: bound the work the message's own parameters ask for before doing it.
      const problem = pbmProblem(alg);
      if (problem) throw new Refusal('badAlg', `PBM parameters refused: ${problem}`);
      const r = checkProtection(m, {
        secret: opts.secret,
        trusted,
        now: clock(),
        pbmLimits: SERVER_PBM_LIMITS,
      });
      if (r.diagnostic) throw new Refusal('badMessageCheck', 'wrong pbm value');
      return { kind: 'shared-secret' };
    }
    const r = checkProtection(m, { trusted, now: clock() });
    if (r.diagnostic || r.value?.kind !== 'signature')
      throw new Refusal(
        r.diagnostic?.code === 'CMP_UNTRUSTED_SIGNER' ? 'signerNotTrusted' : 'badMessageCheck',
        r.diagnostic?.message ?? 'signature does not verify',
      );
    return { kind: 'signature', signer: r.value.signer };
  }

  function sameProof(a: Proof, b: Proof): boolean {
    if (a.kind !== b.kind) return false;
    return a.kind !== 'signature' || bytesEqual(a.signer, (b as typeof a).signer);
  }

  function checkPop(msg: ParsedCertReqMsg): Uint8Array {
    const spki = msg.certReq.certTemplate.publicKey;
    if (!spki) throw new Refusal('badCertTemplate', 'certTemplate has no publicKey');
    const pop = msg.popo;
    if (!pop || pop.type !== 'signature' || pop.poposkInput)
      throw new Refusal('badPOP', 'a signature proof of possession over certReq is required');
    const hash = signatureHash(pop.algorithm.oid);
    let ok = false;
    try {
      const key = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
      ok = !!hash && verify(hash, msg.certReqDer, key, pop.signature);
    } catch {
      ok = false;
    }
    if (!ok) throw new Refusal('badPOP', 'proof of possession signature does not verify');
    return spki;
  }

  function enroll(m: ParsedPkiMessage, proof: Proof): Uint8Array {
    const kind = BODY_FOR[m.body.type];
    let subject: Uint8Array | undefined;
    let publicKey: Uint8Array;
    let extensions: Uint8Array | undefined;
    let oldCertId: { issuer: Uint8Array; serial: Uint8Array } | undefined;
    let certReqId = 0;
    if (m.body.type === 'p10cr') {
      certReqId = -1; // RFC 4210 §5.3.4 (CMP updates): p10cr has no certReqId; OpenSSL answers -1
      const csr = pkijs.CertificationRequest.fromBER(toArrayBuffer(m.body.csr));
      publicKey = new Uint8Array(csr.subjectPublicKeyInfo.toSchema().toBER(false));
      subject = new Uint8Array(csr.subject.toSchema().toBER(false));
      const tbs = new Uint8Array(csr.tbsView);
      const hash = signatureHash(csr.signatureAlgorithm.algorithmId);
      const key = createPublicKey({ key: Buffer.from(publicKey), format: 'der', type: 'spki' });
      if (!hash || !verify(hash, tbs, key, new Uint8Array(csr.signatureValue.valueBlock.valueHexView))) {
        throw new Refusal('badPOP', 'PKCS#10 signature does not verify');
      }
      const extReq = csr.attributes?.find((a) => a.type === OID.extensionRequest);
      if (extReq?.values[0]) extensions = new Uint8Array(extReq.values[0].toBER(false));
    } else if (m.body.type === 'ir' || m.body.type === 'cr' || m.body.type === 'kur') {
      if (m.body.content.length !== 1) throw new Refusal('badRequest', 'exactly one CertReqMsg is supported');
      const msg = m.body.content[0] as ParsedCertReqMsg;
      certReqId = msg.certReq.certReqId;
      publicKey = checkPop(msg);
      subject = msg.certReq.certTemplate.subject;
      extensions = msg.certReq.certTemplate.extensions;
      if (m.body.type === 'kur') oldCertId = readOldCertId(msg);
    } else throw new Refusal('badRequest', 'unsupported request');
    const asked = { ...(subject ? { subject } : {}), ...(extensions ? { extensions } : {}) };
    const ca = { certificate: opts.caCert, raCertificates: opts.raCertificates ?? [], now: clock() };
    const decision =
      m.body.type === 'kur'
        ? authorizeCmpKeyUpdate(proof, oldCertId, asked, ca)
        : authorizeCmpEnrollment(m.body.type, proof, asked, ca);
    if (!decision.ok) throw new Refusal(decision.failInfo, decision.reason);
    const tid = m.header.transactionID!;
    const cert = issue({
      subject: decision.subject,
      publicKey,
      ...(decision.extensions ? { extensions: decision.extensions } : {}),
      now: clock(),
    });
    opts.log?.(
      `cmp: ${m.body.type} txid=${untrustedText(hex(tid), 64)} authorized by ${untrustedText(decision.by)}`,
    );
    const st: TxState = {
      certReqId,
      cert,
      kind,
      pollsLeft: opts.pollCount ?? 0,
      lastNonce: m.header.senderNonce!,
      created: Date.now(),
      proof,
    };
    txs.set(hex(tid), st);
    return certResponseMessage(m, st);
  }

  function certResponseMessage(m: ParsedPkiMessage, st: TxState): Uint8Array {
    if (st.pollsLeft > 0) {
      const waiting: CertResponse = { certReqId: st.certReqId, status: { status: 3 } };
      return respond(m, { type: st.kind, content: { response: [waiting] } });
    }
    const implicit =
      !!opts.grantImplicitConfirm &&
      (m.header.generalInfo ?? []).some((i) => i.infoType === OID.implicitConfirm);
    const rsp: CertResponse = { certReqId: st.certReqId, status: { status: 0 }, certificate: st.cert! };
    const caPubs = [...chain].reverse().concat([opts.caCert]);
    const extra = [opts.caCert, ...chain.slice(0, -1)];
    if (implicit) {
      txs.delete(hex(m.header.transactionID!));
      opts.onIssued?.(st.cert!);
    }
    return respond(
      m,
      { type: st.kind, content: { caPubs, response: [rsp] } },
      extra,
      implicit ? [{ infoType: OID.implicitConfirm, infoValue: DER_NULL }] : undefined,
    );
  }

  function handle(der: Uint8Array): Uint8Array {
    const parsed = parsePkiMessage(der);
    const m = parsed.value;
    if (!m)
      return respond(
        undefined,
        errorBody('badDataFormat', parsed.diagnostics[0]?.message ?? 'malformed request'),
      );
    try {
      if (m.header.pvno !== 2 && m.header.pvno !== 3)
        throw new Refusal('unsupportedVersion', `pvno ${m.header.pvno} is not supported`);
      if (!m.header.transactionID || !m.header.senderNonce)
        throw new Refusal('badRequest', 'transactionID and senderNonce are required');
      const proof = authenticate(m);
      pruneOld(txs);
      const key = hex(m.header.transactionID);
      const st = txs.get(key);
      if (st && !sameProof(st.proof, proof))
        throw new Refusal('notAuthorized', 'transaction was opened with another protection');
      switch (m.body.type) {
        case 'ir':
        case 'cr':
        case 'p10cr':
        case 'kur':
          if (st) throw new Refusal('transactionIdInUse', 'transactionID already in use');
          return enroll(m, proof);
        case 'pollReq':
          if (!st) throw new Refusal('badRequest', 'no such transaction');
          if (st.pollsLeft > 0) st.pollsLeft--;
          if (st.pollsLeft > 0)
            return respond(m, { type: 'pollRep', content: [{ certReqId: st.certReqId, checkAfter: 1 }] });
          return certResponseMessage(m, st);
        case 'certConf': {
          if (!st || !st.cert) throw new Refusal('badRequest', 'no such transaction');
          const s = m.body.content.find((c) => c.certReqId === st.certReqId);
          txs.delete(key);
          if (s) {
            const hash = signatureHash(sigAlgOf(st.cert)) ?? 'sha256';
            if (!bytesEqual(s.certHash, createHash(hash).update(st.cert).digest()))
              throw new Refusal('badCertId', 'certHash does not match the issued certificate');
            if (!s.statusInfo || s.statusInfo.status === 0 || s.statusInfo.status === 1)
              opts.onIssued?.(st.cert);
          }
          return respond(m, { type: 'pkiconf' });
        }
        case 'genm':
          return respond(m, { type: 'genp', content: [] });
        default:
          throw new Refusal(
            'badRequest',
            `unsupported body '${m.body.type === 'other' ? m.body.name : m.body.type}'`,
          );
      }
    } catch (e) {
      if (e instanceof Refusal) {
        opts.log?.(
          `cmp: refused ${m.body.type === 'other' ? 'request' : m.body.type} txid=${m.header.transactionID ? untrustedText(hex(m.header.transactionID), 64) : '-'}: ${e.failInfo}: ${untrustedText(e.text)}`,
        );
        return respond(m, errorBody(e.failInfo, e.text));
      }
      throw e;
    }
  }

  return {
    handle,
    async http(req, res) {
      const path = (req.url ?? '').split('?')[0];
      if (path !== '/pkix/' && path !== '/pkix') return false;
      if (req.method !== 'POST') {
        res.writeHead(405, { Allow: 'POST', 'Content-Type': 'text/plain' }).end('CMP requires POST\n');
        return true;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      // An oversized body is read to its end before the 413: closing with unread data resets the connection.
      for await (const c of req) {
        size += (c as Buffer).length;
        if (size > 16 << 20) {
          req.destroy();
          return true;
        }
        if (size <= 1 << 20) chunks.push(c as Buffer);
      }
      if (size > 1 << 20) {
        res.writeHead(413, { Connection: 'close' }).end();
        return true;
      }
      const out = handle(new Uint8Array(Buffer.concat(chunks)));
      res
        .writeHead(200, { 'Content-Type': 'application/pkixcmp', 'Content-Length': out.length })
        .end(Buffer.from(out));
      return true;
    },
  };
}

/** The oldCertID control of a kur (RFC 4211 §6.5): CertId ::= SEQUENCE { issuer GeneralName, serialNumber INTEGER }. */
function readOldCertId(msg: ParsedCertReqMsg): { issuer: Uint8Array; serial: Uint8Array } | undefined {
  const ctl = msg.certReq.controls?.find((c) => c.infoType === OID.regCtrlOldCertId);
  if (!ctl) return undefined;
  try {
    if (!ctl.infoValue) throw new Error('empty');
    const seq = asn1js.fromBER(toArrayBuffer(ctl.infoValue)).result as asn1js.Sequence;
    const [issuer, serial] = seq.valueBlock.value;
    const gn = generalNameFromSchema(issuer);
    if (gn.type !== 'directoryName' || !(serial instanceof asn1js.Integer)) throw new Error('shape');
    return { issuer: gn.name, serial: new Uint8Array(serial.valueBlock.valueHexView) };
  } catch {
    throw new Refusal('badCertId', 'kur oldCertID control cannot be decoded');
  }
}

function pbmProblem(alg: AlgorithmIdentifier): string | undefined {
  try {
    return pbmParameterProblem(pbmParameterFromAlgorithm(alg), SERVER_PBM_LIMITS);
  } catch (e) {
    if (e instanceof CmpDecodeError) return e.message;
    throw e;
  }
}

function pruneOld(txs: Map<string, TxState>): void {
  const limit = Date.now() - 10 * 60_000;
  for (const [k, v] of txs) if (v.created < limit) txs.delete(k);
}

function sigAlgOf(certDer: Uint8Array): string {
  return pkijs.Certificate.fromBER(toArrayBuffer(certDer)).signatureAlgorithm.algorithmId;
}

/**
 * Issue an end-entity certificate signed by `caCert`/`caKey` (RSA or EC CA
 * key, SHA-256): random positive serial, notBefore backdated 5 minutes,
 * KU digitalSignature+keyEncipherment, EKU clientAuth+serverAuth, SKI/AKI,
 * and the requested subjectAltName if any.
 */
export function issueCertificate(
  caCert: Uint8Array,
  caKey: KeyObject,
  r: CmpIssueRequest,
  validityDays = 365,
): Uint8Array {
  const ca = pkijs.Certificate.fromBER(toArrayBuffer(caCert));
  const spki = pkijs.PublicKeyInfo.fromBER(toArrayBuffer(r.publicKey));
  const serial = randomBytes(16);
  serial[0] = (serial[0] & 0x7f) | 0x01;
  const alg = caKey.asymmetricKeyType === 'ec' ? OID.ecdsaWithSha256 : OID.sha256WithRsa;
  const algId = () =>
    new pkijs.AlgorithmIdentifier({
      algorithmId: alg,
      ...(alg === OID.sha256WithRsa ? { algorithmParams: new asn1js.Null() } : {}),
    });
  const ext = (id: string, critical: boolean, v: asn1js.AsnType | ArrayBuffer) =>
    new pkijs.Extension({ extnID: id, critical, extnValue: v instanceof ArrayBuffer ? v : v.toBER(false) });
  const ski = createHash('sha1').update(spki.subjectPublicKey.valueBlock.valueHexView).digest();
  const caSki = createHash('sha1')
    .update(ca.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView)
    .digest();
  const extensions = [
    ext('2.5.29.19', true, new asn1js.Sequence({ value: [] })),
    ext('2.5.29.15', true, new asn1js.BitString({ valueHex: new Uint8Array([0xa0]), unusedBits: 5 })),
    ext(
      '2.5.29.37',
      false,
      new asn1js.Sequence({
        value: ['1.3.6.1.5.5.7.3.2', '1.3.6.1.5.5.7.3.1'].map(
          (v) => new asn1js.ObjectIdentifier({ value: v }),
        ),
      }),
    ),
    ext('2.5.29.14', false, new asn1js.OctetString({ valueHex: ski })),
    ext(
      '2.5.29.35',
      false,
      new asn1js.Sequence({
        value: [new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: 0 }, valueHex: caSki })],
      }),
    ),
  ];
  if (r.extensions) {
    const req = pkijs.Extensions.fromBER(toArrayBuffer(r.extensions));
    for (const e of req.extensions) if (e.extnID === '2.5.29.17') extensions.push(e);
  }
  const time = (d: Date) => new pkijs.Time({ type: d.getUTCFullYear() < 2050 ? 0 : 1, value: d });
  const cert = new pkijs.Certificate({
    version: 2,
    serialNumber: new asn1js.Integer({ valueHex: serial }),
    issuer: ca.subject,
    subject: pkijs.RelativeDistinguishedNames.fromBER(toArrayBuffer(r.subject)),
    notBefore: time(new Date(r.now.getTime() - 5 * 60_000)),
    notAfter: time(new Date(r.now.getTime() + validityDays * 86400_000)),
    subjectPublicKeyInfo: spki,
    signature: algId(),
    signatureAlgorithm: algId(),
    extensions,
  });
  const tbs = new Uint8Array(cert.encodeTBS().toBER(false));
  cert.tbsView = tbs;
  cert.signatureValue = new asn1js.BitString({ valueHex: sign('sha256', tbs, caKey) });
  return new Uint8Array(cert.toSchema().toBER(false));
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
