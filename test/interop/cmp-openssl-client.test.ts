// OpenSSL 3's `openssl cmp` client against pkicfg's CMP server (the /pkix/
// route of the embedded CA server, in-process on 127.0.0.1). The embedded CA
// runs as an intermediate under an openssl-made root (STATE/ca/chain.pem), so
// every issued certificate is checked with `openssl verify` against the root.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { cmpRouteFactory } from '../../src/ca/cmp-server.js';
import { startCaServer, type RunningCaServer } from '../../src/ca/serve.js';
import { run, which } from './cmp-helpers.js';

const HAVE = which('openssl') !== undefined;
if (!HAVE) console.warn('SKIP cmp-openssl-client: openssl not installed');
const d = HAVE ? describe : describe.skip;

const REF = 'pkicfg-ref';
const SECRET = 'server-pbm-s3cret';

d('openssl cmp client -> pkicfg CMP server', () => {
  let dir: string;
  let server: RunningCaServer;
  let S: string[];
  const f = (n: string) => join(dir, n);
  const sh = (cmd: string) => run('sh', ['-c', `cd "${dir}" && ${cmd}`], { timeoutMs: 30_000 });
  const verify = async (cert: string) =>
    (await sh(`openssl verify -CAfile root.pem -untrusted state/ca/ca.pem ${cert}`)).stdout;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pkicfg-cmp-srv-'));
    mkdirSync(f('state/ca'), { recursive: true, mode: 0o700 });
    writeFileSync(
      f('ext.cnf'),
      '[root]\nbasicConstraints=critical,CA:TRUE\nkeyUsage=critical,digitalSignature,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\n' +
        '[ca]\nbasicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,digitalSignature,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid:always\n',
    );
    const steps = [
      'openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out root.key 2>/dev/null',
      'openssl req -x509 -new -key root.key -subj "/O=pkicfg test/CN=Test Root CA" -days 3650 -config ext.cnf -extensions root -out root.pem',
      'openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out state/ca/ca.key 2>/dev/null',
      'openssl req -new -key state/ca/ca.key -subj "/O=pkicfg test/CN=pkicfg Intermediate CA" -out ca.csr',
      'openssl x509 -req -in ca.csr -CA root.pem -CAkey root.key -set_serial 4660 -days 3650 -sha256 -extfile ext.cnf -extensions ca -out state/ca/ca.pem 2>/dev/null',
      'cp root.pem state/ca/chain.pem',
      'openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out k1.pem',
      'openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out k2.pem 2>/dev/null',
      'openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out k3.pem',
      'openssl req -new -key k3.pem -subj "/CN=ossl-p10cr" -out p10.csr',
    ];
    for (const s of steps) {
      const r = await sh(s);
      if (r.code !== 0) throw new Error(`${s}: ${r.stderr}`);
    }
    server = await startCaServer({
      stateDir: f('state'),
      port: 0,
      routes: new Map([['/pkix/', cmpRouteFactory({ reference: REF, secret: SECRET })]]),
    });
    S = [
      '-server',
      `127.0.0.1:${server.port}`,
      '-path',
      'pkix/',
      '-recipient',
      '"/CN=pkicfg Intermediate CA"',
    ];
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const cmp = (args: string) => sh(`openssl cmp ${S.join(' ')} ${args}`);

  test('-cmd ir with -ref/-secret: certificate verifies up to the root; caPubs = root + CA', async () => {
    const r = await cmp(
      `-cmd ir -ref ${REF} -secret pass:${SECRET} -newkey k1.pem -subject "/CN=ossl-ir/O=Example" -certout ir.pem -cacertsout capubs.pem`,
    );
    expect(r.stdout + r.stderr).toContain('received IP');
    expect(r.code).toBe(0);
    expect(await verify('ir.pem')).toContain('ir.pem: OK');
    expect(new X509Certificate(readFileSync(f('ir.pem'))).subject).toBe('CN=ossl-ir\nO=Example');
    expect(readFileSync(f('capubs.pem'), 'utf8').match(/BEGIN CERTIFICATE/g)?.length).toBe(2);
  });

  test('-cmd kur signed with the issued certificate (signature protection both ways)', async () => {
    const r = await cmp(
      `-cmd kur -cert ir.pem -key k1.pem -trusted root.pem -untrusted state/ca/ca.pem -newkey k2.pem -certout kur.pem`,
    );
    expect(r.stdout + r.stderr).toContain('received KUP');
    expect(r.code).toBe(0);
    expect(await verify('kur.pem')).toContain('kur.pem: OK');
    const kur = new X509Certificate(readFileSync(f('kur.pem')));
    expect(kur.subject).toBe('CN=ossl-ir\nO=Example');
    expect(kur.publicKey.asymmetricKeyType).toBe('rsa');
  });

  test('-cmd p10cr with a PKCS#10 request', async () => {
    const r = await cmp(`-cmd p10cr -ref ${REF} -secret pass:${SECRET} -csr p10.csr -certout p10.pem`);
    expect(r.stdout + r.stderr).toContain('received CP');
    expect(r.code).toBe(0);
    expect(await verify('p10.pem')).toContain('p10.pem: OK');
  });

  test('-cmd cr with PBM', async () => {
    const r = await cmp(
      `-cmd cr -ref ${REF} -secret pass:${SECRET} -newkey k3.pem -subject /CN=ossl-cr -certout cr.pem`,
    );
    expect(r.code).toBe(0);
    expect(await verify('cr.pem')).toContain('cr.pem: OK');
  });

  test('wrong secret: error message, no certificate', async () => {
    const r = await cmp(
      `-cmd ir -ref ${REF} -secret pass:WRONG -newkey k1.pem -subject /CN=x -certout x.pem`,
    );
    expect(r.code).not.toBe(0);
    expect(r.stdout + r.stderr).toMatch(/received ERROR|error validating protection/);
  });

  test('issued certificates are recorded by the CA', () => {
    const index = readFileSync(f('state/ca/index.jsonl'), 'utf8');
    expect(index).toContain('ossl-ir');
    expect(index).toContain('ossl-p10cr');
  });
});
