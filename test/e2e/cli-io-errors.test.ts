// Usage and I/O errors of the real `pkicfg` process (dist/, `npm run build`):
// one clear line naming the path and what was expected, no Node error codes
// or stack traces, exit status 2 (README: "2 usage or I/O errors").
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const MAIN = resolve('dist/src/cli/main.js');
const HAVE = existsSync(MAIN);
if (!HAVE) console.warn('SKIP cli-io-errors: dist/src/cli/main.js missing (npm run build)');
const d = HAVE ? describe : describe.skip;

d('pkicfg usage and I/O errors (whole process)', () => {
  let dir: string;
  let file: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'pkicfg-io-errors-'));
    file = join(dir, 'f.conf');
    writeFileSync(file, 'set system host-name r1\n');
    mkdirSync(join(dir, 'd'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function pkicfg(args: string[], env: NodeJS.ProcessEnv = {}): { rc: number | null; err: string } {
    const r = spawnSync(process.execPath, [MAIN, ...args], {
      cwd: dir,
      encoding: 'utf8',
      env: { PATH: process.env.PATH, HOME: dir, ...env },
      timeout: 20_000,
    });
    return { rc: r.status, err: r.stderr };
  }

  /** No Node error text, no stack trace, balanced quotes on the message line. */
  function clean(err: string): void {
    expect(err).not.toMatch(/\b(ENOENT|EISDIR|ENOTDIR|EEXIST|EACCES)\b|^\s+at /m);
    expect((err.split('\n')[0].match(/'/g) ?? []).length % 2).toBe(0);
  }

  test.each([
    [
      ['validate', 'nofile.conf'],
      "pkicfg validate: could not read 'nofile.conf': No such file or directory\n",
    ],
    [['validate', 'd'], "pkicfg validate: could not read 'd': Is a directory\n"],
    [
      ['load', 'merge', 'nofile.conf', '--state', 's'],
      "pkicfg load: could not read 'nofile.conf': No such file or directory\n",
    ],
    [['load', 'merge', 'd', '--state', 's'], "pkicfg load: could not read 'd': Is a directory\n"],
    [
      ['convert', 'nofile.conf', '--to', 'set'],
      "pkicfg convert: could not read 'nofile.conf': No such file or directory\n",
    ],
  ])('%j', (args, message) => {
    const r = pkicfg(args);
    expect(r.err).toBe(message);
    expect(r.rc).toBe(2);
  });

  test('a file where a directory is needed is named', () => {
    const r = pkicfg(['validate', 'f.conf/x']);
    expect(r.err).toBe(`pkicfg validate: could not read 'f.conf/x': '${file}' is not a directory\n`);
    expect(r.rc).toBe(2);
  });

  test.each([
    ['commit'],
    ['history'],
    ['compare'],
    ['rollback', '1'],
    ['load', 'merge', 'f.conf'],
    ['show', 'security', 'pki', 'local-certificate'],
    ['request', 'security', 'pki', 'generate-key-pair', 'certificate-id', 'x'],
    ['ca', 'pending'],
    ['ca', 'serve', '--port', '0'],
    ['daemon', '--once'],
    ['shell', '-c', 'show'],
  ])('--state FILE: %s', (...args) => {
    const r = pkicfg([...args, '--state', 'f.conf']);
    expect(r.err).toBe(
      `pkicfg ${args[0] === 'ca' ? `ca ${args[1]}` : args[0]}: --state f.conf: not a directory\n`,
    );
    expect(r.rc).toBe(2);
  });

  test('PKICFG_STATE naming a file', () => {
    const r = pkicfg(['history'], { PKICFG_STATE: file });
    expect(r.err).toBe(`pkicfg history: PKICFG_STATE ${file}: not a directory\n`);
    expect(r.rc).toBe(2);
  });

  test('an op command whose store is damaged (STATE/pki is a file): I/O error, exit 2', () => {
    mkdirSync(join(dir, 'st'));
    writeFileSync(join(dir, 'st', 'pki'), '');
    const r = pkicfg(['show', 'security', 'pki', 'key-pair', '--state', 'st']);
    const pki = join(dir, 'st', 'pki');
    expect(r.err).toBe(`error: could not open '${join(pki, 'index.json')}': '${pki}' is not a directory\n`);
    expect(r.rc).toBe(2);
  });

  test('show configuration --state FILE', () => {
    const r = pkicfg(['show', 'configuration', '--state', 'f.conf']);
    expect(r.err).toBe(
      `pkicfg show configuration: could not create directory '${file}': it exists and is not a directory\n`,
    );
    expect(r.rc).toBe(2);
  });

  test.each([
    [
      ['validate', '--frmat', 'json', 'f.conf'],
      "pkicfg validate: unknown option '--frmat'; did you mean '--format'?\n",
    ],
    [
      ['validate', '--stirct', 'f.conf'],
      "pkicfg validate: unknown option '--stirct'; did you mean '--strict'?\n",
    ],
    [['validate', '-x', 'f.conf'], "pkicfg validate: unknown option '-x'\n"],
    [['validate', 'f.conf', '--format'], "pkicfg validate: option '--format' needs a value\n"],
    [['validate', '--strict=yes', 'f.conf'], "pkicfg validate: option '--strict' takes no value\n"],
    [['history', 'extra'], "pkicfg history: unexpected argument 'extra'\n"],
  ])('%j', (args, firstLine) => {
    const r = pkicfg(args);
    expect(r.err.startsWith(firstLine)).toBe(true);
    expect(r.err).toContain('usage: pkicfg');
    expect(r.rc).toBe(2);
  });

  test('every message above is clean', () => {
    for (const args of [
      ['validate', 'nofile.conf'],
      ['validate', '--frmat', 'json', 'f.conf'],
      ['commit', '--state', 'f.conf'],
      ['show', 'security', 'pki', 'key-pair', '--state', 'f.conf'],
    ])
      clean(pkicfg(args).err);
  });
});
