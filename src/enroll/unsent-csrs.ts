/**
 * CSRs of SCEP jobs whose request is not built yet, by job (see job-store.ts):
 * a CSR carries the challenge password, so it is kept in the memory of the
 * process that created the job and never written.
 */
import { jobPath, type ScepJob } from './job-store.js';

const unsent = new Map<string, Buffer>();
const keyOf = (stateDir: string, job: ScepJob): string =>
  `${jobPath(stateDir, job.certId)}\n${job.transactionID}`;

export function keepUnsentCsr(stateDir: string, job: ScepJob, csr: Uint8Array): void {
  unsent.set(keyOf(stateDir, job), Buffer.from(csr));
}

export function unsentCsr(stateDir: string, job: ScepJob): Buffer | undefined {
  return unsent.get(keyOf(stateDir, job));
}

export function forgetUnsentCsr(stateDir: string, job: ScepJob): void {
  unsent.delete(keyOf(stateDir, job));
}
