// Third-party SCEP clients against pkicfg's embedded CA: micromdm scepclient
// and certmonger (scep-submit, via peers/certmonger-scep-enroll.sh). The CA
// runs in this process on a free 127.0.0.1 port; clients run asynchronously.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { startCaServer, type RunningCaServer } from '../../src/ca/serve.js';
import { PEERS, run, which } from './scep-peer-helpers.js';

const HAVE_SCEPCLIENT = which('scepclient') !== undefined;
const HAVE_CERTMONGER = which('certmonger') !== undefined && which('unshare') !== undefined;
if (!HAVE_SCEPCLIENT)
  console.warn('SKIP scepclient interop: scepclient (apt-get install -y scep) not installed');
if (!HAVE_CERTMONGER)
  console.warn('SKIP certmonger interop: certmonger (apt-get install -y certmonger) not installed');

describe('third-party SCEP clients -> pkicfg ca serve', () => {
  let dir: string;
  let srv: RunningCaServer;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pkicfg-scep-srv-'));
    srv = await startCaServer({ stateDir: join(dir, 'state'), port: 0, challenge: 'srv-s3cret' });
  });
  afterAll(async () => {
    await srv.close();
    rmSync(dir, { recursive: true, force: true });
  });

  (HAVE_SCEPCLIENT ? test : test.skip)(
    'scepclient enrolls (DES/SHA-1 request), renews, and is refused a wrong challenge',
    async () => {
      const c1 = join(dir, 'c1');
      mkdirSync(c1);
      const key = join(c1, 'key.pem');
      const cert = join(c1, 'client.pem');
      const r = await run(
        'scepclient',
        `-server-url ${srv.scepUrl} -private-key ${key} -certificate ${cert} -challenge srv-s3cret -cn sc-client`.split(
          ' ',
        ),
      );
      expect(r.stderr + r.stdout).toContain('SUCCESS');
      const v = await run('openssl', ['verify', '-CAfile', srv.ca.certPath, cert]);
      expect(v.stdout).toContain(': OK');
      const serial1 = new X509Certificate(readFileSync(cert)).serialNumber;
      expect(new X509Certificate(readFileSync(cert)).subject).toContain('CN=sc-client');

      // existing certificate -> RenewalReq signed with it
      const r2 = await run(
        'scepclient',
        `-server-url ${srv.scepUrl} -private-key ${key} -certificate ${cert} -cn sc-client`.split(' '),
      );
      expect(r2.stderr + r2.stdout).toContain('SUCCESS');
      expect(new X509Certificate(readFileSync(cert)).serialNumber).not.toBe(serial1);

      const c2 = join(dir, 'c2');
      mkdirSync(c2);
      const bad = await run('scepclient', [
        '-server-url',
        srv.scepUrl,
        '-private-key',
        join(c2, 'key.pem'),
        '-certificate',
        join(c2, 'client.pem'),
        '-challenge',
        'wrong',
        '-cn',
        'sc-bad',
      ]);
      expect(bad.code).not.toBe(0);
      expect(bad.stderr + bad.stdout).toContain('badRequest');
      expect(existsSync(join(c2, 'client.pem'))).toBe(false);
    },
  );

  (HAVE_CERTMONGER ? test : test.skip)(
    'certmonger (GET, AES-256/SHA-256) enrolls',
    async () => {
      const out = join(dir, 'cm');
      const r = await run(
        join(PEERS, 'certmonger-scep-enroll.sh'),
        [srv.scepUrl, srv.ca.certPath, 'srv-s3cret', out, 'CN=cm-client,O=interop'],
        {
          env: { CM_TIMEOUT: '30' },
          timeoutMs: 45_000,
        },
      );
      if (r.code !== 0)
        throw new Error(
          `certmonger failed:\n${r.stderr}\n${readFileSync(join(out, 'certmonger.log'), 'utf8').slice(-3000)}`,
        );
      const v = await run('openssl', ['verify', '-CAfile', srv.ca.certPath, join(out, 'cert.pem')]);
      expect(v.stdout).toContain(': OK');
    },
    50_000,
  );
});
