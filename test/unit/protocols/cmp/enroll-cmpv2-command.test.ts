// `request security pki local-certificate enroll cmpv2 ...` against the
// embedded CA's CMP server over real HTTP on 127.0.0.1: the end-entity
// certificate and the CA chain land in the PKI store under the Junos names;
// a failed enrollment leaves the store untouched and never shows the secret.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPrivateKey, createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import { createCmpServer } from '../../../../src/ca/cmp-server.js';
import { generateKeyPair } from '../../../../src/pki/key-pair.js';
import { caCertificateChange, keyPairChange } from '../../../../src/pki/pki-changes.js';
import { certificateFromDer } from '../../../../src/pki/certificate.js';
import { buildPkiMessage, parsePkiMessage } from '../../../../src/protocols/cmp/pki-message.js';
import { protectMessage } from '../../../../src/protocols/cmp/protection.js';
import { rsaKey, testCert } from '../scep/test-chain.js';
import { caProfileNameFromSerial } from '../../../../src/pki/ca-chain-naming.js';
import { makeOpContext } from '../../../../src/op/op-context.js';
import { buildOpTree, BASE_NODES } from '../../../../src/op/op-tree.js';
import { runOpWords } from '../../../../src/op/op-run.js';
import { enrollCmpv2Command, reEnrollCmpv2Command } from '../../../../src/op/enroll-cmpv2.js';
import { createNodeCmpTransport, type CmpTransport } from '../../../../src/protocols/cmp/http-transport.js';
import type { ConfigTree } from '../../../../src/tree/config-tree.js';
import { keyCert, keyFile } from './helpers.js';

const ROOT = keyCert('root');
const INT1 = keyCert('int1');
const ISSUING = keyCert('issuing');
const NOW = new Date(new Date(new X509Certificate(ISSUING).validFrom).getTime() + 86400_000);
const SECRET = 'Sup3r-s3cret-iak';

let http: Server;
let url: string;
let dir: string;

