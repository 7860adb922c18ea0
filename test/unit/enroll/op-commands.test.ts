// request security pki ca-certificate enroll / local-certificate enroll scep, against the embedded CA.
import { PassThrough } from 'node:stream';
import { join } from 'node:path';
import type { RunningCaServer } from '../../../src/ca/serve.js';
import { startTestCas, stopTestCas, type TestCas } from '../ca/test-cas.js';
import { decidePending, listPending } from '../../../src/ca/pending-queue.js';
import { fingerprint } from '../../../src/pki/fingerprint.js';
import { generateKeyPair } from '../../../src/pki/key-pair.js';
import { readCaCertificate, readLocalCertificate } from '../../../src/pki/pki-objects.js';
import { keyPairChange } from '../../../src/pki/pki-changes.js';
import { makeOpContext, type OpContext } from '../../../src/op/op-context.js';
import { runCaEnroll } from '../../../src/op/ca-enroll.js';
import { runEnrollScep } from '../../../src/op/enroll-scep.js';
import { showLocalCertificateCommand } from '../../../src/op/specs/pki-show.js';
import { loadJob } from '../../../src/enroll/job-store.js';
import type { ConfigTree } from '../../../src/tree/config-tree.js';

let cas: TestCas;
let dir: string;
let auto: RunningCaServer;
let manual: RunningCaServer;
const rsa = generateKeyPair({ type: 'rsa', size: 2048 });

beforeAll(async () => {
  cas = await startTestCas('pkicfg-op-scep-', 'pw');
  ({ dir, auto, manual } = cas);
});
afterAll(() => stopTestCas(cas));

let n = 0;
function ctx(srv: RunningCaServer, opts: { confirm?: boolean; interactive?: boolean; state?: string } = {}) {
  const state = opts.state ?? join(dir, `dev${++n}`);
  let out = '';
  const asked: string[] = [];
  const tree = {
    security: {
      pki: {
        'ca-profile': {
          '@order': ['P'],
          P: { 'ca-identity': 'P', enrollment: { url: srv.scepUrl, retry: 3, 'retry-interval': 1 } },
        },
      },
    },
  } as unknown as ConfigTree;
  const c: OpContext = makeOpContext({
    stateDir: state,
    stdout: { write: (t) => void (out += t) },
    durable: false,
    interactive: opts.interactive,
    confirm: async (q) => (asked.push(q), opts.confirm ?? false),
    activeConfig: () => tree,
  });
  return { c, state, out: () => out, asked };
}

async function withCa(srv: RunningCaServer, opts: { interactive?: boolean } = {}) {
  const t = ctx(srv, { confirm: true, ...opts });
  expect((await runCaEnroll({ 'ca-profile': 'P' }, t.c)).exitCode).toBe(0);
  t.c.pki().commit([keyPairChange('gw', rsa)]);
  return t;
}

const enrollArgs = {
  'certificate-id': 'gw',
  'ca-profile': 'P',
  'challenge-password': 'pw',
  subject: 'CN=gw.example.net,O=Example',
  'domain-name': 'gw.example.net',
};

describe('request security pki ca-certificate enroll', () => {
  test('prints subject and fingerprints, asks, loads on yes', async () => {
    const t = ctx(auto, { confirm: true });
    const r = await runCaEnroll({ 'ca-profile': 'P' }, t.c);
    expect(r.exitCode).toBe(0);
    expect(t.asked).toEqual(['Do you want to load the above CA certificate ?']);
    expect(t.out()).toContain('Certificate: CN=pkicfg embedded CA, O=pkicfg');
    expect(t.out()).toContain(`${fingerprint(auto.ca.certificate.der, 'sha256')} (sha256)`);
    expect(t.out()).toContain('CA certificate for profile P loaded successfully');
    expect(readCaCertificate(t.c.pki(), 'P').value).toBeDefined();
    const again = await runCaEnroll({ 'ca-profile': 'P' }, t.c);
    expect(again.exitCode).toBe(0);
  });

  test('answer no: nothing loaded', async () => {
    const t = ctx(auto, { confirm: false });
    expect((await runCaEnroll({ 'ca-profile': 'P' }, t.c)).exitCode).toBe(1);
    expect(readCaCertificate(t.c.pki(), 'P').value).toBeUndefined();
  });

  test('fingerprint (SHA-1, upper case with colons) loads without asking; a wrong one loads nothing', async () => {
    const t = ctx(auto);
    const fp = fingerprint(auto.ca.certificate.der, 'sha1').toUpperCase();
    expect((await runCaEnroll({ 'ca-profile': 'P', fingerprint: fp }, t.c)).exitCode).toBe(0);
    expect(t.asked).toEqual([]);
    const u = ctx(auto);
    const bad = await runCaEnroll({ 'ca-profile': 'P', fingerprint: 'ab'.repeat(32) }, u.c);
    expect(bad.exitCode).toBe(1);
    expect(bad.diagnostics?.[0].code).toBe('SCEP_FINGERPRINT_MISMATCH');
    expect(readCaCertificate(u.c.pki(), 'P').value).toBeUndefined();
  });

  test('unknown ca-profile', async () => {
    const t = ctx(auto);
    const r = await runCaEnroll({ 'ca-profile': 'NOPE' }, t.c);
    expect(r.diagnostics?.[0].message).toBe('CA profile NOPE not configured');
  });
});

