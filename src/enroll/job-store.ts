/**
 * Durable SCEP enrollment jobs under STATE/enroll/scep/ (0700):
 *   <certId>.json   the job (state machine below), replaced atomically
 *   <certId>.key    a NEW key waiting for its certificate (re-generate-keypair), 0600
 *   <certId>.lock   held by the process running the job (durable/pid-lock.ts; stale when dead)
 *
 *   requesting --CertRep PENDING--> pending --CertPoll ...--> issued
 *        \__ FAILURE / error ___________\_____ retries exhausted --> failed
 *
 * A job that was `requesting` when its process died resends the same signed
 * request (same transactionID and message: RFC 8894 §3.3.1 resend); one that
 * was `pending` polls the same transaction.
 *
 * The job never holds the challenge password in clear: the CSR that carries
 * it stays in the memory of the process that created the job until the
 * signed pkiMessage is built, and only that message is kept (the CSR inside
 * is encrypted to the CA). A job whose process ended before then had sent
 * nothing: it fails, and the enrollment is started again.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { formatJunosDate } from '../pki/junos-date.js';
import type { ContentCipher, DigestAlg } from '../protocols/scep/types.js';
import {
  listJsonRecords,
  loadJsonRecord,
  saveJsonRecord,
  writeFileDurable,
} from '../durable/json-records.js';
import {
  acquirePidLock,
  removePidLockLeftovers,
  type PidLockAttempt,
  type PidLockOwner,
} from '../durable/pid-lock.js';

type ScepJobState = 'requesting' | 'pending' | 'issued' | 'failed';

export interface ScepJob {
  readonly version: 1;
  readonly certId: string;
  readonly caProfile: string;
  readonly url: string;
  readonly state: ScepJobState;
  readonly renewal: boolean;
  readonly transactionID: string;
  /**
   * base64 DER of the PKCS#10 request: only in jobs written before the CSR
   * stopped being stored (it carries the challenge password); dropped once
   * `request` is built from it.
   */
  readonly csr?: string;
  /** base64 DER of the requested subject Name (CertPoll). */
  readonly subject?: string;
  /** The signed PKCSReq/RenewalReq (base64 DER) and its senderNonce (base64), resent as they are. */
  readonly request?: { readonly message: string; readonly senderNonce: string };
  /** base64 DER of the signer certificate: transient self-signed, or the certificate being renewed. */
  readonly signerCert: string;
  /** The CSR key is a new key kept in <certId>.key until issuance. */
  readonly newKey: boolean;
  readonly cipher?: ContentCipher;
  readonly digest?: DigestAlg;
  readonly retry: number;
  readonly retryIntervalSec: number;
  readonly polls: number;
  readonly nextPollAt?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly code?: string;
  readonly reason?: string;
  readonly warnings: readonly string[];
  readonly serial?: string;
}

function jobsDir(stateDir: string): string {
  return join(stateDir, 'enroll', 'scep');
}

const fileId = (id: string): string =>
  /^[A-Za-z0-9_\-+@=,:]+$/.test(id) ? id : encodeURIComponent(id).replace(/\./g, '%2E');

export function jobPath(stateDir: string, certId: string, ext = '.json'): string {
  return join(jobsDir(stateDir), fileId(certId) + ext);
}

function ensure(stateDir: string): void {
  mkdirSync(jobsDir(stateDir), { recursive: true, mode: 0o700 });
}

export { writeFileDurable };

export function saveJob(stateDir: string, job: ScepJob): void {
  saveJsonRecord(jobsDir(stateDir), jobPath(stateDir, job.certId), job);
}

export function loadJob(stateDir: string, certId: string): ScepJob | undefined {
  return loadJsonRecord<ScepJob>(jobPath(stateDir, certId));
}

export function listJobs(stateDir: string): ScepJob[] {
  return listJsonRecords<ScepJob>(jobsDir(stateDir), (a, b) => a.createdAt.localeCompare(b.createdAt));
}

/**
 * Takes the job's run lock (durable/pid-lock.ts; `<certId>.lock`, a
 * directory holding a pid in older versions, broken the same way); the
 * holder's pid when another live process, or a runner in this one, holds it.
 */
function acquireJobLock(stateDir: string, certId: string): PidLockAttempt<PidLockOwner> {
  ensure(stateDir);
  const file = jobPath(stateDir, certId, '.lock');
  const r = acquirePidLock(file, {});
  if (r.ok) removePidLockLeftovers(file);
  return r;
}

/** Takes the job's run lock; undefined when another live process (or a runner in this one) holds it. */
export function lockJob(stateDir: string, certId: string): (() => void) | undefined {
  const r = acquireJobLock(stateDir, certId);
  return r.ok ? () => r.lock.release() : undefined;
}

/** What `show security pki local-certificate` prints about an enrollment in progress or failed. */
export interface EnrollmentStatus {
  readonly certId: string;
  readonly caProfile: string;
  readonly protocol: 'scep';
  readonly state: 'pending' | 'polling' | 'issued' | 'failed';
  readonly detail: string;
}

export function enrollmentStatuses(stateDir: string): EnrollmentStatus[] {
  return listJobs(stateDir).map((j) => ({
    certId: j.certId,
    caProfile: j.caProfile,
    protocol: 'scep',
    state: j.state === 'requesting' ? 'pending' : j.state === 'pending' ? 'polling' : j.state,
    detail:
      j.state === 'failed'
        ? `failed: ${j.reason ?? 'unknown reason'}`
        : j.state === 'issued'
          ? `issued (serial ${j.serial ?? '?'})`
          : j.state === 'pending'
            ? `waiting for CA approval, poll ${j.polls} of ${j.retry}, next ${j.nextPollAt ? formatJunosDate(new Date(j.nextPollAt)) : 'now'} (transaction ${j.transactionID})`
            : `request sent to ${j.url} (transaction ${j.transactionID})`,
  }));
}
