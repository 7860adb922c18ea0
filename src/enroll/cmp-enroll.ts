/**
 * The CMPv2 enrollment engine: every CMP request of pkicfg goes through
 * `runCmpEnrollment`, whoever asks (the `request security pki local-certificate
 * enroll|re-enroll cmpv2` op commands, the commit applier, the daemon):
 *
 * - enroll (ir/ip): PBM with `ca-reference`/`ca-secret` (junos-pki §3.6), for
 *   the key pair of the certificate-id, the subject and alternate names given;
 * - re-enroll (kur/kup, §3.7, §4 rules 3, 4, 7, 8): signed with the current
 *   certificate and key, same subject and alternate names, oldCertID naming
 *   the certificate being replaced; the key is reused unless
 *   `re-generate-keypair` (then a fresh key of the same type and size).
 *
 * One at a time per certificate-id (the job lock SCEP jobs take too). The
 * protocol client checks every response and judges which CA certificates are
 * believed (protocols/cmp/response-trust.ts); only those are stored, the Junos
 * way (pki/ca-chain-naming). Key, certificate and CA certificates are
 * committed to the PKI store in one atomic commit after the whole transaction
 * succeeded: a failure changes nothing. A `waiting` answer under the no-wait
 * clock (commit, daemon) fails this run and is retried on the next. Secrets
 * are never part of a message.
 */
import * as asn1js from 'asn1js';
import type { Diagnostic, Result } from '../diag/diagnostic.js';
import { certificateFromDer, type CertificateInfo } from '../pki/certificate.js';
import { altNamesExtension, hasAltNames } from '../pki/extensions.js';
import { generateKeyPair, type KeyPair } from '../pki/key-pair.js';
import { readKeyPair, readLocalCertificate, trustedCas } from '../pki/pki-objects.js';
import { keyPairChange, localCertificateChange } from '../pki/pki-changes.js';
import { openPkiStore, type PkiChange, type PkiStore } from '../pki/pki-store.js';
import { storeCaChain, type CaChainPlacement } from '../pki/ca-chain-naming.js';
import { sendCmpEnrollment, type CmpEnrollRequest, type CmpEnrollResult } from '../protocols/cmp/client.js';
import { cmpDiagnostic } from '../protocols/cmp/cmp-diagnostic.js';
import type { CmpTransport } from '../protocols/cmp/http-transport.js';
import type { Clock } from './clock.js';
import { WaitDeferred } from './no-wait.js';
import { lockJob } from './job-store.js';

export type CmpEnrollment =
  | {
      readonly kind: 'enroll';
      readonly reference: string;
      readonly secret: string;
      /** DER Name requested. */
      readonly subject: Uint8Array;
      /** DER Extensions (subjectAltName) requested. */
      readonly extensions?: Uint8Array;
      /** DER Name of the CA (ca-dn). */
      readonly recipient?: Uint8Array;
    }
  | { readonly kind: 're-enroll'; readonly regenerateKey: boolean };

export interface CmpEnrollmentRequest {
  readonly certId: string;
  readonly caProfile: string;
  readonly url: string;
  readonly what: CmpEnrollment;
  /** Configured ca-profile names (never used for CA certificates of the chain). */
  readonly reservedProfiles: readonly string[];
}

export interface CmpEnrollDeps {
  readonly stateDir: string;
  readonly clock: Clock;
  readonly transport: () => CmpTransport;
  /** The PKI store to use (the op command's); opened from stateDir when absent. */
  readonly store?: PkiStore;
}

export interface CmpEnrolled {
  readonly certificate: CertificateInfo;
  readonly newKey: boolean;
  /** Where each CA certificate went (Junos chain naming). */
  readonly placements: readonly CaChainPlacement[];
  /** caPubs the response carried but that were not believed, hence not stored. */
  readonly refusedCaPubs: readonly CertificateInfo[];
}

export async function runCmpEnrollment(
  req: CmpEnrollmentRequest,
  deps: CmpEnrollDeps,
): Promise<Result<CmpEnrolled | undefined>> {
  // one enrollment of a certificate at a time (a command, a commit and the daemon may race)
  const unlock = lockJob(deps.stateDir, req.certId);
  if (!unlock)
    return failure(
      req,
      cmpDiagnostic('CMP_BAD_REQUEST', `enrollment of ${req.certId} is already running in another process`),
    );
  try {
    return await enrollLocked(req, deps);
  } finally {
    unlock();
  }
}

async function enrollLocked(
  req: CmpEnrollmentRequest,
  deps: CmpEnrollDeps,
): Promise<Result<CmpEnrolled | undefined>> {
  const store = deps.store ?? openPkiStore(deps.stateDir, { now: () => deps.clock.now() });
  const key = readKeyPair(store, req.certId);
  if (!key.value) return { value: undefined, diagnostics: key.diagnostics };
  const prepared = prepareRequest(req, deps, store, key.value);
  if (!prepared.value) return { value: undefined, diagnostics: prepared.diagnostics };
  const result = await send(req, deps, prepared.value.message);
  if (!result.value) return { value: undefined, diagnostics: result.diagnostics };
  return storeEnrolled(req, store, key.value, prepared.value, result.value);
}

/** What one transaction sends, and the key pair the new certificate is for. */
interface PreparedRequest {
  readonly message: Omit<CmpEnrollRequest, 'transport'>;
  /** The current key pair, or a fresh one (re-enroll with `re-generate-keypair`). */
  readonly next: KeyPair;
  /** Serial of the certificate a re-enrollment replaces. */
  readonly renewedFrom?: string;
}

