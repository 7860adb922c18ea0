/**
 * Running a durable SCEP job (see job-store.ts for its states) until it is
 * `issued` or `failed`: the keys and signer are read back, the CA is asked
 * for its capabilities and certificates (pinned to the loaded CA), then the
 * stored request is sent or the transaction polled, the job saved after
 * every exchange. Only `issued` changes the PKI store, in one atomic commit.
 */
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { diagnostic, type Diagnostic, type Result } from '../diag/diagnostic.js';
import type { HttpTransport } from '../protocols/http/transport.js';
import { parseCertificate, type ScepCertificate } from '../protocols/scep/certificate.js';
import { pinCaCertificates } from '../protocols/scep/ca-certs.js';
import { chooseAlgorithms } from '../protocols/scep/caps.js';
import {
  buildEnrollRequest,
  csrSubject,
  getCaCaps,
  getCaCert,
  nameFromDer,
  sendBuiltRequest,
  sendCertPoll,
  spkiOf,
  type BuiltRequest,
  type EnrollContext,
} from '../protocols/scep/client.js';
import type { ScepResult } from '../protocols/scep/types.js';
import type * as pkijs from 'pkijs';
import { certificateFromDer } from '../pki/certificate.js';
import type { KeyPair } from '../pki/key-pair.js';
import { readCaCertificate, readKeyPair, readLocalCertificate } from '../pki/pki-objects.js';
import { keyPairChange, localCertificateChange } from '../pki/pki-changes.js';
import { openPkiStore, type PkiChange, type PkiStore } from '../pki/pki-store.js';
import type { Clock } from './clock.js';
import { jobPath, listJobs, loadJob, lockJob, saveJob, type ScepJob } from './job-store.js';
import { forgetUnsentCsr, unsentCsr } from './unsent-csrs.js';

export function diag(
  code: Diagnostic['code'],
  message: string,
  certId: string,
  severity: Diagnostic['severity'] = 'error',
): Diagnostic {
  return diagnostic(code, message, { severity, path: ['certificate-id', certId] });
}

export function failed<T>(code: Diagnostic['code'], message: string, certId: string): Result<T | undefined> {
  return { value: undefined, diagnostics: [diag(code, message, certId)] };
}

export function unfinished(job: ScepJob | undefined): job is ScepJob {
  return job !== undefined && (job.state === 'requesting' || job.state === 'pending');
}

export interface RunDeps {
  readonly transport: HttpTransport;
  readonly clock: Clock;
  readonly timeoutMs?: number;
  /** Called after every persisted state change. */
  readonly onProgress?: (job: ScepJob) => void;
}

/** Errors that leave a PENDING job polling instead of failing it. */
const TRANSIENT = new Set(['SCEP_TIMEOUT', 'SCEP_CONNECT_FAILED', 'SCEP_HTTP_ERROR']);

type Outcome = Result<ScepJob | undefined>;

/** One run of a job: the job as last saved, and the warnings gathered so far. */
interface Run {
  readonly stateDir: string;
  readonly certId: string;
  readonly deps: RunDeps;
  readonly pki: PkiStore;
  job: ScepJob;
  readonly warnings: Diagnostic[];
}

/** What the job's stored facts give back: the keys, the signer and the subject to poll for. */
interface JobKeys {
  readonly pkiKey: KeyPair;
  /** The key the CSR was made for: the new one of a renewal with re-generate-keypair. */
  readonly csrKey: KeyObject;
  readonly signer: ScepCertificate;
  readonly signerKey: KeyObject;
  readonly subject: pkijs.RelativeDistinguishedNames;
}

/** Runs a job until it is issued or failed. The PKI store changes only on success. */
export async function runScepJob(stateDir: string, certId: string, deps: RunDeps): Promise<Outcome> {
  const unlock = lockJob(stateDir, certId);
  if (!unlock)
    return failed('ENROLL_JOB_BUSY', `Enrollment of ${certId} is already running in another process`, certId);
  try {
    return await runLocked(stateDir, certId, deps);
  } finally {
    unlock();
  }
}

/** Runs every unfinished job (after a restart). */
export async function resumeScepJobs(stateDir: string, deps: RunDeps): Promise<Outcome[]> {
  const out: Outcome[] = [];
  for (const j of listJobs(stateDir)) {
    if (unfinished(j)) out.push(await runScepJob(stateDir, j.certId, deps));
  }
  return out;
}