describe('request security pki local-certificate enroll scep', () => {
  test('one-shot waits and stores the certificate', async () => {
    const t = await withCa(auto);
    const r = await runEnrollScep(enrollArgs, t.c, { spinner: false });
    expect(r.exitCode).toBe(0);
    expect(t.out()).toMatch(/Local certificate gw enrolled successfully \(serial [0-9a-f]+/);
    expect(readLocalCertificate(t.c.pki(), 'gw').value?.x509.subject).toContain('CN=gw.example.net');
  });

  test('with a spinner the success line is printed once (the spinner leaves no copy of it)', async () => {
    const t = await withCa(auto);
    const drawn = new PassThrough();
    let spun = '';
    drawn.on('data', (c: Buffer) => (spun += c.toString()));
    const r = await runEnrollScep(enrollArgs, t.c, { spinner: true, spinnerStream: drawn });
    expect(r.exitCode).toBe(0);
    expect(spun).toContain('Enrolling gw at ');
    expect(spun).not.toContain('enrolled successfully');
    expect(t.out().match(/enrolled successfully/g)).toHaveLength(1);
  });

  test('in the shell it returns at once and finishes in the background', async () => {
    const t = await withCa(auto, { interactive: true });
    let bg: Promise<unknown> | undefined;
    const r = await runEnrollScep(enrollArgs, t.c, { onBackground: (p) => (bg = p) });
    expect(r.exitCode).toBe(0);
    expect(t.out()).toContain('Certificate enrollment has started.');
    await bg;
    expect(loadJob(t.state, 'gw')?.state).toBe('issued');
  });

  test('no-wait leaves a pending job; the same command later resumes the same transaction', async () => {
    const t = await withCa(manual);
    const first = await runEnrollScep({ ...enrollArgs, 'no-wait': true }, t.c, { spinner: false });
    expect(first.exitCode).toBe(0);
    const job = loadJob(t.state, 'gw')!;
    expect(job.state).toBe('pending');
    expect(t.out()).toContain('waiting for the CA (polling)');
    const before = t.out().length;
    await showLocalCertificateCommand.run({ 'certificate-id': 'gw' }, t.c);
    expect(t.out().slice(before)).toMatch(
      /Certificate identifier: gw\n {2}Enrollment: SCEP, ca-profile P, polling\n {4}waiting for CA approval, poll 0 of 3/,
    );
    decidePending(
      manual.ca,
      listPending(manual.ca).find((p) => p.transactionID === job.transactionID)!.transactionID,
      'approved',
    );
    const second = await runEnrollScep(enrollArgs, t.c, { spinner: false });
    expect(second.exitCode).toBe(0);
    expect(loadJob(t.state, 'gw')).toMatchObject({ state: 'issued', transactionID: job.transactionID });
  });

  test('wrong challenge: error with failInfo in words, exit 1', async () => {
    const t = await withCa(auto);
    const r = await runEnrollScep({ ...enrollArgs, 'challenge-password': 'bad' }, t.c, { spinner: false });
    expect(r.exitCode).toBe(1);
    expect(r.diagnostics?.find((d) => d.severity === 'error')?.message).toContain('badRequest (2)');
    expect(readLocalCertificate(t.c.pki(), 'gw').value).toBeUndefined();
    const before = t.out().length;
    await showLocalCertificateCommand.run({}, t.c);
    expect(t.out().slice(before)).toMatch(
      /Certificate identifier: gw\n {2}Enrollment: SCEP, ca-profile P, failed\n {4}failed: the CA rejected the request with SCEP failInfo badRequest \(2\): transaction not permitted or supported$/m,
    );
  });

  test('ECDSA key: the Junos warning and no request', async () => {
    const t = await withCa(auto);
    t.c.pki().commit([keyPairChange('ec', generateKeyPair({ type: 'ecdsa', size: 256 }))]);
    const r = await runEnrollScep({ ...enrollArgs, 'certificate-id': 'ec' }, t.c, { spinner: false });
    expect(r.exitCode).toBe(1);
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'warning',
        message: 'ECDSA Keypair not supported with SCEP for cert_id ec',
      }),
    ]);
  });
});
