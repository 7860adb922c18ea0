// `pkicfg ca revoke` and the CRL that `ca serve` publishes at /crl, against a
// real embedded CA on 127.0.0.1, with openssl as the reference reader.
import { execFileSync, spawnSync } from 'node:child_process';
import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { recoverCaStore } from '../../../src/ca/ca-recover.js';
import { openCa } from '../../../src/ca/ca-store.js';
import { listRevoked } from '../../../src/ca/revoke.js';
import { startCaServer, type RunningCaServer } from '../../../src/ca/serve.js';
import { caRevoke } from '../../../src/cli/commands/ca.js';
import type { CliIO } from '../../../src/cli/run.js';
import { nodeHttpTransport } from '../../../src/protocols/http/transport.js';
import { enrollCertificate } from '../../../src/protocols/scep/client.js';
import { buildCsr, parseDn } from '../../../src/protocols/scep/x509-build.js';

function io(): CliIO & { out: () => string; err: () => string } {
  const o = new PassThrough();
  const e = new PassThrough();
  let so = '';
  let se = '';
  o.on('data', (c) => (so += c));
  e.on('data', (c) => (se += c));
  return { stdout: o, stderr: e, stdin: new PassThrough(), env: {}, out: () => so, err: () => se };
}

const openssl = (...args: string[]): string =>
  execFileSync('openssl', args, { encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });

/** `openssl crl -verify` against the CA certificate: its exit status and what it said. */
const crlVerify = (file: string, caPem: string): { status: number | null; said: string } => {
  const r = spawnSync(
    'openssl',
    ['crl', '-inform', 'DER', '-in', file, '-CAfile', caPem, '-noout', '-verify'],
    {
      encoding: 'utf8',
    },
  );
  return { status: r.status, said: r.stdout + r.stderr };
};

let dir: string;
let state: string;
let srv: RunningCaServer;

async function enroll(cn: string): Promise<X509Certificate> {
  const key = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const r = await enrollCertificate({
    endpoint: { url: srv.scepUrl, transport: nodeHttpTransport() },
    key,
    csrDer: buildCsr({ subject: parseDn(`CN=${cn}`)!, key }),
    certId: cn,
    retry: 0,
    retryIntervalSec: 0,
    now: () => new Date(),
    sleep: async () => undefined,
  });
  if (!r.ok) throw new Error(r.error.message);
  if (r.value.status !== 'issued') throw new Error('not issued');
  return r.value.certificate.x509;
}

async function fetchCrl(): Promise<{ type: string; der: Buffer }> {
  const res = await fetch(srv.crlUrl);
  return { type: res.headers.get('content-type') ?? '', der: Buffer.from(await res.arrayBuffer()) };
}

async function revoke(...args: string[]): Promise<{ rc: number; out: string; err: string }> {
  const x = io();
  const rc = await caRevoke([...args, '--state', state], x);
  return { rc, out: x.out(), err: x.err() };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pkicfg-revoke-'));
  state = join(dir, 'ca-state');
  srv = await startCaServer({ stateDir: state, port: 0 });
});
afterAll(async () => {
  await srv.close();
  rmSync(dir, { recursive: true, force: true });
});

test('issued certificates name the CRL URL as their distribution point', async () => {
  const cert = await enroll('cdp.example.net');
  writeFileSync(join(dir, 'cdp.pem'), cert.toString());
  const text = openssl('x509', '-in', join(dir, 'cdp.pem'), '-noout', '-ext', 'crlDistributionPoints');
  expect(text).toContain(`URI:${srv.crlUrl}`);
  expect(srv.urls.crl).toBe(srv.crlUrl);
});

test('the CRL before any revocation: DER application/pkix-crl, signed by the CA, openssl verifies it', async () => {
  const { type, der } = await fetchCrl();
  expect(type).toBe('application/pkix-crl');
  writeFileSync(join(dir, 'empty.crl'), der);
  expect(crlVerify(join(dir, 'empty.crl'), srv.ca.certPath)).toEqual({ status: 0, said: 'verify OK\n' });
  // the reference is not blind: the same CRL against another CA certificate fails
  const other = openCa(join(dir, 'other-ca'));
  expect(crlVerify(join(dir, 'empty.crl'), other.certPath).said).toMatch(
    /verify failure|unable to get issuer/,
  );
  const text = openssl('crl', '-inform', 'DER', '-in', join(dir, 'empty.crl'), '-noout', '-text');
  expect(text).toMatch(/X509v3 CRL Number: *\n *1\n/);
  expect(text).toContain('No Revoked Certificates.');
  // the same CRL twice while nothing changed
  expect((await fetchCrl()).der.equals(der)).toBe(true);
  expect((await fetch(srv.crlUrl, { method: 'POST', body: 'x' })).status).toBe(405);
});

