// pkicfg's SCEP client against micromdm's scepserver (Debian package `scep`),
// run in a private network namespace behind the loopback relay. Skips only
// when scepserver is not installed.
import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeHttpTransport } from '../../src/protocols/http/transport.js';
import { enrollCertificate, getCaCaps, getCaCert } from '../../src/protocols/scep/client.js';
import { fingerprint } from '../../src/protocols/scep/certificate.js';
import { buildCsr, parseDn } from '../../src/protocols/scep/x509-build.js';
import { toPem } from '../../src/ca/ca-store.js';
import { run, startScepPeer, which, type ScepPeer } from './scep-peer-helpers.js';

const HAVE = which('scepserver') !== undefined && which('unshare') !== undefined;
if (!HAVE) console.warn('SKIP scep-micromdm: scepserver (apt-get install -y scep) or unshare not installed');
const d = HAVE ? describe : describe.skip;

d('pkicfg client -> micromdm scepserver', () => {
  let dir: string;
  let peer: ScepPeer;
  const endpoint = { url: '', transport: nodeHttpTransport(), timeoutMs: 10_000 };
  const key = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pkicfg-scep-interop-'));
    peer = await startScepPeer(join(dir, 'peer'), 'interop-s3cret');
    endpoint.url = peer.url;
  }, 40_000);
  afterAll(async () => {
    await peer?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('CA enrollment: caps + CA certificate equal to the depot ca.pem', async () => {
    const caps = await getCaCaps(endpoint);
    if (!caps.ok) throw new Error(caps.error.message);
    expect(caps.value.has('postpkioperation')).toBe(true);
    const ca = await getCaCert(endpoint);
    if (!ca.ok) throw new Error(ca.error.message);
    const depot = new X509Certificate(readFileSync(peer.caPem));
    expect(fingerprint(ca.value.ca.der, 'sha256')).toBe(fingerprint(depot.raw, 'sha256'));
  });

  test('local enrollment with challenge: issued cert verifies with openssl and carries the subject', async () => {
    const csrDer = buildCsr({
      subject: parseDn('CN=pkicfg-interop,OU=net,O=Example')!,
      key,
      challengePassword: 'interop-s3cret',
      dnsNames: ['pkicfg-interop.example'],
    });
    const r = await enrollCertificate({
      endpoint,
      key,
      csrDer,
      certId: 'interop',
      retry: 2,
      retryIntervalSec: 0,
      sleep: async () => undefined,
      now: () => new Date(),
    });
    if (!r.ok) throw new Error(r.error.message);
    // scepserver answers DES-CBC + SHA-1 whatever we asked: decrypted in JS, reported as a warning
    expect(r.warnings.map((w) => w.message).join('\n')).toMatch(/DES-CBC/);
    const certPath = join(dir, 'issued.pem');
    writeFileSync(certPath, toPem(r.value.certificate.der));
    const v = await run('openssl', ['verify', '-CAfile', peer.caPem, certPath]);
    expect(v.stdout).toContain(': OK');
    const s = await run('openssl', ['x509', '-in', certPath, '-noout', '-subject']);
    expect(s.stdout).toContain('CN = pkicfg-interop');
  });

  test('wrong challenge: FAILURE badRequest', async () => {
    const csrDer = buildCsr({ subject: parseDn('CN=bad')!, key, challengePassword: 'WRONG' });
    const r = await enrollCertificate({
      endpoint,
      key,
      csrDer,
      certId: 'bad',
      retry: 0,
      retryIntervalSec: 0,
      sleep: async () => undefined,
      now: () => new Date(),
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain('badRequest');
  });
});
