// Durable SCEP enrollment jobs against the embedded CA (in process, 127.0.0.1).
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startCaServer, type RunningCaServer } from '../../../src/ca/serve.js';
import { startTestCas, stopTestCas, type TestCas } from '../ca/test-cas.js';
import { decidePending, listPending } from '../../../src/ca/pending-queue.js';
import {
  nodeHttpTransport,
  type HttpRequest,
  type HttpTransport,
} from '../../../src/protocols/http/transport.js';
import { certificateFromDer } from '../../../src/pki/certificate.js';
import { generateKeyPair } from '../../../src/pki/key-pair.js';
import { readLocalCertificate } from '../../../src/pki/pki-objects.js';
import { caCertificateChange, keyPairChange } from '../../../src/pki/pki-changes.js';
import { openPkiStore } from '../../../src/pki/pki-store.js';
import { NO_ALT_NAMES } from '../../../src/pki/extensions.js';
import { manualClock } from '../../../src/enroll/clock.js';
import { loadJob } from '../../../src/enroll/job-store.js';
import {
  createScepJob,
  createScepRenewalJob,
  enrollmentStatuses,
  resumeScepJobs,
  runScepJob,
  type ScepEnrollRequest,
} from '../../../src/enroll/scep-job.js';

const rsaKey = generateKeyPair({ type: 'rsa', size: 2048 });
let cas: TestCas;
let dir: string;
let auto: RunningCaServer;
let manual: RunningCaServer;
const transport = nodeHttpTransport();

beforeAll(async () => {
  cas = await startTestCas('pkicfg-enroll-', 'pw');
  ({ dir, auto, manual } = cas);
});
afterAll(() => stopTestCas(cas));

let n = 0;
/** A fresh device state with the key for `id` and the CA of `srv` loaded as profile P. */
function device(srv: RunningCaServer, id = 'c1', key = rsaKey): string {
  const state = join(dir, `dev${++n}`);
  const pki = openPkiStore(state, { durable: false });
  const ca = certificateFromDer(srv.ca.certificate.der, 'ca').value!;
  expect(pki.commit([keyPairChange(id, key), caCertificateChange('P', ca)]).value).toBe(true);
  return state;
}

function request(srv: RunningCaServer, over: Partial<ScepEnrollRequest> = {}): ScepEnrollRequest {
  return {
    certId: 'c1',
    profile: { name: 'P', url: srv.scepUrl, retry: 3, retryIntervalSec: 60 },
    challengePassword: 'pw',
    subject: 'CN=vpn-gw,OU=net,O=Example',
    altNames: { ...NO_ALT_NAMES, dns: ['vpn.example.net'] },
    ...over,
  };
}

