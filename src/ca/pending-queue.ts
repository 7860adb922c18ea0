/**
 * The manual-approval queue of the embedded CA (STATE/ca/pending/<txid>.json).
 * A request waits as `pending` until `pkicfg ca approve` (or `reject`); the
 * next CertPoll (or resent PKCSReq) then gets the certificate. Durable: the
 * server can be restarted between request, approval and poll.
 *
 * The CSR itself is never stored: its challengePassword attribute is the
 * shared secret, and it cannot be removed without breaking the signature. A
 * record keeps what issuing needs (subject, public key, subjectAltName, all
 * taken from the CSR after its signature and the challenge were checked)
 * and a SHA-256 of the CSR to recognise a resend. The hash does not open a
 * guessing attack on the challenge: the CSR it covers also holds a signature
 * only the requester's private key can make. Records written before this
 * (with the CSR) are rewritten in this form when read.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as pkijs from 'pkijs';
import { writeAtomic, type EmbeddedCa } from './ca-store.js';
import { parseCsr, type IssueInput, type ParsedCsr } from './issue.js';

type PendingState = 'pending' | 'approved' | 'rejected' | 'issued';

/** What issuing needs of a verified CSR, base64 DER each. */
export interface PendingFacts {
  readonly subject: string;
  readonly publicKey: string;
  /** The requested subjectAltName extension, if any. */
  readonly san?: string;
}

export interface PendingRequest {
  readonly transactionID: string;
  readonly subject: string;
  readonly messageType?: string;
  readonly state: PendingState;
  /** SHA-256 (hex) of the request's CSR: a resend carries the same one. */
  readonly csrSha256: string;
  readonly facts: PendingFacts;
  readonly requestedAt: string;
  readonly serial?: string;
}

/** A record as older versions wrote it: the whole CSR, challenge included. */
interface LegacyRecord extends Omit<PendingRequest, 'csrSha256' | 'facts'> {
  readonly csr: string;
}

const safe = (txid: string): string => Buffer.from(txid).toString('base64url');

function path(ca: EmbeddedCa, txid: string): string {
  return join(ca.dir, 'pending', `${safe(txid)}.json`);
}

const b64 = (der: ArrayBuffer): string => Buffer.from(der).toString('base64');

export function csrDigest(csrDer: Uint8Array): string {
  return createHash('sha256').update(csrDer).digest('hex');
}

/** The facts of a parsed (verified) CSR, without its attributes. */
export function pendingFacts(parsed: ParsedCsr): PendingFacts {
  return {
    subject: b64(parsed.csr.subject.toSchema().toBER(false)),
    publicKey: b64(parsed.csr.subjectPublicKeyInfo.toSchema().toBER(false)),
    ...(parsed.san ? { san: b64(parsed.san.toSchema().toBER(false)) } : {}),
  };
}

const der = (s: string): ArrayBuffer => new Uint8Array(Buffer.from(s, 'base64')).buffer;

/** What issueCertificate takes, back from the stored facts. */
export function issueInputOf(facts: PendingFacts): IssueInput {
  return {
    csr: {
      subject: pkijs.RelativeDistinguishedNames.fromBER(der(facts.subject)),
      subjectPublicKeyInfo: pkijs.PublicKeyInfo.fromBER(der(facts.publicKey)),
    },
    ...(facts.san ? { san: pkijs.Extension.fromBER(der(facts.san)) } : {}),
  };
}

/** A record read from disk; a legacy one is rewritten without its CSR (undefined when that CSR is invalid). */
function load(ca: EmbeddedCa, file: string): PendingRequest | undefined {
  const rec = JSON.parse(readFileSync(file, 'utf8')) as PendingRequest | LegacyRecord;
  if (!('csr' in rec)) return rec;
  const { csr, ...rest } = rec;
  const bytes = Buffer.from(csr, 'base64');
  const parsed = parseCsr(bytes);
  if (!parsed.ok) return undefined;
  const migrated: PendingRequest = {
    ...rest,
    csrSha256: csrDigest(bytes),
    facts: pendingFacts(parsed.value),
  };
  putPending(ca, migrated);
  return migrated;
}

export function getPending(ca: EmbeddedCa, txid: string): PendingRequest | undefined {
  const p = path(ca, txid);
  if (!existsSync(p)) return undefined;
  return load(ca, p);
}

export function putPending(ca: EmbeddedCa, req: PendingRequest): void {
  writeAtomic(path(ca, req.transactionID), JSON.stringify(req, null, 2) + '\n');
}

export function listPending(ca: EmbeddedCa): PendingRequest[] {
  const dir = join(ca.dir, 'pending');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .flatMap((f) => load(ca, join(dir, f)) ?? [])
    .sort((a, b) => a.requestedAt.localeCompare(b.requestedAt));
}

/** Marks a pending request approved or rejected; false when there is no such pending request. */
export function decidePending(ca: EmbeddedCa, txid: string, decision: 'approved' | 'rejected'): boolean {
  const cur = getPending(ca, txid);
  if (!cur || cur.state !== 'pending') return false;
  putPending(ca, { ...cur, state: decision });
  return true;
}
