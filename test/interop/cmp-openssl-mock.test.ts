// pkicfg's CMPv2 client (the `enroll cmpv2` operational command) against
// OpenSSL 3's `openssl cmp` mock server, run in a private network namespace
// behind the loopback relay (test/interop/peers/cmp-peer.sh). The mock answers
// every request with one fixed certificate, so that certificate is made for
// pkicfg's own key; caPubs carry root, intermediate and issuing CA. Skips only
// when openssl cmp or unshare is missing.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPair } from '../../src/pki/key-pair.js';
import { keyPairChange } from '../../src/pki/pki-changes.js';
import { makeOpContext } from '../../src/op/op-context.js';
import { buildOpTree, BASE_NODES } from '../../src/op/op-tree.js';
import { runOpWords } from '../../src/op/op-run.js';
import { ENROLL_CMPV2, RE_ENROLL_CMPV2 } from '../../src/op/specs/enroll.js';
import type { ConfigTree } from '../../src/tree/config-tree.js';
import { makeChain, pemDer, startCmpPeer, which, type CmpPeer } from './cmp-helpers.js';

const HAVE = which('openssl') !== undefined && which('unshare') !== undefined;
if (!HAVE) console.warn('SKIP cmp-openssl-mock: openssl or unshare not installed');
const d = HAVE ? describe : describe.skip;

const SECRET = 'interop-pbm-s3cret';
const TREE = buildOpTree(BASE_NODES, [ENROLL_CMPV2, RE_ENROLL_CMPV2]);

d('pkicfg enroll cmpv2 -> openssl cmp mock server', () => {
  let dir: string;
  let state: string;
  const peers: CmpPeer[] = [];
  const urls: Record<string, string> = {};
  const ctx = () =>
    makeOpContext({
      stateDir: state,
      stdout: { write: (t) => void (out += t) },
      stderr: { write: (t) => void (err += t) },
      durable: false,
      activeConfig: () =>
        ({
          security: {
            pki: {
              'ca-profile': Object.fromEntries(
                Object.entries(urls).map(([p, url]) => [p, { 'ca-identity': p, enrollment: { url } }]),
              ),
            },
          },
        }) as unknown as ConfigTree,
    });
  let out = '';
  let err = '';
  async function enroll(id: string, profile: string, secret = SECRET): Promise<number> {
    out = '';
    err = '';
    return runOpWords(
      TREE,
      `request security pki local-certificate enroll cmpv2 certificate-id ${id} ca-profile ${profile} ca-secret ${secret} ca-reference 51899 subject CN=${id},O=Example`.split(
        ' ',
      ),
      ctx(),
    );
  }
  const pemOf = (kind: 'ca' | 'local', name: string) => ctx().pki().readPem(kind, name) ?? '';
  const snapshot = () =>
    readdirSync(join(state, 'pki'), { recursive: true }).map(String).sort().join('\n') +
    readFileSync(join(state, 'pki', 'index.json'), 'utf8');

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pkicfg-cmp-mock-'));
    state = join(dir, 'state');
    const keys = {
      r1: generateKeyPair({ type: 'ecdsa', size: 256 }),
      r2: generateKeyPair({ type: 'rsa', size: 2048 }),
    };
    ctx()
      .pki()
      .commit([keyPairChange('r1', keys.r1), keyPairChange('r2', keys.r2)]);
    // Chain A: root 1000100010001000, intermediate with a 20-digit serial (tail 1000100010001001).
    await makeChain(
      join(dir, 'A', 'chain'),
      { root: '1000100010001000', int1: '11111000100010001001', issuing: '424242' },
      keys.r1.pem,
      'A',
    );
    // Chain B: a different root whose serial has the same 16-digit tail -> profile name 1000100010001000-00.
    await makeChain(
      join(dir, 'B', 'chain'),
      { root: '991000100010001000', int1: '777', issuing: '4243' },
      keys.r2.pem,
      'B',
    );
    cpSync(join(dir, 'A', 'chain'), join(dir, 'R', 'chain'), { recursive: true });
    const [a, b, r] = await Promise.all([
      startCmpPeer(join(dir, 'A'), SECRET),
      startCmpPeer(join(dir, 'B'), SECRET),
      startCmpPeer(join(dir, 'R'), SECRET, '-pkistatus 2 -failure 2 -statusstring refused_by_test'),
    ]);
    peers.push(a, b, r);
    Object.assign(urls, { CA_A: a.url, CA_B: b.url, CA_REJECT: r.url });
  }, 60_000);

  afterAll(async () => {
    await Promise.all(peers.map((p) => p.stop()));
    rmSync(dir, { recursive: true, force: true });
  });

  test('ir/ip with PBM: EE certificate and the 3-CA chain under the Junos profile names', async () => {
    const code = await enroll('r1', 'CA_A');
    expect(err).toBe('');
    expect(code).toBe(0);
    const chain = (n: string) => readFileSync(join(dir, 'A', 'chain', n), 'utf8');
    expect(pemDer(pemOf('local', 'r1'))).toEqual(pemDer(chain('ee.pem')));
    expect(pemDer(pemOf('ca', 'CA_A'))).toEqual(pemDer(chain('issuing.pem')));
    expect(pemDer(pemOf('ca', '1000100010001000'))).toEqual(pemDer(chain('root.pem')));
    expect(pemDer(pemOf('ca', '1000100010001001'))).toEqual(pemDer(chain('int1.pem')));
    expect(out).toContain('Local certificate r1 loaded successfully');
    expect(out).not.toContain(SECRET);
  });

  test('re-enroll cmpv2: kur signed with the enrolled certificate, kup signed by the mock (chain to the stored root)', async () => {
    out = '';
    err = '';
    const code = await runOpWords(
      TREE,
      'request security pki local-certificate re-enroll cmpv2 certificate-id r1'.split(' '),
      ctx(),
    );
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toContain('Local certificate r1 loaded successfully');
  });

  test('second enrollment: a colliding serial tail gets the -00 suffix', async () => {
    const code = await enroll('r2', 'CA_B');
    expect(err).toBe('');
    expect(code).toBe(0);
    const chain = (n: string) => readFileSync(join(dir, 'B', 'chain', n), 'utf8');
    expect(pemDer(pemOf('ca', 'CA_B'))).toEqual(pemDer(chain('issuing.pem')));
    expect(pemDer(pemOf('ca', '1000100010001000-00'))).toEqual(pemDer(chain('root.pem')));
    expect(pemDer(pemOf('ca', '0000000000000777'))).toEqual(pemDer(chain('int1.pem')));
    expect(ctx().pki().list('ca').sort()).toEqual(
      [
        '0000000000000777',
        '1000100010001000',
        '1000100010001000-00',
        '1000100010001001',
        'CA_A',
        'CA_B',
      ].sort(),
    );
  });

  test('-pkistatus 2 rejection is reported with its reason; store unchanged', async () => {
    const before = snapshot();
    const code = await enroll('r1', 'CA_REJECT');
    expect(code).toBe(1);
    expect(err).toContain(
      'PKIStatus: rejection; PKIFailureInfo: badRequest; StatusString: "refused_by_test"',
    );
    expect(snapshot()).toBe(before);
  });

  test('wrong ca-secret is refused; store unchanged; secret not shown', async () => {
    const before = snapshot();
    const code = await enroll('r1', 'CA_A', 'not-the-secret');
    expect(code).toBe(1);
    expect(err).toMatch(/PBM protection does not verify/);
    expect(err).not.toContain('not-the-secret');
    expect(snapshot()).toBe(before);
  });
});
