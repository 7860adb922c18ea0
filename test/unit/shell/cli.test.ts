// `pkicfg shell` in-process: -c, a script on standard input, --state, exit status.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { shellCommand } from '../../../src/cli/commands/shell.js';

let dir: string;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'pkicfg-shell-cli-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(args: string[], stdin = ''): Promise<{ code: number; out: string; err: string }> {
  const out = new PassThrough();
  const err = new PassThrough();
  let o = '';
  let e = '';
  out.on('data', (c: Buffer) => (o += c.toString()));
  err.on('data', (c: Buffer) => (e += c.toString()));
  const code = await shellCommand(args, {
    stdout: out,
    stderr: err,
    stdin: Readable.from([stdin]),
    env: { USER: 'ops' },
  });
  return { code, out: o, err: e };
}

test('-c commits on the real store; a later shell sees it', async () => {
  const state = join(dir, 's1');
  const r = await run([
    '--state',
    state,
    '-c',
    'configure; set system host-name edge1; set security pki ca-profile CA1 ca-identity CA1; commit comment "via -c"',
  ]);
  expect(r).toEqual({ code: 0, out: 'Entering configuration mode\ncommit complete\n', err: '' });
  const r2 = await run([
    '--state',
    state,
    '-c',
    'show configuration security | display set; show system commit | match "by ops"',
  ]);
  expect(r2.out).toMatch(
    /^set security pki ca-profile CA1 ca-identity CA1\n0 {3}\S+ \S+ UTC by ops via cli\n$/,
  );
});

test('a script on stdin; a failing command gives status 1 and the caret on stderr', async () => {
  const state = join(dir, 's2');
  const r = await run(
    ['--state', state],
    'configure\nset security pki ca-profile CA1 ca-identity CA1\nset security pki ca-profile CA1 bogus\ncommit and-quit\n',
  );
  expect(r.code).toBe(1);
  expect(r.out).toBe('Entering configuration mode\ncommit complete\nExiting configuration mode\n\n');
  expect(r.err).toBe(
    'ops@' +
      r.err.split('@')[1].split('#')[0] +
      '# set security pki ca-profile CA1 bogus\n' +
      ' '.repeat(r.err.indexOf('bogus')) +
      '^\nsyntax error.\n',
  );
});

test('usage errors exit 2', async () => {
  const r = await run(['--bogus']);
  expect(r.code).toBe(2);
  expect(r.err).toMatch(/^pkicfg shell: .*\nusage: pkicfg shell/);
});