describe('SCEP enrollment jobs', () => {
  test('enrolls and stores the certificate in the PKI store', async () => {
    const state = device(auto);
    const clock = manualClock(new Date());
    const job = createScepJob(state, request(auto), clock.now());
    expect(job.value?.state).toBe('requesting');
    const r = await runScepJob(state, 'c1', { transport, clock });
    expect(r.value?.state).toBe('issued');
    const cert = readLocalCertificate(openPkiStore(state), 'c1').value!;
    expect(cert.x509.subject).toContain('CN=vpn-gw');
    expect(cert.x509.subjectAltName).toBe('DNS:vpn.example.net');
    expect(openPkiStore(state).meta('local', 'c1')?.source).toBe('scep');
    expect(enrollmentStatuses(state)[0]).toMatchObject({ certId: 'c1', state: 'issued' });
  });

  test('a process that dies while polling resumes the same transaction', async () => {
    const state = device(manual);
    const clock = manualClock(new Date());
    createScepJob(state, request(manual), clock.now());
    // The first sleep before a poll "kills" the process.
    const dying = { ...clock, sleep: async () => Promise.reject(new Error('killed')) };
    await expect(runScepJob(state, 'c1', { transport, clock: dying })).rejects.toThrow('killed');
    const pending = loadJob(state, 'c1')!;
    expect(pending.state).toBe('pending');
    expect(enrollmentStatuses(state)[0].state).toBe('polling');
    // Starting the same enrollment again returns the unfinished job: same transaction.
    const again = createScepJob(state, request(manual), clock.now());
    expect(again.value?.transactionID).toBe(pending.transactionID);
    const queued = listPending(manual.ca).find((p) => p.transactionID === pending.transactionID)!;
    expect(decidePending(manual.ca, queued.transactionID, 'approved')).toBe(true);
    const [r] = await resumeScepJobs(state, { transport, clock });
    expect(r.value).toMatchObject({ state: 'issued', transactionID: pending.transactionID });
    expect(readLocalCertificate(openPkiStore(state), 'c1').value).toBeDefined();
  });

  test('retries exhausted while PENDING: failed with the reason, store unchanged', async () => {
    const state = device(manual);
    const before = readFileSync(join(state, 'pki', 'index.json'), 'utf8');
    const clock = manualClock(new Date());
    createScepJob(
      state,
      request(manual, { profile: { name: 'P', url: manual.scepUrl, retry: 2, retryIntervalSec: 30 } }),
      clock.now(),
    );
    const t0 = clock.now().getTime();
    const r = await runScepJob(state, 'c1', { transport, clock });
    expect(r.value?.state).toBe('failed');
    expect(r.diagnostics.map((d) => d.code)).toContain('ENROLL_RETRIES_EXHAUSTED');
    expect(clock.now().getTime() - t0).toBe(2 * 30_000); // honours retry-interval via the injected clock
    expect(readFileSync(join(state, 'pki', 'index.json'), 'utf8')).toBe(before);
    expect(enrollmentStatuses(state)[0].detail).toMatch(
      /^failed: the CA kept the request pending after 2 retries/,
    );
  });

  test('wrong challenge: failed with failInfo in words, store unchanged', async () => {
    const state = device(auto);
    const before = readFileSync(join(state, 'pki', 'index.json'), 'utf8');
    createScepJob(state, request(auto, { challengePassword: 'nope' }), new Date());
    const r = await runScepJob(state, 'c1', { transport, clock: manualClock(new Date()) });
    expect(r.value?.state).toBe('failed');
    expect(r.value?.reason).toContain('badRequest (2)');
    expect(readFileSync(join(state, 'pki', 'index.json'), 'utf8')).toBe(before);
  });

  test('hostile CA (serves another CA certificate): refused, store unchanged', async () => {
    const state = device(auto);
    const before = readFileSync(join(state, 'pki', 'index.json'), 'utf8');
    createScepJob(state, request(manual), new Date()); // job points at the manual CA, but profile P pins the auto CA
    const r = await runScepJob(state, 'c1', { transport, clock: manualClock(new Date()) });
    expect(r.value?.code).toBe('SCEP_FINGERPRINT_MISMATCH');
    expect(readFileSync(join(state, 'pki', 'index.json'), 'utf8')).toBe(before);
  });

  test('transport failures while requesting fail the job cleanly', async () => {
    const state = device(auto);
    const before = readFileSync(join(state, 'pki', 'index.json'), 'utf8');
    const broken: HttpTransport = {
      send: async () => ({ ok: false, kind: 'timeout', message: 'no answer within 10 ms' }),
    };
    createScepJob(state, request(auto), new Date());
    const r = await runScepJob(state, 'c1', { transport: broken, clock: manualClock(new Date()) });
    expect(r.value).toMatchObject({ state: 'failed', code: 'SCEP_TIMEOUT' });
    expect(readFileSync(join(state, 'pki', 'index.json'), 'utf8')).toBe(before);
  });

  test('ECDSA key: Junos warning, no job, nothing sent', () => {
    const state = device(auto, 'ec1', generateKeyPair({ type: 'ecdsa', size: 256 }));
    const r = createScepJob(state, request(auto, { certId: 'ec1' }), new Date());
    expect(r.value).toBeUndefined();
    expect(r.diagnostics[0].message).toBe('ECDSA Keypair not supported with SCEP for cert_id ec1');
    expect(existsSync(join(state, 'enroll', 'scep', 'ec1.json'))).toBe(false);
  });

  test('CA certificate not loaded', () => {
    const state = join(dir, 'nocas');
    openPkiStore(state, { durable: false }).commit([keyPairChange('c1', rsaKey)]);
    const r = createScepJob(state, request(auto), new Date());
    expect(r.diagnostics[0].code).toBe('ENROLL_CA_CERT_MISSING');
  });

  test('a second runner of the same job is refused', async () => {
    const state = device(auto);
    createScepJob(state, request(auto), new Date());
    const first = runScepJob(state, 'c1', { transport, clock: manualClock(new Date()) });
    const second = await runScepJob(state, 'c1', { transport, clock: manualClock(new Date()) });
    expect(second.diagnostics[0].code).toBe('ENROLL_JOB_BUSY');
    expect((await first).value?.state).toBe('issued');
  });

  test('renewal: RenewalReq with the current certificate; re-generate-keypair stores the new key', async () => {
    const state = device(auto);
    createScepJob(state, request(auto), new Date());
    await runScepJob(state, 'c1', { transport, clock: manualClock(new Date()) });
    const old = readLocalCertificate(openPkiStore(state), 'c1').value!;
    const oldKeyPem = openPkiStore(state).readPem('key', 'c1');
    const profile = { name: 'P', url: auto.scepUrl, retry: 3, retryIntervalSec: 60 };
    const job = createScepRenewalJob(state, { certId: 'c1', profile, regenerateKey: true }, new Date());
    expect(job.value?.renewal).toBe(true);
    const r = await runScepJob(state, 'c1', { transport, clock: manualClock(new Date()) });
    expect(r.value?.state).toBe('issued');
    const renewed = readLocalCertificate(openPkiStore(state), 'c1').value!;
    expect(renewed.serialHex).not.toBe(old.serialHex);
    expect(renewed.x509.subject).toBe(old.x509.subject);
    expect(openPkiStore(state).readPem('key', 'c1')).not.toBe(oldKeyPem);
    expect(existsSync(join(state, 'enroll', 'scep', 'c1.key'))).toBe(false);
  });

  test('killed after the PKI store took the renewal but before the job said so: resuming finishes it', async () => {
    const state = device(auto);
    createScepJob(state, request(auto), new Date());
    await runScepJob(state, 'c1', { transport, clock: manualClock(new Date()) });
    const profile = { name: 'P', url: auto.scepUrl, retry: 3, retryIntervalSec: 60 };
    createScepRenewalJob(state, { certId: 'c1', profile, regenerateKey: true }, new Date());
    const jobFile = join(state, 'enroll', 'scep', 'c1.json');
    const keyFile = join(state, 'enroll', 'scep', 'c1.key');
    // what the job directory held at the PKI store's commit point
    const before = [readFileSync(jobFile), readFileSync(keyFile)];
    expect((await runScepJob(state, 'c1', { transport, clock: manualClock(new Date()) })).value?.state).toBe(
      'issued',
    );
    const renewed = readLocalCertificate(openPkiStore(state), 'c1').value!;
    writeFileSync(jobFile, before[0]);
    writeFileSync(keyFile, before[1]);
    expect(loadJob(state, 'c1')?.state).toBe('requesting');
    // no CA: the answer must come from the store, not from asking again
    const offline = { send: () => Promise.reject(new Error('no network in this step')) };
    const r = await runScepJob(state, 'c1', { transport: offline, clock: manualClock(new Date()) });
    expect(r.diagnostics).toEqual([]);
    expect(r.value).toMatchObject({ state: 'issued', serial: renewed.serialHex });
    expect(readLocalCertificate(openPkiStore(state), 'c1').value!.serialHex).toBe(renewed.serialHex);
    expect(existsSync(keyFile)).toBe(false);
  });

  describe('the job file never holds the challenge password in clear', () => {
    const challenge = 'Sup3r-Secret-Challenge-4711';
    let ca: RunningCaServer;
    beforeAll(async () => {
      ca = await startCaServer({ stateDir: join(dir, 'ca-secret'), port: 0, challenge });
    });
    afterAll(async () => {
      await ca.close();
    });

    /** The job file as text, and every base64 string field of it decoded. */
    function jobTexts(state: string): string[] {
      const raw = readFileSync(join(state, 'enroll', 'scep', 'c1.json'), 'utf8');
      const strings: string[] = [];
      JSON.parse(raw, (_k, v: unknown) => {
        if (typeof v === 'string') strings.push(v);
        return v;
      });
      return [raw, ...strings.map((v) => Buffer.from(v, 'base64').toString('latin1'))];
    }
    const pkiOperation = (r: HttpRequest): string | undefined =>
      r.url.includes('PKIOperation') ? (r.body ? Buffer.from(r.body).toString('base64') : r.url) : undefined;

    test('a process that dies while requesting resends the same signed request; no CSR stored', async () => {
      const state = device(ca);
      createScepJob(state, request(ca, { challengePassword: challenge }), new Date());
      for (const t of jobTexts(state)) expect(t).not.toContain(challenge);
      const sent: string[] = [];
      const killed: HttpTransport = {
        send: async (r) => {
          const op = pkiOperation(r);
          if (op === undefined) return transport.send(r);
          sent.push(op);
          throw new Error('killed');
        },
      };
      await expect(
        runScepJob(state, 'c1', { transport: killed, clock: manualClock(new Date()) }),
      ).rejects.toThrow('killed');
      const stored = loadJob(state, 'c1')!;
      expect(stored.state).toBe('requesting');
      expect(stored.csr).toBeUndefined();
      expect(stored.request).toBeDefined();
      for (const t of jobTexts(state)) expect(t).not.toContain(challenge);
      const recording: HttpTransport = {
        send: async (r) => {
          const op = pkiOperation(r);
          if (op !== undefined) sent.push(op);
          return transport.send(r);
        },
      };
      const [r] = await resumeScepJobs(state, { transport: recording, clock: manualClock(new Date()) });
      expect(r.value).toMatchObject({ state: 'issued', transactionID: stored.transactionID });
      expect(sent).toHaveLength(2);
      expect(sent[1]).toBe(sent[0]); // the same pkiMessage (same senderNonce): a resend
      expect(readLocalCertificate(openPkiStore(state), 'c1').value).toBeDefined();
    });

    test('a job whose process ended before its request was built fails; enrolling again starts anew', async () => {
      const first = device(ca);
      const created = createScepJob(first, request(ca, { challengePassword: challenge }), new Date()).value!;
      // Another process finds the job on disk: the CSR stayed in the memory of the one that made it.
      const state = join(dir, `dev${++n}`);
      cpSync(first, state, { recursive: true });
      const r = await runScepJob(state, 'c1', { transport, clock: manualClock(new Date()) });
      expect(r.value).toMatchObject({ state: 'failed', code: 'ENROLL_FAILED' });
      expect(r.value?.reason).toMatch(/interrupted before its request was sent/);
      const again = createScepJob(state, request(ca, { challengePassword: challenge }), new Date());
      expect(again.value?.transactionID).not.toBe(created.transactionID);
      const done = await runScepJob(state, 'c1', { transport, clock: manualClock(new Date()) });
      expect(done.value?.state).toBe('issued');
    });
  });
});
