// describeIoError: real node:fs errors in words, naming the path and what was in the way.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeIoError, isFsError } from '../../../src/diag/io-error.js';

const dir = mkdtempSync(join(tmpdir(), 'pkicfg-io-error-'));
const file = join(dir, 'f');
writeFileSync(file, 'x');

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('did not throw');
}

test.each([
  [
    'ENOENT',
    () => readFileSync(join(dir, 'nope')),
    `could not open '${join(dir, 'nope')}': No such file or directory`,
  ],
  ['EISDIR (read has no path)', () => readFileSync(dir), 'could not read: Is a directory'],
  [
    'ENOTDIR',
    () => readFileSync(join(file, 'x')),
    `could not open '${join(file, 'x')}': '${file}' is not a directory`,
  ],
  [
    'EEXIST from mkdir -p',
    () => mkdirSync(file, { recursive: true }),
    `could not create directory '${file}': it exists and is not a directory`,
  ],
  [
    'mkdir below a file',
    () => mkdirSync(join(file, 'a', 'b'), { recursive: true }),
    `could not create directory '${join(file, 'a', 'b')}': '${file}' is not a directory`,
  ],
])('%s', (_n, f, message) => {
  const e = thrown(f);
  expect(isFsError(e)).toBe(true);
  expect(describeIoError(e)).toBe(message);
});

test('the path and intent the caller knows win', () => {
  expect(
    describeIoError(
      thrown(() => readFileSync(dir)),
      { path: 'd', intent: 'read' },
    ),
  ).toBe("could not read 'd': Is a directory");
});

test('anything else keeps its message', () => {
  expect(isFsError(new Error('boom'))).toBe(false);
  expect(describeIoError(new Error('boom'))).toBe('boom');
  expect(describeIoError('text')).toBe('text');
});
