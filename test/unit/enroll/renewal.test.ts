// Auto re-enrollment: trigger arithmetic and the scheduler on an injected clock.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCaServer, type RunningCaServer } from '../../../src/ca/serve.js';
import { nodeHttpTransport } from '../../../src/protocols/http/transport.js';
import { certificateFromDer } from '../../../src/pki/certificate.js';
import { NO_ALT_NAMES } from '../../../src/pki/extensions.js';
import { generateKeyPair } from '../../../src/pki/key-pair.js';
import { caCertificateChange, keyPairChange, readLocalCertificate } from '../../../src/pki/pki-objects.js';
import { openPkiStore } from '../../../src/pki/pki-store.js';
import { encrypt9 } from '../../../src/syntax/secret.js';
import { manualClock } from '../../../src/enroll/clock.js';
import { createScepJob, runScepJob } from '../../../src/enroll/scep-job.js';
import {
  dueRenewals,
  renewDue,
  renewalTriggerTime,
  runRenewalScheduler,
  scepRenewalTargets,
} from '../../../src/enroll/renewal.js';

const D = 86_400_000;
const nb = new Date('2026-01-01T00:00:00Z');
const na = new Date(nb.getTime() + 100 * D);

describe('renewal trigger time', () => {
  test.each([
    [{ percentage: 10 }, 90 * D],
    [{ percentage: 99 }, 1 * D],
    [{ days: 5 }, 95 * D],
    [{ hours: 48 }, 98 * D],
    [{ percent: 25 }, 75 * D],
    [{ percentage: 10, days: 30 }, 70 * D], // re-enroll-time wins
  ])('%j', (policy, offset) => {
    expect(renewalTriggerTime(nb, na, policy)?.getTime()).toBe(nb.getTime() + offset);
  });
  test('no policy, no trigger', () => expect(renewalTriggerTime(nb, na, {})).toBeUndefined());
  test('due only once the trigger has passed', () => {
    const t = {
      certId: 'a',
      caProfile: 'P',
      notBefore: nb,
      notAfter: na,
      policy: { percentage: 10 },
      regenerateKey: false,
    };
    expect(dueRenewals([t], new Date(nb.getTime() + 89 * D))).toEqual([]);
    expect(dueRenewals([t], new Date(nb.getTime() + 90 * D))).toEqual([t]);
  });
});

describe('renewal scheduler against the embedded CA', () => {
  let dir: string;
  let srv: RunningCaServer;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pkicfg-renew-'));
    srv = await startCaServer({ stateDir: join(dir, 'ca'), port: 0, challenge: 'pw' });
  });
  afterAll(async () => {
    await srv.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('renews when 10 % of the lifetime remains, with the same DN; config secret in $9$ form', async () => {
    const state = join(dir, 'dev');
    const pki = openPkiStore(state, { durable: false });
    pki.commit([
      keyPairChange('gw', generateKeyPair({ type: 'rsa', size: 2048 })),
      caCertificateChange('P', certificateFromDer(srv.ca.certificate.der, 'ca').value!),
    ]);
    const profile = { name: 'P', url: srv.scepUrl, retry: 2, retryIntervalSec: 10 };
    const clock = manualClock(new Date());
    createScepJob(
      state,
      { certId: 'gw', profile, challengePassword: 'pw', subject: 'CN=gw,O=Example', altNames: NO_ALT_NAMES },
      clock.now(),
    );
    await runScepJob(state, 'gw', { transport: nodeHttpTransport(), clock });
    const first = readLocalCertificate(openPkiStore(state), 'gw').value!;
    const tree = {
      security: {
        pki: {
          'ca-profile': { P: { enrollment: { url: srv.scepUrl, retry: 2, 'retry-interval': 10 } } },
          'auto-re-enrollment': {
            scep: {
              'certificate-id': {
                gw: {
                  'ca-profile-name': 'P',
                  'challenge-password': encrypt9('pw'),
                  're-enroll-trigger-time-percentage': 10,
                },
              },
            },
          },
        },
      },
    };
    expect(scepRenewalTargets(tree, state)[0]).toMatchObject({ certId: 'gw', challengePassword: 'pw' });
    const deps = { stateDir: state, clock, config: () => tree, transport: nodeHttpTransport() };
    expect(await renewDue(deps)).toEqual([]); // not due yet

    // The scheduler sleeps until the trigger, renews, then idles; stop it on its second sleep.
    const ac = new AbortController();
    let sleeps = 0;
    const sched = {
      ...deps,
      idleMs: 400 * D,
      clock: {
        now: clock.now,
        sleep: async (ms: number) => {
          clock.advance(ms);
          if (++sleeps === 2) ac.abort();
        },
      },
    };
    await runRenewalScheduler(sched, ac.signal);
    const renewed = readLocalCertificate(openPkiStore(state), 'gw').value!;
    expect(renewed.serialHex).not.toBe(first.serialHex);
    expect(renewed.x509.subject).toBe(first.x509.subject);
    const lifetime = first.notAfter.getTime() - first.notBefore.getTime();
    expect(clock.now().getTime()).toBeGreaterThanOrEqual(first.notAfter.getTime() - lifetime * 0.1);
  });
});
