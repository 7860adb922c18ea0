// The scheme of secret arguments (challenge-password, ca-secret): on the line
// (warned when the line is argv), without a value (asked), NAME-file FILE,
// the environment; the mandatory check; the two forms exclude each other.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeOpContext, type OpContextInput } from '../../../src/op/op-context.js';
import { executeOpWords, renderOpDiagnostics } from '../../../src/op/op-run.js';
import { buildOpTree } from '../../../src/op/op-tree.js';
import { CHALLENGE_PASSWORD, resolveSecretArg, secretArgSpecs } from '../../../src/op/secret-arg.js';
import { ENROLL_CMPV2 } from '../../../src/op/specs/enroll.js';
import { enrollScepCommand } from '../../../src/op/enroll-scep.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pkicfg-secret-arg-'));
  writeFileSync(join(dir, 'pw'), 'from-file\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let got: string | undefined;
const tree = buildOpTree(
  [],
  [
    {
      path: ['request', 'x'],
      help: 'test',
      args: [...secretArgSpecs(CHALLENGE_PASSWORD), { name: 'flag', help: 'a flag' }],
      run: async (args, ctx) => {
        const r = await resolveSecretArg(args, ctx, CHALLENGE_PASSWORD);
        if ('error' in r) return r.error;
        got = r.value;
        return {};
      },
    },
  ],
);

async function run(line: string, more: Partial<OpContextInput> = {}): Promise<{ code: number; err: string }> {
  got = undefined;
  let err = '';
  const ctx = makeOpContext({
    stateDir: join(dir, 'state'),
    cwd: dir,
    stdout: { write: () => undefined },
    stderr: { write: (t) => void (err += t) },
    env: {},
    ...more,
  });
  const r = await executeOpWords(tree, line.split(' '), ctx);
  err += renderOpDiagnostics(r.diagnostics) + (r.parseError?.message ?? '');
  return { code: r.exitCode, err };
}

test('on the line: the value; from argv one warning that names the alternatives, not the value', async () => {
  const quiet = await run('request x challenge-password on-the-line');
  expect(got).toBe('on-the-line');
  expect(quiet.err).toBe('');
  const argv = await run('request x challenge-password on-the-line', { wordsInArgv: true });
  expect(got).toBe('on-the-line');
  expect(argv.err).toBe(
    'warning: challenge-password on the command line is visible to other users (ps, /proc/PID/cmdline); use challenge-password-file FILE, PKICFG_CHALLENGE_PASSWORD, or challenge-password without a value to be asked\n',
  );
});

test('without a value at the end of the line: asked (where there is an input to ask on)', async () => {
  const prompts: string[] = [];
  const readSecret = async (p: string) => (prompts.push(p), { value: 'typed' });
  const r = await run('request x flag challenge-password', { readSecret, wordsInArgv: true });
  expect(r.code).toBe(0);
  expect(got).toBe('typed');
  expect(prompts).toEqual(['Challenge password: ']);
  expect(r.err).toBe(''); // nothing was in argv
  const none = await run('request x challenge-password');
  expect(none.code).toBe(1);
  expect(none.err).toBe('error: challenge-password: there is no standard input to read it from here\n');
  const eof = await run('request x challenge-password', {
    readSecret: async () => ({ error: 'no secret on standard input' }),
  });
  expect(eof.err).toBe('error: challenge-password: no secret on standard input\n');
});

test('challenge-password-file: the first line of the file; - reads standard input', async () => {
  expect((await run('request x challenge-password-file pw', { wordsInArgv: true })).err).toBe('');
  expect(got).toBe('from-file');
  const missing = await run('request x challenge-password-file nope');
  expect(missing.err).toBe("error: could not read file 'nope': ENOENT\n");
  await run('request x challenge-password-file -', { readSecret: async () => ({ value: 'stdin' }) });
  expect(got).toBe('stdin');
});

test('the environment when no word is given; nothing at all: missing mandatory argument', async () => {
  await run('request x', { env: { PKICFG_CHALLENGE_PASSWORD: 'from-env' } });
  expect(got).toBe('from-env');
  const r = await run('request x', { env: { PKICFG_CHALLENGE_PASSWORD: '' } });
  expect(r.code).toBe(1);
  expect(r.err).toBe('error: missing mandatory argument: challenge-password.\n');
});

test('the word and its file form exclude each other', async () => {
  const r = await run('request x challenge-password a challenge-password-file pw');
  expect(r.code).toBe(2);
  expect(r.err).toBe("syntax error, 'challenge-password-file' cannot be used with 'challenge-password'.");
});

test('SCEP and CMPv2 enroll take both forms', () => {
  const names = (args: readonly { name: string }[]) => args.map((a) => a.name);
  expect(names(enrollScepCommand().args)).toEqual(
    expect.arrayContaining(['challenge-password', 'challenge-password-file']),
  );
  expect(names(ENROLL_CMPV2.args)).toEqual(expect.arrayContaining(['ca-secret', 'ca-secret-file']));
});
