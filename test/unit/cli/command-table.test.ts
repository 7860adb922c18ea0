/**
 * The CLI command table (src/cli/commands/index.ts, src/cli/run.ts): the
 * command list of `pkicfg --help`, Junos abbreviation of the command word,
 * the Junos ambiguity message, did-you-mean, `--version`, and per-command
 * help generated from the op tree the shell's `?` reads.
 */
import { PassThrough } from 'node:stream';
import { run, type CliIO } from '../../../src/cli/run.js';
import { COMMAND_TABLE } from '../../../src/cli/commands/index.js';

async function cli(args: string[]): Promise<{ rc: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  const io: CliIO = {
    stdout,
    stderr,
    stdin: new PassThrough(),
    env: { PKICFG_STATE: '/nonexistent-pkicfg' },
  };
  const rc = await run(args, io);
  return { rc, out, err };
}

test('--help lists every command of the table with its line', async () => {
  const r = await cli(['--help']);
  expect(r.rc).toBe(0);
  for (const c of COMMAND_TABLE)
    expect(r.out).toMatch(new RegExp(`^  ${c.name} +${c.summary.replace(/[.()|]/g, '\\$&')}$`, 'm'));
});

test('a unique prefix runs the command; an ambiguous one lists the candidates the Junos way', async () => {
  const v = await cli(['vali', '--help']);
  expect(v.rc).toBe(0);
  expect(v.out).toContain('usage: pkicfg validate');
  const amb = await cli(['co', 'x']);
  expect(amb.rc).toBe(2);
  expect(amb.err).toMatch(
    /^pkicfg: 'co' is ambiguous\.\nPossible completions:\n {2}commit .*\n {2}compare .*\n {2}convert .*\n$/,
  );
});

test('an unknown command names the closest one', async () => {
  const r = await cli(['valdate', 'f.conf']);
  expect(r.rc).toBe(2);
  expect(r.err).toContain("unknown command 'valdate'; did you mean 'validate'?");
  expect((await cli(['zzzzzz'])).err).not.toContain('did you mean');
});

test('--version prints the package version', async () => {
  const r = await cli(['--version']);
  expect(r.rc).toBe(0);
  expect(r.out).toMatch(/^pkicfg \d+\.\d+\.\d+\n$/);
});

test('show/request/clear --help list what may follow, as the shell ? does', async () => {
  const show = await cli(['show', '--help']);
  expect(show.rc).toBe(0);
  expect(show.out).toMatch(/^Possible completions:$/m);
  expect(show.out).toMatch(/^ {2}security +Show security information$/m);
  const req = await cli(['req', 'sec', 'pki', '--help']);
  expect(req.out).toMatch(/^ {2}generate-key-pair +Generate public\/private key pair$/m);
  const clear = await cli(['clear', '--help']);
  expect(clear.out).toMatch(/^ {2}security /m);
  // an ambiguous word under the verb is the op tree's own message
  expect((await cli(['show', 's', '--help'])).out).toContain("'s' is ambiguous.");
});

test('demo --help is help, not an error', async () => {
  const r = await cli(['demo', '--help']);
  expect(r.rc).toBe(0);
  expect(r.out).toContain('usage: pkicfg demo');
});
