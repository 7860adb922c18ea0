/**
 * What plan() and the status view read of a state directory: local and CA
 * certificates of the PKI store, unfinished SCEP jobs, and the recorded
 * renewal attempts. Every planner (commit check, commit, daemon, status)
 * observes through this one function, so from the same state they plan the same.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { printDnString } from '../pki/dn.js';
import { readCaCertificate, readLocalCertificate, trustedCas } from '../pki/pki-objects.js';
import { openPkiStore } from '../pki/pki-store.js';
import { listAttempts } from './attempt-store.js';
import { listJobs } from './job-store.js';
import type { ObservedState } from './plan.js';

/** The PKI state of `stateDir` as plan() sees it. Creates nothing. */
export function observeState(stateDir: string): ObservedState {
  const pendingJobs = listJobs(stateDir)
    .filter((j) => j.state === 'requesting' || j.state === 'pending')
    .map((j) => j.certId);
  const attempts = listAttempts(stateDir);
  if (!existsSync(join(stateDir, 'pki'))) return { localCerts: [], caCerts: [], pendingJobs, attempts };
  const store = openPkiStore(stateDir);
  const anchors = trustedCas(store).map((t) => t.certificate.x509);
  const localCerts = store.list('local').flatMap((certId) => {
    const c = readLocalCertificate(store, certId).value;
    return c
      ? [
          {
            certId,
            notBefore: c.notBefore,
            notAfter: c.notAfter,
            subject: printDnString(c.subject),
            issuerInStore: anchors.some((a) => c.x509.checkIssued(a)),
          },
        ]
      : [];
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