async function runLocked(stateDir: string, certId: string, deps: RunDeps): Promise<Outcome> {
  const job = loadJob(stateDir, certId);
  if (!job) return failed('ENROLL_FAILED', `No enrollment job for ${certId}`, certId);
  if (!unfinished(job)) return { value: job, diagnostics: [] };
  const run: Run = { stateDir, certId, deps, pki: openPkiStore(stateDir), job, warnings: [] };
  // Killed after the PKI store's commit point but before this job's last update: the
  // certificate (and new key) of this transaction are in. Finish the job; asking the CA
  // again would sign with the old certificate and decrypt with the new key.
  const landed = run.pki.meta('local', certId)?.transactionID;
  if (landed !== undefined && landed === job.transactionID) {
    rmSync(newKeyPath(run), { force: true });
    const serial = readLocalCertificate(run.pki, certId).value?.serialHex;
    return {
      value: update(run, {
        state: 'issued',
        ...(serial ? { serial } : {}),
        code: undefined,
        reason: undefined,
      }),
      diagnostics: [],
    };
  }
  const keys = jobKeys(run);
  if ('code' in keys) return fail(run, keys.code, keys.reason);
  const ctx = await enrollContext(run, keys);
  if ('code' in ctx) return fail(run, ctx.code, ctx.reason);
  for (;;) {
    const r = await exchange(run, ctx, keys.subject);
    if ('code' in r) return fail(run, r.code, r.reason);
    for (const w of r.warnings) if (!run.warnings.some((x) => x.message === w.message)) run.warnings.push(w);
    if (!r.ok) {
      if (run.job.state === 'pending' && TRANSIENT.has(r.error.code) && run.job.polls < run.job.retry) {
        update(run, { nextPollAt: nextPoll(run), reason: r.error.message });
        continue;
      }
      return fail(run, r.error.code, r.error.message);
    }
    if (r.value.status === 'issued') return install(run, keys, r.value.certificate.der);
    if (run.job.polls >= run.job.retry)
      return fail(
        run,
        'ENROLL_RETRIES_EXHAUSTED',
        `the CA kept the request pending after ${run.job.retry} retries (enrollment retry)`,
      );
    update(run, {
      state: 'pending',
      nextPollAt: nextPoll(run),
      warnings: run.warnings.map((w) => w.message),
    });
  }
}

interface Failure {
  readonly code: string;
  readonly reason: string;
}

function update(run: Run, patch: Partial<ScepJob>): ScepJob {
  run.job = { ...run.job, ...patch, updatedAt: run.deps.clock.now().toISOString() };
  saveJob(run.stateDir, run.job);
  run.deps.onProgress?.(run.job);
  return run.job;
}

function fail(run: Run, code: string, reason: string): Outcome {
  forgetUnsentCsr(run.stateDir, run.job);
  const j = update(run, { state: 'failed', code, reason, csr: undefined });
  return { value: j, diagnostics: [...run.warnings, diag(code as Diagnostic['code'], reason, run.certId)] };
}

function newKeyPath(run: Run): string {
  return jobPath(run.stateDir, run.certId, '.key');
}

function nextPoll(run: Run): string {
  return new Date(run.deps.clock.now().getTime() + run.job.retryIntervalSec * 1000).toISOString();
}

function jobKeys(run: Run): JobKeys | Failure {
  const { job, certId } = run;
  const pkiKey = readKeyPair(run.pki, certId);
  if (!pkiKey.value)
    return {
      code: 'ENROLL_FAILED',
      reason: pkiKey.diagnostics[0]?.message ?? `Key pair ${certId} not found`,
    };
  let csrKey: KeyObject = pkiKey.value.privateKey;
  if (job.newKey) {
    if (!existsSync(newKeyPath(run)))
      return { code: 'ENROLL_FAILED', reason: `the new key of ${certId} was lost; start the renewal again` };
    csrKey = createPrivateKey(readFileSync(newKeyPath(run)));
  }
  const signer = parseCertificate(Buffer.from(job.signerCert, 'base64'));
  const subject = job.subject
    ? nameFromDer(Buffer.from(job.subject, 'base64'))
    : job.csr
      ? csrSubject(Buffer.from(job.csr, 'base64'))
      : undefined;
  if (!signer || !subject) return { code: 'ENROLL_FAILED', reason: 'the stored enrollment job is damaged' };
  const signerKey = job.renewal ? pkiKey.value.privateKey : csrKey;
  return { pkiKey: pkiKey.value, csrKey, signer, signerKey, subject };
}

