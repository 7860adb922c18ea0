/**
 * The device side of revocation, end to end against the embedded CA on
 * 127.0.0.1: a ca-profile with `revocation-check crl url` gets its CRL
 * downloaded by `verify` and by the daemon, refreshed after
 * `refresh-interval` hours (not before), a revoked certificate is reported by
 * `local-certificate verify`, a failed download fails verification unless
 * `crl disable on-download-failure`, and the trust decision of
 * src/enroll/crl-fetch.ts is attacked: a CRL signed by another key, a
 * replayed older CRL.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCa } from '../../../src/ca/ca-store.js';
import { buildCrl } from '../../../src/ca/crl-issue.js';
import { startCaServer, type RunningCaServer } from '../../../src/ca/serve.js';
import { run } from '../../../src/cli/run.js';
import { openStore } from '../../../src/commit/store.js';
import { manualClock } from '../../../src/enroll/clock.js';
import { downloadCrl } from '../../../src/enroll/crl-fetch.js';
import { daemonPass } from '../../../src/enroll/daemon.js';
import { readCrl, readLocalCertificate } from '../../../src/pki/pki-objects.js';
import { openPkiStore } from '../../../src/pki/pki-store.js';
import { createNodeCmpTransport } from '../../../src/protocols/cmp/http-transport.js';
import { nodeHttpTransport } from '../../../src/protocols/http/transport.js';
import { fingerprint } from '../../../src/protocols/scep/certificate.js';
import { pkiView } from '../../../src/tree/pki-view.js';
import { runCaptured } from '../../cli-io.js';

const CHALLENGE = 'crl-challenge';
let dir: string;
let state: string;
let srv: RunningCaServer;

async function cli(...words: string[]): Promise<{ rc: number; out: string; err: string }> {
  const r = await runCaptured(run, [...words, '--state', words[0] === 'ca' ? join(dir, 'ca') : state], {
    env: { ...process.env, PKICFG_STATE: state },
  });
  return { rc: r.code, out: r.out, err: r.err };
}

async function ok(...words: string[]): Promise<string> {
  const r = await cli(...words);
  if (r.rc !== 0) throw new Error(`${words.join(' ')} -> ${r.rc}\n${r.out}\n${r.err}`);
  return r.out;
}

async function loadSet(...lines: string[]): Promise<void> {
  const f = join(dir, `conf-${Date.now()}.set`);
  writeFileSync(f, lines.join('\n') + '\n');
  await ok('load', 'set', f, '--commit');
}

const verify = (): Promise<{ rc: number; out: string; err: string }> =>
  cli('request', 'security', 'pki', 'local-certificate', 'verify', 'certificate-id', 'c1');
const profile = () => pkiView(openStore(state).active()).caProfile('P')!;
const crlNumber = (): bigint | undefined => readCrl(openPkiStore(state), 'P').value?.crlNumber;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pkicfg-crl-'));
  state = join(dir, 'state');
  srv = await startCaServer({ stateDir: join(dir, 'ca'), port: 0, challenge: CHALLENGE });
  await loadSet(
    'set security pki ca-profile P ca-identity embedded',
    `set security pki ca-profile P enrollment url ${srv.scepUrl}`,
    `set security pki ca-profile P revocation-check crl url ${srv.crlUrl}`,
    'set security pki ca-profile P revocation-check crl refresh-interval 1',
  );
  const pki = ['request', 'security', 'pki'];
  await ok(...pki, 'generate-key-pair', 'certificate-id', 'c1', 'size', '2048', 'type', 'rsa');
  await ok(
    ...pki,
    'ca-certificate',
    'enroll',
    'ca-profile',
    'P',
    '--fingerprint',
    fingerprint(srv.ca.certificate.der, 'sha256'),
  );
  await ok(
    ...pki,
    'local-certificate',
    'enroll',
    'scep',
    'certificate-id',
    'c1',
    'ca-profile',
    'P',
    'challenge-password',
    CHALLENGE,
    'subject',
    'CN=vpn.example.net,O=Example',
  );
}, 60_000);

afterAll(async () => {
  await srv.close();
  rmSync(dir, { recursive: true, force: true });
});

test('the schema view reads revocation-check crl', () => {
  expect(profile().revocation).toEqual({
    disabled: false,
    crlUrl: srv.crlUrl,
    refreshHours: 1,
    disableOnDownloadFailure: false,
  });
});

test('verify downloads the CRL, stores it as crl load does; a revocation shows after refresh-interval', async () => {
  expect(openPkiStore(state).has('crl', 'P')).toBe(false);
  expect((await verify()).out).toBe('Local certificate c1 verification success\n');
  expect(openPkiStore(state).meta('crl', 'P')).toMatchObject({ source: 'downloaded', url: srv.crlUrl });
  expect(await ok('show', 'security', 'pki', 'crl')).toContain('CA profile: P');
  const first = crlNumber();

  const serial = readLocalCertificate(openPkiStore(state), 'c1').value!.serialHex;
  expect(await ok('ca', 'revoke', serial, 'keyCompromise')).toContain('revoked (reason keyCompromise)');
  // within refresh-interval the stored CRL is used: nothing downloaded yet
  expect((await verify()).out).toBe('Local certificate c1 verification success\n');
  expect(crlNumber()).toBe(first);

  // two hours later the daemon refreshes it (1 hour after its last download)
  const clock = manualClock(new Date(Date.now() + 2 * 3600_000));
  const lines: string[] = [];
  const pass = await daemonPass({
    stateDir: state,
    clock,
    scepTransport: nodeHttpTransport(),
    cmpTransport: () => createNodeCmpTransport(),
    log: (l) => void lines.push(l),
  });
  expect(lines).toContain(`downloaded CRL for CA profile P (CRL number ${first! + 1n}, 1 revoked)`);
  expect(pass.next?.getTime()).toBe(clock.now().getTime() + 3600_000);
  // the next pass within the hour downloads nothing
  const quiet: string[] = [];
  clock.advance(30 * 60_000);
  await daemonPass({
    stateDir: state,
    clock,
    scepTransport: nodeHttpTransport(),
    cmpTransport: () => createNodeCmpTransport(),
    log: (l) => void quiet.push(l),
  });
  expect(quiet.filter((l) => l.includes('CRL'))).toEqual([]);

  const revoked = await verify();
  expect(revoked.rc).not.toBe(0);
  expect(revoked.out).toBe('');
  expect(revoked.err).toMatch(
    new RegExp(
      `^error: Local certificate c1 \\(serial number ${serial}\\) was revoked at .* \\(keyCompromise, CRL of CA profile P\\)\\n$`,
    ),
  );
  const detail = await ok('show', 'security', 'pki', 'crl', 'detail');
  expect(detail.toUpperCase()).toContain(serial.toUpperCase());
});

test('a failed download fails verify; with disable on-download-failure the stored CRL is used', async () => {
  const gone = createServer();
  await new Promise<void>((r) => gone.listen(0, '127.0.0.1', () => r()));
  const port = (gone.address() as AddressInfo).port;
  await new Promise<void>((r) => gone.close(() => r()));
  const deadUrl = `http://127.0.0.1:${port}/crl`;
  await loadSet(
    `delete security pki ca-profile P revocation-check crl url ${srv.crlUrl}`,
    `set security pki ca-profile P revocation-check crl url ${deadUrl}`,
  );
  const failed = await verify();
  expect(failed.rc).not.toBe(0);
  expect(failed.err).toContain(`error: CRL download failed for CA profile P from ${deadUrl}: `);

  await loadSet('set security pki ca-profile P revocation-check crl disable on-download-failure');
  const fallback = await verify();
  expect(fallback.err).toContain(`warning: CRL download failed for CA profile P from ${deadUrl}: `);
  expect(fallback.err).toContain('using the stored CRL (disable on-download-failure)');
  // the stored CRL still says revoked
  expect(fallback.err).toMatch(/error: Local certificate c1 .* was revoked at /);
});

describe('trust decision: which CRL the device believes', () => {
  let evil: Server;
  let body: Uint8Array = new Uint8Array();
  let evilUrl: string;
  beforeAll(async () => {
    evil = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/pkix-crl' });
      res.end(Buffer.from(body));
    });
    await new Promise<void>((r) => evil.listen(0, '127.0.0.1', () => r()));
    evilUrl = `http://127.0.0.1:${(evil.address() as AddressInfo).port}/crl`;
  });
  afterAll(() => new Promise<void>((r) => evil.close(() => r())));

  const attempt = async () => {
    const store = openPkiStore(state);
    const before = store.readPem('crl', 'P');
    const p = { ...profile(), revocation: { ...profile().revocation, crlUrl: evilUrl } };
    const r = await downloadCrl(p, store, nodeHttpTransport(), new Date());
    return { r, unchanged: openPkiStore(state).readPem('crl', 'P') === before };
  };

  test('a CRL with the CA name signed by another key is refused', async () => {
    // another CA with the very same subject: only the signature tells them apart
    const impostor = openCa(join(dir, 'impostor'), new Date(), 'CN=pkicfg embedded CA,O=pkicfg');
    const now = new Date();
    body = buildCrl(impostor, [], 1000n, now, new Date(now.getTime() + 86400_000));
    const { r, unchanged } = await attempt();
    expect(r.value).toBeUndefined();
    expect(r.diagnostics[0].message).toBe(
      `CRL download failed for CA profile P from ${evilUrl}: refused: CRL signature does not verify with the CA certificate of profile P`,
    );
    expect(unchanged).toBe(true);
  });

  test('the real CA key but an older CRL number (replay) is refused', async () => {
    const now = new Date();
    body = buildCrl(srv.ca, [], 1n, now, new Date(now.getTime() + 86400_000));
    const { r, unchanged } = await attempt();
    expect(r.value).toBeUndefined();
    expect(r.diagnostics[0].code).toBe('PKI_CRL_REPLAYED');
    expect(unchanged).toBe(true);
    // the same CA, a newer number: believed (the attack tests are not blind)
    body = buildCrl(srv.ca, [], 1000n, now, new Date(now.getTime() + 86400_000));
    expect((await attempt()).r.value?.crlNumber).toBe(1000n);
  });
});