/**
 * The request: ir protected by PBM with the reference and secret for the
 * certificate-id's key pair, or kur signed with the current certificate and
 * key, for the same subject and alternate names, naming the old certificate.
 */
function prepareRequest(
  req: CmpEnrollmentRequest,
  deps: CmpEnrollDeps,
  store: PkiStore,
  key: KeyPair,
): Result<PreparedRequest | undefined> {
  const trusted = trustedCas(store).map((t) => t.certificate.der);
  const common = {
    url: req.url,
    trusted,
    clock: () => deps.clock.now(),
    sleep: (ms: number) => deps.clock.sleep(ms),
  };
  if (req.what.kind === 'enroll') {
    const w = req.what;
    const message: Omit<CmpEnrollRequest, 'transport'> = {
      ...common,
      command: 'ir',
      protection: {
        kind: 'pbm',
        reference: Buffer.from(w.reference, 'utf8'),
        secret: Buffer.from(w.secret, 'utf8'),
      },
      newKey: { privateKey: key.privateKey, publicKey: key.publicKey },
      subject: w.subject,
      ...(w.extensions ? { extensions: w.extensions } : {}),
      ...(w.recipient ? { recipient: w.recipient } : {}),
    };
    return { value: { message, next: key }, diagnostics: [] };
  }
  const cert = readLocalCertificate(store, req.certId);
  if (!cert.value) return { value: undefined, diagnostics: cert.diagnostics };
  const current = cert.value;
  const next = req.what.regenerateKey ? generateKeyPair({ type: key.type, size: key.size }) : key;
  const extensions = hasAltNames(current.altNames)
    ? new Uint8Array(
        new asn1js.Sequence({ value: [altNamesExtension(current.altNames).toSchema()] }).toBER(false),
      )
    : undefined;
  const message: Omit<CmpEnrollRequest, 'transport'> = {
    ...common,
    command: 'kur',
    protection: { kind: 'signature', key: key.privateKey, cert: current.der },
    newKey: { privateKey: next.privateKey, publicKey: next.publicKey },
    subject: current.subjectDer,
    ...(extensions ? { extensions } : {}),
    oldCert: current.der,
  };
  return { value: { message, next, renewedFrom: current.serialHex }, diagnostics: [] };
}

/** The transaction over a transport of its own; its failures said as this enrollment's. */
async function send(
  req: CmpEnrollmentRequest,
  deps: CmpEnrollDeps,
  message: Omit<CmpEnrollRequest, 'transport'>,
): Promise<Result<CmpEnrollResult | undefined>> {
  const transport = deps.transport();
  let result;
  try {
    result = await sendCmpEnrollment({ ...message, transport });
  } catch (e) {
    // the no-wait clock refused to sleep through a `waiting` answer: retried on the next run
    if (!(e instanceof WaitDeferred)) throw e;
    return failure(req, cmpDiagnostic('CMP_POLL_TIMEOUT', 'the CA asked to wait; retried on the next run'));
  } finally {
    transport.close?.();
  }
  if (!result.value)
    return { value: undefined, diagnostics: result.diagnostics.map((d) => inContext(req, d)) };
  return result;
}

/**
 * The new key (if any), the certificate and the believed CA certificates,
 * committed to the PKI store at once, the CA certificates named the Junos way.
 */
function storeEnrolled(
  req: CmpEnrollmentRequest,
  store: PkiStore,
  key: KeyPair,
  prepared: PreparedRequest,
  response: CmpEnrollResult,
): Result<CmpEnrolled | undefined> {
  const { next, renewedFrom } = prepared;
  const ee = certificateFromDer(response.certificate, 'CMP response');
  if (!ee.value) return { value: undefined, diagnostics: ee.diagnostics };
  const cas = response.caCertificates.flatMap((d) => certificateFromDer(d, 'CMP response').value ?? []);
  const refused = response.refusedCaPubs.flatMap((d) => certificateFromDer(d, 'CMP response').value ?? []);
  const changes: PkiChange[] = [];
  const newKey = next !== key;
  if (newKey) changes.push(keyPairChange(req.certId, next, { source: 'cmpv2' }));
  changes.push(
    localCertificateChange(req.certId, ee.value, {
      source: 'cmpv2',
      caProfile: req.caProfile,
      keyLocation: 'local',
      ...(renewedFrom ? { renewedFrom } : {}),
    }),
  );
  const stored = storeCaChain(
    store,
    {
      caProfile: req.caProfile,
      endEntity: ee.value,
      caCertificates: cas,
      reservedNames: req.reservedProfiles,
      meta: { source: 'cmpv2' },
    },
    changes,
  );
  if (!stored.value) return { value: undefined, diagnostics: stored.diagnostics };
  return {
    value: { certificate: ee.value, newKey, placements: stored.value.placements, refusedCaPubs: refused },
    diagnostics: [],
  };
}

function what(req: CmpEnrollmentRequest): string {
  return req.what.kind === 'enroll' ? 'CMPv2 enrollment' : 'CMPv2 re-enrollment';
}

function inContext(req: CmpEnrollmentRequest, d: Diagnostic): Diagnostic {
  return { ...d, message: `${what(req)} of ${req.certId} failed: ${d.message}` };
}

function failure(req: CmpEnrollmentRequest, d: Diagnostic): Result<undefined> {
  return { value: undefined, diagnostics: [inContext(req, d)] };
}
