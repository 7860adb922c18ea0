// The shell's lexer (words with offsets, pipes, `;`-separated scripts) and the text pipes.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyTextPipes } from '../../../src/shell/pipes.js';
import { quoteWord, splitPipes, splitScript, splitWords } from '../../../src/shell/words.js';

test('splitWords keeps offsets and unquotes', () => {
  const r = splitWords('set a "b c"|match x');
  expect(r.words.map((w) => [w.text, w.start, w.end, w.quoted])).toEqual([
    ['set', 0, 3, false],
    ['a', 4, 5, false],
    ['b c', 6, 11, true],
    ['|', 11, 12, false],
    ['match', 12, 17, false],
    ['x', 18, 19, false],
  ]);
  expect(splitWords('annotate x "unterminated').unterminated).toBe(11);
  expect(splitWords('x "a \\" b"').words[1].text).toBe('a " b');
});

test('splitPipes and splitScript', () => {
  const { command, pipes } = splitPipes(splitWords('show | display set | match "a|b"').words);
  expect(command.map((w) => w.text)).toEqual(['show']);
  expect(pipes.map((p) => p.map((w) => w.text))).toEqual([
    ['display', 'set'],
    ['match', 'a|b'],
  ]);
  expect(splitScript('configure; set x "a;b" ;\n commit ;; ')).toEqual([
    'configure',
    'set x "a;b"',
    'commit',
  ]);
});

test('quoteWord quotes only when needed', () => {
  expect(quoteWord('CA1')).toBe('CA1');
  expect(quoteWord('http://x/y?z')).toBe('http://x/y?z');
  expect(quoteWord('a b')).toBe('"a b"');
  expect(quoteWord('')).toBe('""');
  expect(quoteWord('say "hi"')).toBe('"say \\"hi\\""');
});

const TEXT = 'alpha 1\nbeta 2\ngamma 3\nalpha 4\n';

test.each([
  [[{ kind: 'match', pattern: 'alpha' }], 'alpha 1\nalpha 4\n'],
  [[{ kind: 'except', pattern: 'alpha' }], 'beta 2\ngamma 3\n'],
  [[{ kind: 'find', pattern: 'gamma' }], 'gamma 3\nalpha 4\n'],
  [[{ kind: 'last', lines: 2 }], 'gamma 3\nalpha 4\n'],
  [[{ kind: 'count' }], 'Count: 4 lines\n'],
  [[{ kind: 'match', pattern: 'a 1|a 4' }, { kind: 'count' }], 'Count: 2 lines\n'],
  [[{ kind: 'match', pattern: 'zeta' }, { kind: 'count' }], 'Count: 0 lines\n'],
] as const)('pipes %j', (pipes, expected) => {
  expect(applyTextPipes(TEXT, pipes).text).toBe(expected);
});

test('| no-more and | save', () => {
  expect(applyTextPipes(TEXT, [{ kind: 'no-more' }])).toEqual({ text: TEXT, noMore: true });
  const dir = mkdtempSync(join(tmpdir(), 'pkicfg-pipe-'));
  try {
    const r = applyTextPipes(
      TEXT,
      [
        { kind: 'match', pattern: 'alpha' },
        { kind: 'save', file: 'out.txt' },
      ],
      dir,
    );
    expect(r.text).toBe("Wrote 2 lines of output to 'out.txt'\n");
    expect(readFileSync(join(dir, 'out.txt'), 'utf8')).toBe('alpha 1\nalpha 4\n');
    expect(applyTextPipes(TEXT, [{ kind: 'save', file: 'no/such/dir/x' }], dir).error).toMatch(
      /^error: could not write 'no\/such\/dir\/x': ENOENT/,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
