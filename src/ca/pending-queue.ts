/**
 * The manual-approval queue of the embedded CA (STATE/ca/pending/<txid>.json).
 * A request waits as `pending` until `pkicfg ca approve` (or `reject`); the
 * next CertPoll (or resent PKCSReq) then gets the certificate. Durable: the
 * server can be restarted between request, approval and poll.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeAtomic, type EmbeddedCa } from './ca-store.js';

export type PendingState = 'pending' | 'approved' | 'rejected' | 'issued';

export interface PendingRequest {
  readonly transactionID: string;
  readonly subject: string;
  readonly messageType?: string;
  readonly state: PendingState;
  readonly csr: string; // base64 DER
  readonly requestedAt: string;
  readonly serial?: string;
}

const safe = (txid: string): string => Buffer.from(txid).toString('base64url');

function path(ca: EmbeddedCa, txid: string): string {
  return join(ca.dir, 'pending', `${safe(txid)}.json`);
}

export function getPending(ca: EmbeddedCa, txid: string): PendingRequest | undefined {
  const p = path(ca, txid);
  if (!existsSync(p)) return undefined;
  return JSON.parse(readFileSync(p, 'utf8')) as PendingRequest;
}

export function putPending(ca: EmbeddedCa, req: PendingRequest): void {
  writeAtomic(path(ca, req.transactionID), JSON.stringify(req, null, 2) + '\n');
}

export function listPending(ca: EmbeddedCa): PendingRequest[] {
  const dir = join(ca.dir, 'pending');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as PendingRequest)
    .sort((a, b) => a.requestedAt.localeCompare(b.requestedAt));
}

/** Marks a pending request approved or rejected; false when there is no such pending request. */
export function decidePending(ca: EmbeddedCa, txid: string, decision: 'approved' | 'rejected'): boolean {
  const cur = getPending(ca, txid);
  if (!cur || cur.state !== 'pending') return false;
  putPending(ca, { ...cur, state: decision });
  return true;
}
