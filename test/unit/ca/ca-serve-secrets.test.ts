// `pkicfg ca serve` secret options in process: --challenge-file - reads a pipe,
// a flag and its file form exclude each other, only one secret from stdin;
// when the argv warning applies.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { caServe } from '../../../src/cli/commands/ca-serve.js';
import type { CliIO } from '../../../src/cli/run.js';
import { areProcessArgs } from '../../../src/cli/secret-option.js';

function io(stdin = ''): CliIO & { out: () => string; err: () => string } {
  const o = new PassThrough();
  const e = new PassThrough();
  const i = new PassThrough();
  let so = '';
  let se = '';
  o.on('data', (c) => (so += c));
  e.on('data', (c) => (se += c));
  i.end(stdin);
  return { stdout: o, stderr: e, stdin: i, env: {}, out: () => so, err: () => se };
}

let dir: string;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'pkicfg-serve-secret-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('--challenge-file - takes the first line of a pipe; no warning', async () => {
  const s = io('piped-challenge\n');
  const args = ['--port', '0', '--state', join(dir, 'a'), '--challenge-file', '-', '--quiet'];
  expect(await caServe(args, s, async () => undefined)).toBe(0);
  expect(s.out()).toContain('Challenge password: required');
  expect(s.err()).toBe('');
});

test('usage errors: the flag and its file form, two secrets from stdin, an empty pipe', async () => {
  const both = io();
  expect(await caServe(['--challenge', 'x', '--challenge-file', 'f'], both, async () => undefined)).toBe(2);
  expect(both.err()).toBe('pkicfg ca serve: --challenge and --challenge-file exclude each other\n');
  const two = io('a\nb\n');
  expect(await caServe(['--challenge-file', '-', '--cmp-secret-file', '-'], two, async () => undefined)).toBe(
    2,
  );
  expect(two.err()).toBe('pkicfg ca serve: only one secret can be read from standard input\n');
  const empty = io('');
  expect(await caServe(['--cmp-secret-file', '-'], empty, async () => undefined)).toBe(2);
  expect(empty.err()).toBe('pkicfg ca serve: --cmp-secret-file: no secret on standard input\n');
});

test('the argv warning is for words that are the process command line, not words built in process', () => {
  const argv = ['node', '/x/main.js', 'ca', 'serve', '--challenge', 'S'];
  expect(areProcessArgs(['--challenge', 'S'], argv)).toBe(true);
  expect(areProcessArgs(['--challenge', 'T'], argv)).toBe(false);
  expect(areProcessArgs([], argv)).toBe(false);
  expect(areProcessArgs([...argv, 'more'], argv)).toBe(false);
});
