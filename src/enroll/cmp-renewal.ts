/**
 * CMPv2 automatic re-enrollment (junos-pki.md §4 rules 3, 4, 7, 8): a key
 * update request (kur/kup) protected by a signature with the current
 * certificate and its key, for the same subject and alternate names, with
 * oldCertID naming the certificate being replaced. The key is reused unless
 * `re-generate-keypair` (then a fresh key of the same type and size). CA
 * certificates of the response are stored the Junos way (pki/ca-chain-naming).
 * Key, certificate and CA certificates are committed to the PKI store in one
 * atomic commit after the whole transaction succeeded: a failure changes
 * nothing, and the next reconcile run retries.
 */
import * as asn1js from 'asn1js';
import type { Diagnostic, Result } from '../diag/diagnostic.js';
import { certificateFromDer, type CertificateInfo } from '../pki/certificate.js';
import { fingerprint } from '../pki/fingerprint.js';
import { altNamesExtension, hasAltNames } from '../pki/extensions.js';
import { generateKeyPair } from '../pki/key-pair.js';
import {
  keyPairChange,
  localCertificateChange,
  readKeyPair,
  readLocalCertificate,
  trustedCas,
} from '../pki/pki-objects.js';
import { openPkiStore, type PkiChange } from '../pki/pki-store.js';
import { storeCaChain } from '../pki/ca-chain-naming.js';
import { sendCmpEnrollment } from '../protocols/cmp/client.js';
import type { CmpTransport } from '../protocols/cmp/http-transport.js';
import type { Clock } from './clock.js';
import { WaitDeferred } from './no-wait.js';
import { lockJob } from './job-store.js';

export interface CmpRenewRequest {
  readonly certId: string;
  readonly caProfile: string;
  readonly url: string;
  readonly regenerateKey: boolean;
  /** Configured ca-profile names (never used for CA certificates of the chain). */
  readonly reservedProfiles: readonly string[];
}

export interface CmpRenewDeps {
  readonly stateDir: string;
  readonly clock: Clock;
  readonly transport: () => CmpTransport;
}

export interface CmpRenewal {
  readonly certificate: CertificateInfo;
  readonly newKey: boolean;
}

function failure(certId: string, message: string): Result<CmpRenewal | undefined> {
  const d: Diagnostic = {
    code: 'ENROLL_RENEWAL_FAILED',
    severity: 'error',
    stage: 'enroll',
    message,
    path: ['certificate-id', certId],
  };
  return { value: undefined, diagnostics: [d] };
}

export async function renewCmpv2(
  req: CmpRenewRequest,
  deps: CmpRenewDeps,
): Promise<Result<CmpRenewal | undefined>> {
  // one renewal of a certificate at a time (a commit and the daemon may race); same lock as SCEP jobs
  const unlock = lockJob(deps.stateDir, req.certId);
  if (!unlock)
    return failure(req.certId, `Re-enrollment of ${req.certId} is already running in another process`);
  try {
    return await renewLocked(req, deps);
  } finally {
    unlock();
  }
}

async function renewLocked(
  req: CmpRenewRequest,
  deps: CmpRenewDeps,
): Promise<Result<CmpRenewal | undefined>> {
  const store = openPkiStore(deps.stateDir, { now: () => deps.clock.now() });
  const key = readKeyPair(store, req.certId);
  if (!key.value) return { value: undefined, diagnostics: key.diagnostics };
  const cert = readLocalCertificate(store, req.certId);
  if (!cert.value) return { value: undefined, diagnostics: cert.diagnostics };
  const current = cert.value;
  const next = req.regenerateKey
    ? generateKeyPair({ type: key.value.type, size: key.value.size })
    : key.value;
  const extensions = hasAltNames(current.altNames)
    ? new Uint8Array(
        new asn1js.Sequence({ value: [altNamesExtension(current.altNames).toSchema()] }).toBER(false),
      )
    : undefined;
  const transport = deps.transport();
  let result;
  try {
    result = await sendCmpEnrollment({
      url: req.url,
      transport,
      command: 'kur',
      protection: { kind: 'signature', key: key.value.privateKey, cert: current.der },
      newKey: { privateKey: next.privateKey, publicKey: next.publicKey },
      subject: current.subjectDer,
      ...(extensions ? { extensions } : {}),
      oldCert: current.der,
      trusted: trustedCas(store).map((t) => t.certificate.der),
      clock: () => deps.clock.now(),
      sleep: (ms) => deps.clock.sleep(ms),
    });
  } catch (e) {
    // the no-wait clock refused to sleep through a `waiting` answer: retried on the next run
    if (!(e instanceof WaitDeferred)) throw e;
    return failure(
      req.certId,
      `CMPv2 re-enrollment of ${req.certId}: the CA asked to wait; retried on the next run`,
    );
  } finally {
    transport.close?.();
  }
  if (!result.value) {
    return failure(
      req.certId,
      `CMPv2 re-enrollment of ${req.certId} failed: ${result.diagnostics.map((d) => d.message).join('; ')}`,
    );
  }
  const ee = certificateFromDer(result.value.certificate, 'CMP kup');
  if (!ee.value) return failure(req.certId, ee.diagnostics[0]?.message ?? 'issued certificate unreadable');
  const cas: CertificateInfo[] = [];
  const seen = new Set<string>();
  for (const der of [...result.value.caPubs, ...result.value.extraCerts]) {
    const c = certificateFromDer(der, 'CMP kup');
    if (!c.value || !c.value.isCa) continue;
    const fp = fingerprint(c.value.der, 'sha256');
    if (seen.has(fp)) continue;
    seen.add(fp);
    cas.push(c.value);
  }
  const changes: PkiChange[] = [];
  if (req.regenerateKey) changes.push(keyPairChange(req.certId, next));
  changes.push(
    localCertificateChange(req.certId, ee.value, {
      source: 'cmpv2',
      caProfile: req.caProfile,
      keyLocation: 'local',
      renewedFrom: current.serialHex,
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
  if (!stored.value) {
    return failure(
      req.certId,
      `CMPv2 re-enrollment of ${req.certId}: storing the certificate failed: ${stored.diagnostics[0]?.message ?? ''}`,
    );
  }
  return { value: { certificate: ee.value, newKey: req.regenerateKey }, diagnostics: [] };
}
