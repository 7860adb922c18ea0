/**
 * The shipped build (scripts/bundle.mjs, what `bin`, `npm start` and the
 * packed package run): `npm pack` builds it (prepack) and the tarball's files
 * alone, without node_modules, run `--version`, `validate` (precompiled
 * schema checks: the diagnostics of tsc's build) and a key pair + CSR.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve('.');
let dir: string;
let main: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pkicfg-pack-'));
  execFileSync('npm', ['pack', '--silent', '--pack-destination', dir], { cwd: ROOT, stdio: 'pipe' });
  const tgz = readdirSync(dir).find((f) => f.endsWith('.tgz'))!;
  execFileSync('tar', ['-xzf', join(dir, tgz), '-C', dir]);
  main = join(dir, 'package', 'dist', 'bundle', 'main.js');
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function pkicfg(args: string[], cwd = dir): { rc: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [main, ...args], {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: dir },
    timeout: 30_000,
  });
  return { rc: r.status, out: r.stdout, err: r.stderr };
}

test('the package holds the bundle and the schemas, not the sources', () => {
  const files = readdirSync(join(dir, 'package'));
  expect(files).toEqual(expect.arrayContaining(['dist', 'schemas', 'package.json']));
  expect(files).not.toContain('src');
  expect(readdirSync(join(dir, 'package', 'dist'))).toEqual(['bundle']);
});

test('the packed bundle runs --version and validate without node_modules', () => {
  expect(pkicfg(['--version']).out).toMatch(/^pkicfg \d+\.\d+\.\d+\n$/);
  const bad = join(dir, 'bad.set');
  writeFileSync(
    bad,
    'set security pki ca-profile a ca-identity a\nset security pki ca-profile b revocation-check crl refresh-interval 99999\n',
  );
  const r = pkicfg(['validate', bad]);
  expect(r.rc).toBe(1);
  const tsc = spawnSync(process.execPath, [resolve('dist/src/cli/main.js'), 'validate', bad], {
    encoding: 'utf8',
  });
  expect(r.out).toBe(tsc.stdout);
  expect(r.out).toContain('Value 99999 is not within range (0..8784) [VALUE_OUT_OF_RANGE]');
  writeFileSync(join(dir, 'ok.set'), 'set security pki ca-profile a ca-identity a\n');
  expect(pkicfg(['validate', join(dir, 'ok.set')]).rc).toBe(0);
});

test('the packed bundle checks hierarchies outside security pki against the YANG schema it ships', () => {
  expect(readdirSync(join(dir, 'package', 'schemas', 'yang', 'junos-es'))).toEqual(
    expect.arrayContaining(['index.json', 'interfaces.json', 'protocols.json']),
  );
  const typo = join(dir, 'typo.set');
  writeFileSync(
    typo,
    'set interfaces ge-0/0/1 unt 0 family inet address 192.168.77.11/24\nset protocols bgp group G hold-time 99999\n',
  );
  // run from elsewhere: the schema files are found beside the bundle, not in the working directory
  const r = pkicfg(['validate', typo], tmpdir());
  expect(r.rc).toBe(1);
  expect(r.out).toContain("1:25: error: syntax error, expecting <statement>: unt (did you mean 'unit'?)");
  expect(r.out).toContain('2:37: error: Value 99999 is not within range (0..65535) [VALUE_OUT_OF_RANGE]');
  const tsc = spawnSync(process.execPath, [resolve('dist/src/cli/main.js'), 'validate', typo], {
    encoding: 'utf8',
  });
  expect(r.out).toBe(tsc.stdout);
});

test('the packed bundle makes a key pair and a CSR (pkijs, webcrypto bundled)', () => {
  const state = join(dir, 'state');
  const k = pkicfg([
    'req',
    'security',
    'pki',
    'generate-key-pair',
    'certificate-id',
    'b',
    'type',
    'ecdsa',
    'size',
    '256',
    '--state',
    state,
  ]);
  expect(k.rc).toBe(0);
  const c = pkicfg([
    'request',
    'security',
    'pki',
    'generate-certificate-request',
    'certificate-id',
    'b',
    'subject',
    'CN=b.example.net',
    '--state',
    state,
  ]);
  expect(c.rc).toBe(0);
  expect(c.out).toContain('-----BEGIN CERTIFICATE REQUEST-----');
});
