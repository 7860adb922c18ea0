/**
 * SCEP enrollment as a durable job: `createScepJob` checks everything that
 * can be checked locally (key exists and is RSA, CA certificate loaded,
 * subject parses, CSR builds) and writes the job; `runScepJob` drives it to
 * `issued` or `failed`, persisting after every exchange so that a process
 * that dies while polling resumes the same transaction (`resumeScepJobs`).
 * Only `issued` changes the PKI store, in one atomic commit.
 */
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import type { Diagnostic, Result } from '../diag/diagnostic.js';
import type { HttpTransport } from '../protocols/http/transport.js';
import { parseCertificate } from '../protocols/scep/certificate.js';
import { pinCaCertificates } from '../protocols/scep/ca-certs.js';
import { chooseAlgorithms } from '../protocols/scep/caps.js';
import {
  buildEnrollRequest,
  csrSubject,
  getCaCaps,
  getCaCert,
  nameFromDer,
  nameToDer,
  newTransactionId,
  sendBuiltRequest,
  sendCertPoll,
  spkiOf,
  type BuiltRequest,
  type EnrollContext,
} from '../protocols/scep/client.js';
import type { ScepResult } from '../protocols/scep/types.js';
import { buildTransientSigner } from '../protocols/scep/x509-build.js';
import { certificateFromDer } from '../pki/certificate.js';
import { buildCsr } from '../pki/csr.js';
import { deviceSerialNumber } from '../pki/device-serial.js';
import { dnToRdns, parseDn } from '../pki/dn.js';
import type { AltNames } from '../pki/extensions.js';
import type { Digest } from '../pki/algorithms.js';
import { generateKeyPair, type KeyPair } from '../pki/key-pair.js';
import {
  keyPairChange,
  localCertificateChange,
  readCaCertificate,
  readKeyPair,
  readLocalCertificate,
} from '../pki/pki-objects.js';
import { openPkiStore, type PkiChange, type PkiStore } from '../pki/pki-store.js';
import type { Clock } from './clock.js';
import type { CaProfileSettings } from './ca-profile.js';
import { jobPath, listJobs, loadJob, lockJob, saveJob, writeFileDurable, type ScepJob } from './job-store.js';
import type { ContentCipher, DigestAlg } from '../protocols/scep/types.js';
import { diagnostic } from '../diag/diagnostic.js';

function diag(
  code: Diagnostic['code'],
  message: string,
  certId: string,
  severity: Diagnostic['severity'] = 'error',
): Diagnostic {
  return diagnostic(code, message, { severity, path: ['certificate-id', certId] });
}

function failed<T>(code: Diagnostic['code'], message: string, certId: string): Result<T | undefined> {
  return { value: undefined, diagnostics: [diag(code, message, certId)] };
}

export interface ScepEnrollRequest {
  readonly certId: string;
  readonly profile: CaProfileSettings;
  readonly challengePassword: string;
  readonly subject: string;
  readonly altNames: AltNames;
  /** CSR digest (Junos `digest`). */
  readonly digest?: Digest;
  readonly cipher?: ContentCipher;
  readonly scepDigest?: DigestAlg;
}

export interface ScepRenewRequest {
  readonly certId: string;
  readonly profile: CaProfileSettings;
  readonly challengePassword?: string;
  /** Junos `re-generate-keypair`: a new key for the renewed certificate. */
  readonly regenerateKey: boolean;
  readonly cipher?: ContentCipher;
  readonly scepDigest?: DigestAlg;
}

function unfinished(job: ScepJob | undefined): job is ScepJob {
  return job !== undefined && (job.state === 'requesting' || job.state === 'pending');
}

/**
 * CSRs of jobs whose request is not built yet, by job (see job-store.ts): a
 * CSR carries the challenge password, so it is kept here and never written.
 */
const unsentCsrs = new Map<string, Buffer>();
const unsentKey = (stateDir: string, job: ScepJob): string =>
  `${jobPath(stateDir, job.certId)}\n${job.transactionID}`;

/** An unfinished job that can still go on: its request was built, or can be here. */
function resumable(stateDir: string, job: ScepJob | undefined): job is ScepJob {
  return (
    unfinished(job) &&
    (job.state === 'pending' ||
      job.request !== undefined ||
      job.csr !== undefined ||
      unsentCsrs.has(unsentKey(stateDir, job)))
  );
}