test('ca revoke: unknown serial, unknown reason, revoked, revoked again', async () => {
  const cert = await enroll('revoked.example.net');
  const unknown = await revoke('0123456789ABCDEF', 'keyCompromise');
  expect(unknown.rc).toBe(1);
  expect(unknown.err).toBe(
    'error: no certificate with serial number 0123456789ABCDEF was issued by this CA\n',
  );
  const bad = await revoke(cert.serialNumber, 'stolen');
  expect(bad.rc).toBe(1);
  expect(bad.err).toMatch(
    /^error: unknown revocation reason 'stolen' \(one of: unspecified, keyCompromise, /,
  );
  expect((await revoke(cert.serialNumber, 'removeFromCRL')).rc).toBe(1);
  expect(listRevoked(srv.ca)).toEqual([]);

  // typed as a user copies it from `show security pki local-certificate`: lower case, colons
  const typed = cert.serialNumber.toLowerCase().replace(/(..)(?=.)/g, '$1:');
  const ok = await revoke(typed, 'keycompromise');
  expect(ok.rc).toBe(0);
  expect(ok.out).toContain(`Certificate ${cert.serialNumber} revoked (reason keyCompromise)`);
  const again = await revoke(cert.serialNumber, 'superseded');
  expect(again.rc).toBe(1);
  expect(again.err).toMatch(
    new RegExp(`^error: certificate ${cert.serialNumber} is already revoked \\(keyCompromise, at `),
  );

  // the running server lists it (revoked by another process), with reason, number 2, AKI, next update
  const { der } = await fetchCrl();
  writeFileSync(join(dir, 'one.crl'), der);
  expect(crlVerify(join(dir, 'one.crl'), srv.ca.certPath)).toEqual({ status: 0, said: 'verify OK\n' });
  const text = openssl('crl', '-inform', 'DER', '-in', join(dir, 'one.crl'), '-noout', '-text');
  expect(text).toContain(`Serial Number: ${cert.serialNumber}`);
  expect(text).toContain('Key Compromise');
  expect(text).toMatch(/X509v3 CRL Number: *\n *2\n/);
  expect(text).toMatch(/X509v3 Authority Key Identifier: *\n *(keyid:)?[0-9A-F:]{59}/);
  expect(text).toMatch(/Next Update: /);
  // openssl verify with CRL checking refuses the revoked certificate
  writeFileSync(join(dir, 'revoked.pem'), cert.toString());
  let verify = '';
  try {
    openssl(
      'verify',
      '-crl_check',
      '-CAfile',
      srv.ca.certPath,
      '-CRLfile',
      join(dir, 'one.crl'),
      join(dir, 'revoked.pem'),
    );
  } catch (e) {
    verify =
      String((e as { stdout?: string; stderr?: string }).stdout) + String((e as { stderr?: string }).stderr);
  }
  expect(verify).toContain('certificate revoked');
});

test('a revocation line torn by a crash is dropped at the next start: not revoked, the index is whole', async () => {
  const cert = await enroll('torn.example.net');
  const ca = openCa(state);
  appendFileSync(join(ca.dir, 'index.jsonl'), `{"revoked":"${cert.serialNumber}","revokedAt":"20`);
  expect(recoverCaStore(ca)).toEqual(['dropped a torn last line of index.jsonl']);
  expect(listRevoked(ca).map((r) => r.revoked)).not.toContain(cert.serialNumber);
  expect(readFileSync(join(ca.dir, 'index.jsonl'), 'utf8').endsWith('\n')).toBe(true);
  // and a revocation line is not taken for an issuance the recovery must add
  expect(recoverCaStore(ca)).toEqual([]);
  expect((await revoke(cert.serialNumber)).rc).toBe(0);
  expect(listRevoked(ca).find((r) => r.revoked === cert.serialNumber)?.reason).toBe('unspecified');
});
