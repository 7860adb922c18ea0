/**
 * Durable SCEP enrollment jobs under STATE/enroll/scep/ (0700):
 *   <certId>.json   the job (state machine below), replaced atomically
 *   <certId>.key    a NEW key waiting for its certificate (re-generate-keypair), 0600
 *   <certId>.lock/  held by the process running the job (pid inside; stale when dead)
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
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { formatJunosDate } from '../pki/junos-date.js';
import type { ContentCipher, DigestAlg } from '../protocols/scep/types.js';
import { writeFileAtomic } from '../durable/durable-fs.js';
import { processAlive as alive } from '../durable/process-alive.js';

export type ScepJobState = 'requesting' | 'pending' | 'issued' | 'failed';

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

export function jobsDir(stateDir: string): string {
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

/** Writes a file atomically and durably (temp, fsync, rename). */
export function writeFileDurable(path: string, data: string, mode = 0o600): void {
  writeFileAtomic(path, data, { mode, temp: `${path}.tmp-${process.pid}-${Date.now()}` });
}

export function saveJob(stateDir: string, job: ScepJob): void {
  ensure(stateDir);
  writeFileDurable(jobPath(stateDir, job.certId), JSON.stringify(job, null, 2) + '\n');
}

export function loadJob(stateDir: string, certId: string): ScepJob | undefined {
  const p = jobPath(stateDir, certId);
  if (!existsSync(p)) return undefined;
  return JSON.parse(readFileSync(p, 'utf8')) as ScepJob;
}

export function listJobs(stateDir: string): ScepJob[] {
  const dir = jobsDir(stateDir);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as ScepJob)
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

export function deleteJob(stateDir: string, certId: string): void {
  rmSync(jobPath(stateDir, certId), { force: true });
  rmSync(jobPath(stateDir, certId, '.key'), { force: true });
}

const HELD = new Set<string>();

/** Takes the job's run lock; undefined when another live process (or a runner in this one) holds it. */
export function lockJob(stateDir: string, certId: string): (() => void) | undefined {
  ensure(stateDir);
  const dir = jobPath(stateDir, certId, '.lock');
  if (HELD.has(dir)) return undefined;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      mkdirSync(dir, { mode: 0o700 });
      writeFileDurable(join(dir, 'pid'), String(process.pid));
      HELD.add(dir);
      return () => {
        HELD.delete(dir);
        rmSync(dir, { recursive: true, force: true });
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      let pid = NaN;
      try {
        pid = Number(readFileSync(join(dir, 'pid'), 'utf8'));
      } catch {
        // lock dir without a pid: its owner died between mkdir and write
      }
      if (Number.isInteger(pid) && pid !== process.pid && alive(pid)) return undefined;
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return undefined;
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