/** The CA's capabilities and certificates, pinned to the CA loaded by `ca-certificate enroll`. */
async function enrollContext(run: Run, keys: JobKeys): Promise<EnrollContext | Failure> {
  const { job, deps } = run;
  const endpoint = { url: job.url, transport: deps.transport, timeoutMs: deps.timeoutMs };
  const caps = await getCaCaps(endpoint);
  if (!caps.ok) return { code: caps.error.code, reason: caps.error.message };
  const caCerts = await getCaCert(endpoint);
  if (!caCerts.ok) return { code: caCerts.error.code, reason: caCerts.error.message };
  // The CA must be the one loaded by `ca-certificate enroll` (pinned); an RA must be issued by it.
  const loaded = readCaCertificate(run.pki, job.caProfile);
  if (!loaded.value)
    return {
      code: 'ENROLL_CA_CERT_MISSING',
      reason: `CA certificate for profile ${job.caProfile} is not loaded`,
    };
  const pinned = pinCaCertificates(
    caCerts.value,
    loaded.value.der,
    deps.clock.now(),
    `profile ${job.caProfile}`,
  );
  if (!pinned.ok) return { code: pinned.error.code, reason: `${job.url}: ${pinned.error.message}` };
  const algorithms = chooseAlgorithms(caps.value, { cipher: job.cipher, digest: job.digest });
  run.warnings.push(...algorithms.warnings);
  return {
    endpoint,
    ca: pinned.value,
    algorithms,
    signer: { certificate: keys.signer, key: keys.signerKey },
    transactionID: job.transactionID,
    requestedSpki: spkiOf(keys.csrKey),
    certId: run.certId,
    now: () => deps.clock.now(),
  };
}

type Answer = ScepResult<{ status: 'pending' } | { status: 'issued'; certificate: { der: Buffer } }>;

/** One exchange: the (re)sent request while `requesting`, else a CertPoll once the poll time has come. */
async function exchange(
  run: Run,
  ctx: EnrollContext,
  subject: pkijs.RelativeDistinguishedNames,
): Promise<Answer | Failure> {
  if (run.job.state !== 'requesting') {
    const wait = run.job.nextPollAt ? Date.parse(run.job.nextPollAt) - run.deps.clock.now().getTime() : 0;
    if (wait > 0) await run.deps.clock.sleep(wait);
    const r = await sendCertPoll(ctx, subject);
    update(run, { polls: run.job.polls + 1 });
    return r;
  }
  const built = storedRequest(run, ctx);
  if ('code' in built) return built;
  return sendBuiltRequest(ctx, built);
}

/** The signed request of the job, built (and kept instead of the CSR) on the first send. */
function storedRequest(run: Run, ctx: EnrollContext): BuiltRequest | Failure {
  const { job } = run;
  if (job.request)
    return {
      message: Buffer.from(job.request.message, 'base64'),
      senderNonce: Buffer.from(job.request.senderNonce, 'base64'),
    };
  const csrDer = unsentCsr(run.stateDir, job) ?? (job.csr ? Buffer.from(job.csr, 'base64') : undefined);
  if (!csrDer)
    return {
      code: 'ENROLL_FAILED',
      reason: `the enrollment of ${run.certId} was interrupted before its request was sent; start it again`,
    };
  const kind = job.renewal && ctx.algorithms.renewal ? 'RenewalReq' : 'PKCSReq';
  const built = buildEnrollRequest(ctx, csrDer, kind);
  // From here on the job keeps the signed request (its CSR encrypted to the CA), not the CSR.
  update(run, {
    request: { message: built.message.toString('base64'), senderNonce: built.senderNonce.toString('base64') },
    csr: undefined,
  });
  forgetUnsentCsr(run.stateDir, job);
  return built;
}

/** The issued certificate (and the new key of a renewal) into the PKI store, in one commit. */
function install(run: Run, keys: JobKeys, der: Buffer): Outcome {
  const { job, certId } = run;
  const cert = certificateFromDer(der, `${job.url} (CertRep)`);
  if (!cert.value)
    return fail(run, 'ENROLL_FAILED', cert.diagnostics[0]?.message ?? 'issued certificate unreadable');
  const changes: PkiChange[] = [];
  if (job.newKey) {
    changes.push(
      keyPairChange(certId, {
        ...keys.pkiKey,
        privateKey: keys.csrKey,
        publicKey: cert.value.publicKey,
        pem: readFileSync(newKeyPath(run), 'utf8'),
      }),
    );
  }
  changes.push(
    localCertificateChange(certId, cert.value, {
      source: 'scep',
      caProfile: job.caProfile,
      transactionID: job.transactionID,
    }),
  );
  const committed = run.pki.commit(changes);
  if (!committed.value)
    return fail(run, 'ENROLL_FAILED', committed.diagnostics[0]?.message ?? 'PKI store update failed');
  rmSync(newKeyPath(run), { force: true });
  const done = update(run, {
    state: 'issued',
    serial: cert.value.serialHex,
    code: undefined,
    reason: undefined,
    warnings: run.warnings.map((w) => w.message),
  });
  return { value: done, diagnostics: run.warnings };
}