/** The RSA key pair of CERTID (SCEP has no ECDSA, as Junos). */
function readRsaKey(pki: PkiStore, certId: string): Result<KeyPair | undefined> {
  const key = readKeyPair(pki, certId);
  if (!key.value || key.value.type === 'rsa') return key;
  return failed(
    'SCEP_ECDSA_UNSUPPORTED',
    `ECDSA Keypair not supported with SCEP for cert_id ${certId}`,
    certId,
  );
}

/** Writes a new job in state `requesting`, its CSR kept in memory only. */
function saveNewJob(
  stateDir: string,
  now: Date,
  req: { readonly certId: string; readonly profile: CaProfileSettings } & Pick<
    ScepEnrollRequest,
    'cipher' | 'scepDigest'
  >,
  fields: { renewal: boolean; csr: Uint8Array; signerCert: Uint8Array; newKey: boolean },
): Result<ScepJob | undefined> {
  const subject = csrSubject(fields.csr);
  if (!subject) return failed('ENROLL_FAILED', 'the certificate request has no readable subject', req.certId);
  const job: ScepJob = {
    version: 1,
    certId: req.certId,
    caProfile: req.profile.name,
    url: req.profile.url,
    state: 'requesting',
    renewal: fields.renewal,
    transactionID: newTransactionId(),
    subject: nameToDer(subject).toString('base64'),
    signerCert: Buffer.from(fields.signerCert).toString('base64'),
    newKey: fields.newKey,
    ...(req.cipher ? { cipher: req.cipher } : {}),
    ...(req.scepDigest ? { digest: req.scepDigest } : {}),
    retry: req.profile.retry,
    retryIntervalSec: req.profile.retryIntervalSec,
    polls: 0,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    warnings: [],
  };
  saveJob(stateDir, job);
  unsentCsrs.set(unsentKey(stateDir, job), Buffer.from(fields.csr));
  return { value: job, diagnostics: [] };
}

/**
 * Creates the job for a first enrollment (PKCSReq). An unfinished job for the
 * same certificate-id is returned as is: the same transaction resumes.
 */
export function createScepJob(
  stateDir: string,
  req: ScepEnrollRequest,
  now: Date,
): Result<ScepJob | undefined> {
  const existing = loadJob(stateDir, req.certId);
  if (resumable(stateDir, existing)) {
    return {
      value: existing,
      diagnostics: [
        diag(
          'ENROLL_PENDING',
          `Resuming enrollment of ${req.certId} (transaction ${existing.transactionID})`,
          req.certId,
          'info',
        ),
      ],
    };
  }
  const pki = openPkiStore(stateDir);
  const key = readRsaKey(pki, req.certId);
  if (!key.value) return { value: undefined, diagnostics: key.diagnostics };
  const ca = readCaCertificate(pki, req.profile.name);
  if (!ca.value) {
    return failed(
      'ENROLL_CA_CERT_MISSING',
      `CA certificate for profile ${req.profile.name} is not loaded (request security pki ca-certificate enroll ca-profile ${req.profile.name})`,
      req.certId,
    );
  }
  const dn = parseDn(req.subject, { serialNumber: deviceSerialNumber(stateDir) });
  if (!dn.value) return { value: undefined, diagnostics: dn.diagnostics };
  const csr = buildCsr({
    key: key.value,
    subject: dn.value,
    altNames: req.altNames,
    digest: req.digest,
    challengePassword: req.challengePassword,
  });
  if (!csr.value) return { value: undefined, diagnostics: csr.diagnostics };
  const signer = buildTransientSigner(key.value.privateKey, dnToRdns(dn.value), now);
  return saveNewJob(stateDir, now, req, {
    renewal: false,
    csr: csr.value.der,
    signerCert: signer.der,
    newKey: false,
  });
}

/**
 * Creates a renewal job (RenewalReq signed with the current certificate, same
 * subject and alternate names — Junos rule: the renewed certificate keeps the DN).
 */
