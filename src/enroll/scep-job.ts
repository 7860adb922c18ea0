/**
 * SCEP enrollment as a durable job: `createScepJob` checks everything that
 * can be checked locally (key exists and is RSA, CA certificate loaded,
 * subject parses, CSR builds) and writes the job; `runScepJob` drives it to
 * `issued` or `failed`, persisting after every exchange so that a process
 * that dies while polling resumes the same transaction (`resumeScepJobs`).
 * Only `issued` changes the PKI store, in one atomic commit. Running is
 * ./scep-job-run.ts.
 */
import type { Diagnostic, Result } from '../diag/diagnostic.js';
import { csrSubject, nameToDer, newTransactionId } from '../protocols/scep/client.js';
import { buildTransientSigner } from '../protocols/scep/x509-build.js';
import { buildCsr } from '../pki/csr.js';
import { deviceSerialNumber } from '../pki/device-serial.js';
import { dnToRdns, parseDn } from '../pki/dn.js';
import type { AltNames } from '../pki/extensions.js';
import type { Digest } from '../pki/algorithms.js';
import { generateKeyPair, type KeyPair } from '../pki/key-pair.js';
import { readCaCertificate, readKeyPair, readLocalCertificate } from '../pki/pki-objects.js';
import { openPkiStore, type PkiStore } from '../pki/pki-store.js';
import type { CaProfileSettings } from './ca-profile.js';
import { jobPath, loadJob, saveJob, writeFileDurable, type ScepJob } from './job-store.js';
import type { ContentCipher, DigestAlg } from '../protocols/scep/types.js';
import { diag, failed, unfinished } from './scep-job-run.js';
import { keepUnsentCsr, unsentCsr } from './unsent-csrs.js';

export { resumeScepJobs, runScepJob } from './scep-job-run.js';

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

/** An unfinished job that can still go on: its request was built, or can be here. */
function resumable(stateDir: string, job: ScepJob | undefined): job is ScepJob {
  return (
    unfinished(job) &&
    (job.state === 'pending' ||
      job.request !== undefined ||
      job.csr !== undefined ||
      unsentCsr(stateDir, job) !== undefined)
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

/**
 * Where a create starts: the unfinished job of CERTID to resume, or the PKI
 * store and the RSA key a new job is made from (no key: why, in diagnostics).
 */
function startJob(
  stateDir: string,
  certId: string,
):
  | { readonly resume: ScepJob }
  | { readonly pki: PkiStore; readonly key?: KeyPair; readonly diagnostics: readonly Diagnostic[] } {
  const existing = loadJob(stateDir, certId);
  if (resumable(stateDir, existing)) return { resume: existing };
  const pki = openPkiStore(stateDir);
  const key = readRsaKey(pki, certId);
  return { pki, ...(key.value ? { key: key.value } : {}), diagnostics: key.diagnostics };
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
  keepUnsentCsr(stateDir, job, fields.csr);
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
  const start = startJob(stateDir, req.certId);
  if ('resume' in start) {
    const existing = start.resume;
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
  if (!start.key) return { value: undefined, diagnostics: start.diagnostics };
  const { pki, key } = start;
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
    key,
    subject: dn.value,
    altNames: req.altNames,
    digest: req.digest,
    challengePassword: req.challengePassword,
  });
  if (!csr.value) return { value: undefined, diagnostics: csr.diagnostics };
  const signer = buildTransientSigner(key.privateKey, dnToRdns(dn.value), now);
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
  const start = startJob(stateDir, req.certId);
  if ('resume' in start) return { value: start.resume, diagnostics: [] };
  if (!start.key) return { value: undefined, diagnostics: start.diagnostics };
  const { pki, key } = start;
  const cert = readLocalCertificate(pki, req.certId);
  if (!cert.value) return { value: undefined, diagnostics: cert.diagnostics };
  const newKey = req.regenerateKey ? generateKeyPair({ type: 'rsa', size: key.size }) : undefined;
  const csr = buildCsr({
    key: newKey ?? key,
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

export { enrollmentStatuses } from './job-store.js';
