// The one option runner of the `pkicfg` commands (src/cli/command.ts): each
// test breaks if command() mishandles one thing every command relies on.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { command, type CommandContext } from '../../../src/cli/command.js';
import { STATE_OPTION, wholeNumberOption } from '../../../src/cli/options.js';
import { confirmedMinutes } from '../../../src/cli/commit-options.js';
import { runCaptured } from '../../cli-io.js';

const USAGE = 'usage: pkicfg t [--state DIR] [--count N] [--loud]\n';

let dir: string;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'pkicfg-command-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A command that reports what it received, or runs BODY. */
function probe(
  body?: (cx: CommandContext, positionals: readonly string[]) => Promise<number>,
  spec: { positionals?: true; help?: false; errorStatus?: (a: readonly string[]) => number } = {},
) {
  return command(
    {
      name: 't',
      usage: USAGE,
      ...spec,
      options: {
        ...STATE_OPTION,
        count: { type: 'string', short: 'n' },
        loud: { type: 'boolean', default: false },
      },
    },
    async ({ values, positionals }, cx) => {
      if (body) return body(cx, positionals);
      cx.io.stdout.write(JSON.stringify({ values, positionals }));
      return 0;
    },
  );
}

test('options reach the body as parseArgs parses them: defaults, short names, inline values', async () => {
  const r = await runCaptured(probe(undefined, { positionals: true }), ['-n', '3', 'a', '--state=/s', 'b']);
  expect(r.code).toBe(0);
  expect(JSON.parse(r.out)).toEqual({
    values: { count: '3', state: '/s', loud: false, help: false },
    positionals: ['a', 'b'],
  });
});

test('--help prints the usage on stdout and exits 0 without running the body', async () => {
  const r = await runCaptured(probe(), ['--loud', '-h']);
  expect(r).toEqual({ code: 0, out: USAGE, err: '' });
});

test('help: false makes --help an unknown option', async () => {
  const r = await runCaptured(probe(undefined, { help: false }), ['--help']);
  expect(r.code).toBe(2);
  expect(r.err).toBe(`pkicfg t: unknown option '--help'\n${USAGE}`);
});

test('usage errors: unknown option with a did-you-mean, a missing value, a word where none is taken', async () => {
  expect(await runCaptured(probe(), ['--stat', 'x'])).toEqual({
    code: 2,
    out: '',
    err: `pkicfg t: unknown option '--stat'; did you mean '--state'?\n${USAGE}`,
  });
  expect((await runCaptured(probe(), ['--count'])).err).toBe(
    `pkicfg t: option '--count' needs a value\n${USAGE}`,
  );
  expect((await runCaptured(probe(), ['--loud=1'])).err).toBe(
    `pkicfg t: option '--loud' takes no value\n${USAGE}`,
  );
  expect((await runCaptured(probe(), ['word'])).err).toBe(`pkicfg t: unexpected argument 'word'\n${USAGE}`);
});

test('cx.usage names the command and prints its usage, or the text given', async () => {
  expect(
    await runCaptured(
      probe(async (cx) => cx.usage('bad')),
      [],
    ),
  ).toEqual({
    code: 2,
    out: '',
    err: `pkicfg t: bad\n${USAGE}`,
  });
  expect(
    (
      await runCaptured(
        probe(async (cx) => cx.usage('bad', '')),
        [],
      )
    ).err,
  ).toBe('pkicfg t: bad\n');
});

test('cx.stateDir: --state, else PKICFG_STATE; a file is refused by the option that named it (exit 2)', async () => {
  const file = join(dir, 'f');
  writeFileSync(file, 'x');
  const show = probe(async (cx) => {
    cx.io.stdout.write(cx.stateDir());
    return 0;
  });
  expect((await runCaptured(show, ['--state', dir])).out).toBe(dir);
  expect((await runCaptured(show, [], { env: { PKICFG_STATE: dir } })).out).toBe(dir);
  expect(await runCaptured(show, ['--state', file])).toEqual({
    code: 2,
    out: '',
    err: `pkicfg t: --state ${file}: not a directory\n`,
  });
});

test('an error the body lets escape is an I/O error of the command, exit 2', async () => {
  const r = await runCaptured(
    probe(async () => {
      throw Object.assign(new Error('x'), { code: 'EACCES', syscall: 'open', path: '/p' });
    }),
    [],
  );
  expect(r.code).toBe(2);
  expect(r.err).toMatch(/^pkicfg t: .*'\/p': Permission denied\n$/);
});

test('cx.readInput: a file, standard input for -, and a file that cannot be read', async () => {
  const file = join(dir, 'in.set');
  writeFileSync(file, 'set a b\n');
  const read = probe(
    async (cx, files) => {
      for (const f of files) {
        const r = await cx.readInput(f);
        cx.io.stdout.write(`${JSON.stringify(r)}\n`);
      }
      return 0;
    },
    { positionals: true },
  );
  const r = await runCaptured(read, [file, '-', join(dir, 'none')], { stdin: 'from stdin' });
  expect(r.out).toBe(`${JSON.stringify([file, 'set a b\n'])}\n["<stdin>","from stdin"]\n2\n`);
  expect(r.err).toBe(`pkicfg t: could not read '${join(dir, 'none')}': No such file or directory\n`);
});

test('errorStatus replaces 2 for every usage and I/O error, never the body own statuses', async () => {
  const detailed = (a: readonly string[]): number => (a.includes('--loud') ? 1 : 2);
  const changes = probe(async () => 2, { errorStatus: detailed });
  expect((await runCaptured(changes, ['--loud'])).code).toBe(2);
  expect((await runCaptured(probe(undefined, { errorStatus: detailed }), ['--loud', '--bad'])).code).toBe(1);
  expect(
    (
      await runCaptured(
        probe(async (cx) => cx.usage('u'), { errorStatus: detailed }),
        ['--loud'],
      )
    ).code,
  ).toBe(1);
  const unreadable = probe(async (cx) => Number(await cx.readInput(join(dir, 'none'))), {
    errorStatus: detailed,
  });
  expect((await runCaptured(unreadable, ['--loud'])).code).toBe(1);
  const throws = probe(
    async () => {
      throw new Error('boom');
    },
    { errorStatus: detailed },
  );
  expect((await runCaptured(throws, ['--loud'])).code).toBe(1);
  expect((await runCaptured(throws, [])).code).toBe(2);
});

test('whole-number options and --confirmed minutes', () => {
  expect(wholeNumberOption(undefined)).toBeUndefined();
  expect(wholeNumberOption('12')).toBe(12);
  expect(wholeNumberOption('1.5')).toBeNaN();
  expect(wholeNumberOption('-1')).toBeNaN();
  expect(confirmedMinutes(undefined)).toBeUndefined();
  expect(confirmedMinutes('5')).toBe(5);
  expect(confirmedMinutes('x')).toBe('--confirmed takes minutes (1..65535)');
});
