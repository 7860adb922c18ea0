/**
 * What plan() and the status view read of a state directory: local and CA
 * certificates of the PKI store, unfinished SCEP jobs, and the recorded
 * renewal attempts. Every planner (commit check, commit, daemon, status)
 * observes through this one function, so from the same state they plan the same.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { printDnString } from '../pki/dn.js';
import { crlsByProfile, readCaCertificate, readLocalCertificate, trustedCas } from '../pki/pki-objects.js';
import { checkCrlIssuer } from '../pki/crl.js';
import type { CertificateInfo } from '../pki/certificate.js';
import { openPkiStore } from '../pki/pki-store.js';
import { listAttempts } from './attempt-store.js';
import { listJobs } from './job-store.js';
import type { ObservedLocalCert, ObservedState } from './plan.js';

/** The PKI state of `stateDir` as plan() sees it. Creates nothing. */
export function observeState(stateDir: string): ObservedState {
  const pendingJobs = listJobs(stateDir)
    .filter((j) => j.state === 'requesting' || j.state === 'pending')
    .map((j) => j.certId);
  const attempts = listAttempts(stateDir);
  if (!existsSync(join(stateDir, 'pki'))) return { localCerts: [], caCerts: [], pendingJobs, attempts };
  const store = openPkiStore(stateDir);
  const anchors = trustedCas(store).map((t) => t.certificate.x509);
  const crls = crlsByProfile(store);
  // a CRL counts only when its profile's CA certificate issued both it and the certificate
  const revokedIn = (c: CertificateInfo): ObservedLocalCert['revoked'] => {
    for (const [profile, crl] of crls) {
      const ca = readCaCertificate(store, profile).value;
      if (!ca || !c.x509.checkIssued(ca.x509) || checkCrlIssuer(crl, ca, profile)) continue;
      const hit = crl.revoked.find((r) => r.serialHex === c.serialHex);
      if (hit)
        return { at: hit.revokedAt, ...(hit.reason ? { reason: hit.reason } : {}), caProfile: profile };
    }
    return undefined;
  };
  const localCerts = store.list('local').flatMap((certId) => {
    const c = readLocalCertificate(store, certId).value;
    if (!c) return [];
    const revoked = revokedIn(c);
    return [
      {
        certId,
        notBefore: c.notBefore,
        notAfter: c.notAfter,
        subject: printDnString(c.subject),
        issuerInStore: anchors.some((a) => c.x509.checkIssued(a)),
        ...(revoked ? { revoked } : {}),
      },
    ];
  });
  const caNotAfter = new Map<string, Date>();
  const caCerts = store.list('ca').map((profile) => {
    const ca = readCaCertificate(store, profile).value;
    if (ca) caNotAfter.set(profile, ca.notAfter);
    const m = store.meta('ca', profile);
    const parent = m?.chain === true && typeof m.parent === 'string' ? m.parent : undefined;
    return { profile, ...(parent !== undefined ? { chainParent: parent } : {}) };
  });
  return { localCerts, caCerts, pendingJobs, attempts, caNotAfter };
}