export function createScepRenewalJob(
  stateDir: string,
  req: ScepRenewRequest,
  now: Date,
): Result<ScepJob | undefined> {
  const existing = loadJob(stateDir, req.certId);
  if (resumable(stateDir, existing)) return { value: existing, diagnostics: [] };
  const pki = openPkiStore(stateDir);
  const key = readRsaKey(pki, req.certId);
  if (!key.value) return { value: undefined, diagnostics: key.diagnostics };
  const cert = readLocalCertificate(pki, req.certId);
  if (!cert.value) return { value: undefined, diagnostics: cert.diagnostics };
  const newKey = req.regenerateKey ? generateKeyPair({ type: 'rsa', size: key.value.size }) : undefined;
  const csr = buildCsr({
    key: newKey ?? key.value,
    subject: cert.value.subject,
    altNames: cert.value.altNames,
    challengePassword: req.challengePassword,
  });
  if (!csr.value) return { value: undefined, diagnostics: csr.diagnostics };
  if (newKey) writeFileDurable(jobPath(stateDir, req.certId, '.key'), newKey.pem);
  return saveNewJob(stateDir, now, req, {
    renewal: true,
    csr: csr.value.der,
    signerCert: cert.value.der,
    newKey: newKey !== undefined,
  });
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

/** Runs a job until it is issued or failed. The PKI store changes only on success. */
export async function runScepJob(
  stateDir: string,
  certId: string,
  deps: RunDeps,
): Promise<Result<ScepJob | undefined>> {
  const unlock = lockJob(stateDir, certId);
  if (!unlock)
    return failed('ENROLL_JOB_BUSY', `Enrollment of ${certId} is already running in another process`, certId);
  try {
    return await runLocked(stateDir, certId, deps);
  } finally {
    unlock();
  }
}

async function runLocked(
  stateDir: string,
  certId: string,
  deps: RunDeps,
): Promise<Result<ScepJob | undefined>> {
  let job = loadJob(stateDir, certId);
  if (!job) return failed('ENROLL_FAILED', `No enrollment job for ${certId}`, certId);
  const warnings: Diagnostic[] = [];
  const update = (patch: Partial<ScepJob>): ScepJob => {
    job = { ...(job as ScepJob), ...patch, updatedAt: deps.clock.now().toISOString() };
    saveJob(stateDir, job);
    deps.onProgress?.(job);
    return job;
  };
  const unsent = unsentKey(stateDir, job);
  const fail = (code: string, reason: string): Result<ScepJob | undefined> => {
    unsentCsrs.delete(unsent);
    const j = update({ state: 'failed', code, reason, csr: undefined });
    return { value: j, diagnostics: [...warnings, diag(code as Diagnostic['code'], reason, certId)] };
  };
  if (!unfinished(job)) return { value: job, diagnostics: [] };

  const pki = openPkiStore(stateDir);
  const newKeyPath = jobPath(stateDir, certId, '.key');
  // Killed after the PKI store's commit point but before this job's last update: the
  // certificate (and new key) of this transaction are in. Finish the job; asking the CA
  // again would sign with the old certificate and decrypt with the new key.
  const landed = pki.meta('local', certId)?.transactionID;
  if (landed !== undefined && landed === job.transactionID) {
    rmSync(newKeyPath, { force: true });
    const serial = readLocalCertificate(pki, certId).value?.serialHex;
    const done = update({
      state: 'issued',
      ...(serial ? { serial } : {}),
      code: undefined,
      reason: undefined,
    });
    return { value: done, diagnostics: [] };
  }
  const pkiKey = readKeyPair(pki, certId);
  if (!pkiKey.value)
    return fail('ENROLL_FAILED', pkiKey.diagnostics[0]?.message ?? `Key pair ${certId} not found`);
  let csrKey: KeyObject = pkiKey.value.privateKey;
  if (job.newKey) {
    if (!existsSync(newKeyPath))
      return fail('ENROLL_FAILED', `the new key of ${certId} was lost; start the renewal again`);
    csrKey = createPrivateKey(readFileSync(newKeyPath));
  }
  const signerCert = parseCertificate(Buffer.from(job.signerCert, 'base64'));
  const subject = job.subject
    ? nameFromDer(Buffer.from(job.subject, 'base64'))
    : job.csr
      ? csrSubject(Buffer.from(job.csr, 'base64'))
      : undefined;
  if (!signerCert || !subject) return fail('ENROLL_FAILED', 'the stored enrollment job is damaged');
  const signerKey = job.renewal ? pkiKey.value.privateKey : csrKey;

  const endpoint = { url: job.url, transport: deps.transport, timeoutMs: deps.timeoutMs };
  const caps = await getCaCaps(endpoint);
  if (!caps.ok) return fail(caps.error.code, caps.error.message);
  const caCerts = await getCaCert(endpoint);
  if (!caCerts.ok) return fail(caCerts.error.code, caCerts.error.message);
  // The CA must be the one loaded by `ca-certificate enroll` (pinned); an RA must be issued by it.
  const loaded = readCaCertificate(pki, job.caProfile);
  if (!loaded.value)
    return fail('ENROLL_CA_CERT_MISSING', `CA certificate for profile ${job.caProfile} is not loaded`);
  const pinned = pinCaCertificates(
    caCerts.value,
    loaded.value.der,
    deps.clock.now(),
    `profile ${job.caProfile}`,
  );
  if (!pinned.ok) return fail(pinned.error.code, `${job.url}: ${pinned.error.message}`);
  const algorithms = chooseAlgorithms(caps.value, { cipher: job.cipher, digest: job.digest });
  warnings.push(...algorithms.warnings);
  const ctx: EnrollContext = {
    endpoint,
    ca: pinned.value,
    algorithms,
    signer: { certificate: signerCert, key: signerKey },
    transactionID: job.transactionID,
    requestedSpki: spkiOf(csrKey),
    certId,
    now: () => deps.clock.now(),
  };

  for (;;) {
    let r: ScepResult<{ status: 'pending' } | { status: 'issued'; certificate: { der: Buffer } }>;
    if (job.state === 'requesting') {
      let built: BuiltRequest;
      if (job.request) {
        built = {
          message: Buffer.from(job.request.message, 'base64'),
          senderNonce: Buffer.from(job.request.senderNonce, 'base64'),
        };
      } else {
        const csrDer = unsentCsrs.get(unsent) ?? (job.csr ? Buffer.from(job.csr, 'base64') : undefined);
        if (!csrDer) {
          return fail(
            'ENROLL_FAILED',
            `the enrollment of ${certId} was interrupted before its request was sent; start it again`,
          );
        }
        const kind = job.renewal && algorithms.renewal ? 'RenewalReq' : 'PKCSReq';
        built = buildEnrollRequest(ctx, csrDer, kind);
        // From here on the job keeps the signed request (its CSR encrypted to the CA), not the CSR.
        update({
          request: {
            message: built.message.toString('base64'),
            senderNonce: built.senderNonce.toString('base64'),
          },
          csr: undefined,
        });
        unsentCsrs.delete(unsent);
      }
      r = await sendBuiltRequest(ctx, built);
    } else {
      const wait = job.nextPollAt ? Date.parse(job.nextPollAt) - deps.clock.now().getTime() : 0;
      if (wait > 0) await deps.clock.sleep(wait);
      r = await sendCertPoll(ctx, subject);
      update({ polls: job.polls + 1 });
    }
    for (const w of r.warnings) if (!warnings.some((x) => x.message === w.message)) warnings.push(w);
    if (!r.ok) {
      if (job.state === 'pending' && TRANSIENT.has(r.error.code) && job.polls < job.retry) {
        update({
          nextPollAt: new Date(deps.clock.now().getTime() + job.retryIntervalSec * 1000).toISOString(),
          reason: r.error.message,
        });
        continue;
      }
      return fail(r.error.code, r.error.message);
    }
    if (r.value.status === 'pending') {
      if (job.polls >= job.retry) {
        return fail(
          'ENROLL_RETRIES_EXHAUSTED',
          `the CA kept the request pending after ${job.retry} retries (enrollment retry)`,
        );
      }
      update({
        state: 'pending',
        nextPollAt: new Date(deps.clock.now().getTime() + job.retryIntervalSec * 1000).toISOString(),
        warnings: warnings.map((w) => w.message),
      });
      continue;
    }
    const cert = certificateFromDer(r.value.certificate.der, `${job.url} (CertRep)`);
    if (!cert.value)
      return fail('ENROLL_FAILED', cert.diagnostics[0]?.message ?? 'issued certificate unreadable');
    const changes: PkiChange[] = [];
    if (job.newKey) {
      changes.push(
        keyPairChange(certId, {
          ...pkiKey.value,
          privateKey: csrKey,
          publicKey: cert.value.publicKey,
          pem: readFileSync(newKeyPath, 'utf8'),
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
    const committed = pki.commit(changes);
    if (!committed.value)
      return fail('ENROLL_FAILED', committed.diagnostics[0]?.message ?? 'PKI store update failed');
    rmSync(newKeyPath, { force: true });
    const done = update({
      state: 'issued',
      serial: cert.value.serialHex,
      code: undefined,
      reason: undefined,
      warnings: warnings.map((w) => w.message),
    });
    return { value: done, diagnostics: warnings };
  }
}

/** Runs every unfinished job (after a restart). */
export async function resumeScepJobs(
  stateDir: string,
  deps: RunDeps,
): Promise<Result<ScepJob | undefined>[]> {
  const out: Result<ScepJob | undefined>[] = [];
  for (const j of listJobs(stateDir)) {
    if (unfinished(j)) out.push(await runScepJob(stateDir, j.certId, deps));
  }
  return out;
}

export { enrollmentStatuses, type EnrollmentStatus } from './job-store.js';