beforeAll(async () => {
  const cmp = createCmpServer({
    caCert: ISSUING,
    caKey: keyFile('issuing'),
    caChain: [INT1, ROOT],
    reference: '51899',
    secret: Buffer.from(SECRET),
    clock: () => NOW,
  });
  http = createServer((req, res) => void cmp.http(req, res).then((done) => done || res.writeHead(404).end()));
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  const addr = http.address();
  url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/pkix/`;
});
afterAll(() => new Promise<void>((r) => http.close(() => r())));
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'pkicfg-cmp-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function config(u = url): ConfigTree {
  return {
    security: { pki: { 'ca-profile': { P: { 'ca-identity': 'P', enrollment: { url: u } } } } },
  } as unknown as ConfigTree;
}

async function run(words: string, opts: { transport?: () => CmpTransport; cfg?: ConfigTree } = {}) {
  let out = '';
  let err = '';
  const ctx = makeOpContext({
    stateDir: dir,
    stdout: { write: (t) => void (out += t) },
    stderr: { write: (t) => void (err += t) },
    now: () => NOW,
    activeConfig: () => opts.cfg ?? config(),
    durable: false,
  });
  const deps = opts.transport ? { transport: opts.transport } : {};
  const tree = buildOpTree(BASE_NODES, [enrollCmpv2Command(deps), reEnrollCmpv2Command(deps)]);
  const code = await runOpWords(tree, words.split(' '), ctx);
  return { code, out, err, ctx };
}

function addKey(id: string, type: 'rsa' | 'ecdsa' = 'ecdsa') {
  const ctx = makeOpContext({ stateDir: dir, stdout: { write: () => undefined }, durable: false });
  ctx.pki().commit([keyPairChange(id, generateKeyPair({ type, size: type === 'rsa' ? 2048 : 256 }))]);
}

function snapshot(): string[] {
  const walk = (d: string): string[] =>
    readdirSync(d, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory()
        ? walk(join(d, e.name))
        : [`${join(d, e.name)}:${readFileSync(join(d, e.name), 'utf8').length}`],
    );
  return walk(dir).sort();
}

const CMD = `request security pki local-certificate enroll cmpv2 certificate-id r1 ca-profile P ca-secret ${SECRET} ca-reference 51899 subject CN=r1,O=Example domain-name r1.example.net ip-address 192.0.2.1`;

test('enrolls, loads the EE certificate and the CA chain under Junos names', async () => {
  addKey('r1');
  const r = await run(CMD);
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  const store = r.ctx.pki();
  expect(store.has('local', 'r1')).toBe(true);
  const ee = new X509Certificate(store.readPem('local', 'r1')!);
  expect(ee.subject).toBe('CN=r1\nO=Example');
  expect(ee.subjectAltName).toBe('DNS:r1.example.net, IP Address:192.0.2.1');
  expect(new X509Certificate(store.readPem('ca', 'P')!).raw.equals(Buffer.from(ISSUING))).toBe(true);
  const serialName = (der: Uint8Array) =>
    caProfileNameFromSerial(BigInt('0x' + new X509Certificate(der).serialNumber));
  expect(store.list('ca').sort()).toEqual(['P', serialName(ROOT), serialName(INT1)].sort());
  expect(r.out).toContain('Local certificate r1 loaded successfully');
  expect(r.out).toContain('CA certificate for profile P loaded successfully');
  expect(r.out + r.err).not.toContain(SECRET);
});

test('a second enrollment finds the chain already present', async () => {
  addKey('r1');
  addKey('r2', 'rsa');
  await run(CMD);
  const r = await run(CMD.replace('certificate-id r1', 'certificate-id r2'));
  expect(r.code).toBe(0);
  expect(r.out).toContain('CA certificate for profile P already loaded');
  expect(r.ctx.pki().list('ca').length).toBe(3);
});

test('wrong ca-secret: refused, store unchanged, secret not shown', async () => {
  addKey('r1');
  const before = snapshot();
  const r = await run(CMD.replace(SECRET, 'wrong-secret-xyz'));
  expect(r.code).toBe(1);
  expect(r.err).toMatch(/^error: CMPv2 enrollment of r1 failed: CMP response PBM protection does not verify/);
  expect(r.err).not.toContain('wrong-secret-xyz');
  expect(snapshot()).toEqual(before);
});

test('hostile transport (truncated response): store unchanged', async () => {
  addKey('r1');
  const before = snapshot();
  const r = await run(CMD, {
    transport: () => ({ post: async () => ({ status: 200, body: new Uint8Array([0x30, 0x82, 0x01]) }) }),
  });
  expect(r.code).toBe(1);
  expect(r.err).toMatch(/could not be decoded/);
  expect(snapshot()).toEqual(before);
});

test('missing key pair, unknown profile, no enrollment url', async () => {
  expect((await run(CMD)).err).toMatch(/Key pair r1 does not exist/);
  addKey('r1');
  expect((await run(CMD.replace('ca-profile P', 'ca-profile Q'))).err).toMatch(/CA profile Q not configured/);
  const noUrl = {
    security: { pki: { 'ca-profile': { P: { 'ca-identity': 'P' } } } },
  } as unknown as ConfigTree;
  expect((await run(CMD, { cfg: noUrl })).err).toMatch(/has no enrollment url/);
});

test('unreachable server', async () => {
  addKey('r1');
  const r = await run(CMD, { cfg: config('http://127.0.0.1:1/pkix/') });
  expect(r.code).toBe(1);
  expect(r.err).toMatch(/could not be reached/);
});

test('re-enroll cmpv2: kur signed with the current certificate, same subject and SAN', async () => {
  addKey('r1');
  await run(CMD);
  const before = snapshotPem('r1');
  const r = await run('request security pki local-certificate re-enroll cmpv2 certificate-id r1');
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  const after = new X509Certificate(r.ctx.pki().readPem('local', 'r1')!);
  expect(after.serialNumber).not.toBe(before.cert.serialNumber);
  expect(after.subject).toBe(before.cert.subject);
  expect(after.subjectAltName).toBe(before.cert.subjectAltName);
  expect(r.ctx.pki().readPem('key', 'r1')).toBe(before.key);
});

test('re-enroll cmpv2 re-generate-keypair: new key of the same type, stored with the certificate', async () => {
  addKey('r1');
  await run(CMD);
  const before = snapshotPem('r1');
  const r = await run(
    'request security pki local-certificate re-enroll cmpv2 certificate-id r1 re-generate-keypair',
  );
  expect(r.err).toBe('');
  const key = r.ctx.pki().readPem('key', 'r1')!;
  expect(key).not.toBe(before.key);
  const after = new X509Certificate(r.ctx.pki().readPem('local', 'r1')!);
  expect(after.publicKey.export({ type: 'spki', format: 'der' })).toEqual(
    createPublicKey(createPrivateKey(key)).export({ type: 'spki', format: 'der' }),
  );
});

test('re-enroll cmpv2 without a certificate', async () => {
  addKey('r1');
  const r = await run(
    'request security pki local-certificate re-enroll cmpv2 certificate-id r1 ca-profile P',
  );
  expect(r.code).toBe(1);
  expect(r.err).toMatch(/Local certificate r1 not found/);
});

function snapshotPem(id: string) {
  const ctx = makeOpContext({ stateDir: dir, stdout: { write: () => undefined }, durable: false });
  return { cert: new X509Certificate(ctx.pki().readPem('local', id)!), key: ctx.pki().readPem('key', id)! };
}

describe('attacks by a proxy between the device and the CA', () => {
  const evilRoot = testCert('CN=Evil Root CA', rsaKey(), true).der;
  /** The real CA's answers, re-protected with `by` and Evil Root CA added to caPubs. */
  const proxy = (by: { key: KeyObject; cert: Uint8Array; chain?: Uint8Array[] }) => (): CmpTransport => {
    const real = createNodeCmpTransport();
    return {
      async post(u, body) {
        const rsp = await real.post(u, body);
        const m = parsePkiMessage(rsp.body).value!;
        const b = m.body;
        const edited =
          b.type === 'ip' || b.type === 'cp' || b.type === 'kup'
            ? { ...b, content: { ...b.content, caPubs: [...(b.content.caPubs ?? []), evilRoot] } }
            : b;
        const { protectionAlg: _a, senderKID: _k, ...header } = m.header;
        return {
          ...rsp,
          body: buildPkiMessage(protectMessage(header, edited, { kind: 'signature', ...by })),
        };
      },
      close: () => real.close?.(),
    };
  };
  const caStore = (r: Awaited<ReturnType<typeof run>>) =>
    r.ctx
      .pki()
      .list('ca')
      .map((p) => new X509Certificate(r.ctx.pki().readPem('ca', p)!).subject);

  test('re-signed with an ordinary end-entity key of the trusted CA: refused, nothing stored', async () => {
    addKey('r1');
    addKey('r2');
    await run(CMD); // the device now trusts the CA chain
    const before = snapshot();
    const r = await run(CMD.replace('certificate-id r1', 'certificate-id r2'), {
      transport: proxy({ key: keyFile('ee'), cert: keyCert('ee'), chain: [ISSUING, INT1] }),
    });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/end-entity certificate that is neither the CA nor issued for CMP/);
    expect(snapshot()).toEqual(before);
    expect(caStore(r).join('\n')).not.toContain('Evil');
  });

  test('caPubs under signature protection (a CMP RA of the CA): the certificate is stored, Evil Root CA is not', async () => {
    addKey('r1');
    await run(CMD);
    const r = await run('request security pki local-certificate re-enroll cmpv2 certificate-id r1', {
      transport: proxy({ key: keyFile('srv'), cert: keyCert('srv'), chain: [ISSUING, INT1] }),
    });
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/CA certificate CN=Evil Root CA of the response not installed/);
    expect(caStore(r).join('\n')).not.toContain('Evil');
  });

  test('the issuer is stored under the named profile although another profile holds it', async () => {
    addKey('r1');
    const cfg = {
      security: {
        pki: {
          'ca-profile': { P: { 'ca-identity': 'P', enrollment: { url } }, EMB: { 'ca-identity': 'EMB' } },
        },
      },
    } as unknown as ConfigTree;
    const info = certificateFromDer(ISSUING, 'test').value!;
    makeOpContext({ stateDir: dir, stdout: { write: () => undefined }, durable: false })
      .pki()
      .commit([caCertificateChange('EMB', info)]);
    const r = await run(CMD, { cfg });
    expect(r.code).toBe(0);
    expect(r.out).toContain('CA certificate for profile P loaded successfully');
    expect(new X509Certificate(r.ctx.pki().readPem('ca', 'P')!).raw.equals(Buffer.from(ISSUING))).toBe(true);
  });
});
