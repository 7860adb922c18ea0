// `openssl cmp` as an attacker of pkicfg's CMP server (the /pkix/ route of the
// embedded CA, in-process on 127.0.0.1). e1 is an ordinary end entity that
// enrolled with the shared secret; holding its certificate must buy nothing
// but the renewal of that same certificate (src/ca/authorize.ts). Each attack
// must be answered with an error, logged, and leave no certificate issued.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { cmpRouteFactory } from '../../src/ca/cmp-server.js';
import { startCaServer, type RunningCaServer } from '../../src/ca/serve.js';
import { run, which } from './cmp-helpers.js';

const HAVE = which('openssl') !== undefined;
if (!HAVE) console.warn('SKIP cmp-server-attacks: openssl not installed');
const d = HAVE ? describe : describe.skip;

const REF = 'pkicfg-ref';
const SECRET = 'server-pbm-s3cret';

d('openssl cmp as an attacker of pkicfg CMP server', () => {
  let dir: string;
  let server: RunningCaServer;
  let S: string;
  const log: string[] = [];
  const f = (n: string) => join(dir, n);
  const sh = (cmd: string) => run('sh', ['-c', `cd "${dir}" && ${cmd}`], { timeoutMs: 30_000 });
  const cmp = (args: string) => sh(`openssl cmp ${S} ${args}`);
  const index = () => readFileSync(f('state/ca/index.jsonl'), 'utf8');

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pkicfg-cmp-attack-'));
    for (const k of ['e1', 'e2', 'k2', 'k3'])
      await sh(`openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out ${k}.key`);
    writeFileSync(f('evil.cnf'), '[req]\ndistinguished_name=dn\n[dn]\n');
    await sh('openssl req -new -key k3.key -subj "/CN=admin/O=Evil" -config evil.cnf -out evil.csr');
    server = await startCaServer({
      stateDir: f('state'),
      port: 0,
      routes: new Map([['/pkix/', cmpRouteFactory({ reference: REF, secret: SECRET })]]),
      log: (l) => log.push(l),
    });
    S = `-server 127.0.0.1:${server.port} -path pkix/ -recipient "${server.ca.certificate.x509.subject.replace(/\n/g, '/').replace(/^/, '/')}"`;
    for (const [k, cn] of [
      ['e1', 'e1.example.net'],
      ['e2', 'e2.example.net'],
    ]) {
      const r = await cmp(
        `-cmd ir -ref ${REF} -secret pass:${SECRET} -newkey ${k}.key -subject "/CN=${cn}" -sans ${cn} -certout ${k}.pem`,
      );
      if (r.code !== 0) throw new Error(`setup ir ${k}: ${r.stderr}`);
    }
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const SIGNED = '-cert e1.pem -key e1.key -trusted state/ca/ca.pem';
  const attacks: [string, string, RegExp][] = [
    [
      'ir signed by e1 for CN=admin',
      `-cmd ir ${SIGNED} -newkey k2.key -subject "/CN=admin/O=Evil"`,
      /notAuthorized/,
    ],
    [
      'cr signed by e1 for CN=admin',
      `-cmd cr ${SIGNED} -newkey k2.key -subject "/CN=admin/O=Evil"`,
      /notAuthorized/,
    ],
    [
      'ir signed by e1 for a victim SAN',
      `-cmd ir ${SIGNED} -newkey k2.key -subject "/CN=e1.example.net" -sans victim.example.com`,
      /notAuthorized/,
    ],
    ['p10cr signed by e1', `-cmd p10cr ${SIGNED} -csr evil.csr`, /notAuthorized/],
    [
      'kur by e1 for CN=admin',
      `-cmd kur ${SIGNED} -newkey k2.key -subject "/CN=admin/O=Evil"`,
      /badCertTemplate/,
    ],
    [
      'kur by e1 adding a victim SAN',
      `-cmd kur ${SIGNED} -newkey k2.key -sans victim.example.com`,
      /badCertTemplate/,
    ],
    [
      'kur by e1 of e2 (oldCertID names another certificate)',
      `-cmd kur ${SIGNED} -oldcert e2.pem -newkey k2.key`,
      /badCertId/,
    ],
  ];

  test.each(attacks)('%s: refused, logged, nothing issued', async (name, args, failInfo) => {
    const before = index();
    const logged = log.length;
    const out = `attack-${attacks.findIndex((a) => a[0] === name)}.pem`;
    const r = await cmp(`${args} -certout ${out}`);
    expect(r.code).not.toBe(0);
    expect(r.stdout + r.stderr).toMatch(failInfo);
    expect(existsSync(f(out))).toBe(false);
    expect(index()).toBe(before);
    expect(log.slice(logged).join('\n')).toMatch(/cmp: refused/);
  });

  test('nothing for CN=admin or the victim SAN was ever issued', () => {
    expect(index()).not.toMatch(/admin|victim/);
  });

  test('the legitimate kur (same names, signed by e1) still works and keeps the SAN', async () => {
    const r = await cmp(`-cmd kur ${SIGNED} -newkey k2.key -certout e1-new.pem`);
    expect(r.code).toBe(0);
    const c = new X509Certificate(readFileSync(f('e1-new.pem')));
    expect(c.subject).toBe('CN=e1.example.net');
    expect(c.subjectAltName).toBe('DNS:e1.example.net');
    expect(log.join('\n')).toMatch(/kur txid=\w+ authorized by key update of serial/);
  });
});
