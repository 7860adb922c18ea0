/**
 * One CMP transaction on the wire (RFC 4210 §5.1.1): the transactionID,
 * nonces and names shared by its messages, each request protected and sent,
 * and each response checked before it is believed (protection, a signer the
 * anchors trust, pvno, transactionID, recipNonce, senderNonce, recipient).
 */
import { randomBytes } from 'node:crypto';
import * as pkijs from 'pkijs';
import { bytesEqual, toArrayBuffer } from './asn1.js';
import type { CmpEnrollRequest } from './client.js';
import { fail, Failure } from './client-failure.js';
import {
  directoryName,
  generalNameEquals,
  NULL_DN,
  renderGeneralName,
  type GeneralName,
} from './general-name.js';
import type { PkiBody } from './pki-body.js';
import type { PkiHeader } from './pki-header.js';
import { buildPkiMessage, parsePkiMessage, type ParsedPkiMessage } from './pki-message.js';
import { renderStatusInfo } from './pki-status-info.js';
import { checkProtection, protectMessage, type Protection } from './protection.js';
import { signerRefusal } from './response-trust.js';

/** The per-transaction state: IDs, nonces, names, and the request/response checks. */
export class Transaction {
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
