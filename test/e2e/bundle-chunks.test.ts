/**
 * What a command of the shipped bundle loads (issue 13: a start pays for the
 * one command it runs). The bundle is built into a directory of its own
 * (scripts/bundle.mjs OUT, which also writes esbuild's metafile); each command
 * runs under a loader hook that records every module file node loads; the
 * metafile says which sources each loaded chunk holds. A key pair must load
 * neither X.509 code (pkijs) nor the parser and YAML of the commit store
 * (chevrotain, yaml): only node:crypto and the PKI store.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

interface Metafile {
  readonly outputs: Record<string, { readonly inputs: Record<string, unknown> }>;
}

let dir: string;
let out: string;
let meta: Metafile;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pkicfg-chunks-'));
  out = join(dir, 'bundle');
  execFileSync(process.execPath, ['scripts/bundle.mjs', out], { stdio: 'pipe' });
  symlinkSync(resolve('schemas'), join(dir, 'schemas')); // found above the bundle, as in the package
  meta = JSON.parse(readFileSync(`${out}-gen/meta.json`, 'utf8')) as Metafile;
  // registers a load hook that appends each file: URL node loads to $PKICFG_LOADED
  const hook = `export async function load(url, context, next) {
  if (url.startsWith('file:')) (await import('node:fs')).appendFileSync(process.env.PKICFG_LOADED, url + '\\n');
  return next(url, context);
}\n`;
  writeFileSync(join(dir, 'hook.mjs'), hook);
  writeFileSync(
    join(dir, 'register.mjs'),
    `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(join(dir, 'hook.mjs')).href)});\n`,
  );
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let runs = 0;

/** The npm packages whose code the chunks loaded by `pkicfg ARGS` hold (exit status checked). */
function packagesLoaded(args: readonly string[]): Set<string> {
  const log = join(dir, `loaded-${++runs}.txt`);
  writeFileSync(log, '');
  const r = spawnSync(
    process.execPath,
    ['--import', join(dir, 'register.mjs'), join(out, 'main.js'), ...args],
    {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, HOME: dir, PKICFG_LOADED: log },
      timeout: 30_000,
    },
  );
  expect([r.status, r.stderr.slice(-400)]).toEqual([0, '']);
  const loaded = new Set(
    readFileSync(log, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((u) => fileURLToPath(u)),
  );
  const packages = new Set<string>();
  for (const [file, o] of Object.entries(meta.outputs)) {
    if (!loaded.has(resolve(file))) continue;
    for (const input of Object.keys(o.inputs)) {
      const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
      if (m) packages.add(m[1]);
    }
  }
  return packages;
}

const HEAVY = ['pkijs', 'chevrotain', '@chevrotain/gast', 'yaml', 'lodash-es'];

test('the loader hook sees what a command loads (validate loads the parser)', () => {
  const file = join(dir, 'one.set');
  writeFileSync(file, 'set security pki ca-profile a ca-identity a\n');
  expect(packagesLoaded(['validate', file])).toContain('chevrotain');
});

test('an ECDSA key pair loads no pkijs, chevrotain or yaml', () => {
  const state = join(dir, 'state');
  const words = ['request', 'security', 'pki', 'generate-key-pair', 'certificate-id', 'k', 'type', 'ecdsa'];
  const loaded = packagesLoaded([...words, 'size', '256', '--state', state]);
  expect(HEAVY.filter((p) => loaded.has(p))).toEqual([]);
  // a CSR needs pkijs, and still not the commit store's parser and YAML
  const csr = packagesLoaded([
    ...['request', 'security', 'pki', 'generate-certificate-request', 'certificate-id', 'k'],
    ...['subject', 'CN=k.example.net', '--state', state],
  ]);
  expect(csr).toContain('pkijs');
  expect(['chevrotain', 'yaml', 'lodash-es'].filter((p) => csr.has(p))).toEqual([]);
});
