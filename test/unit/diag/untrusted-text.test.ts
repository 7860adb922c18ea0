// untrustedText: one line, no terminal controls, unambiguous, bounded.
import { oneLogLine, untrustedText } from '../../../src/diag/untrusted-text.js';

test.each([
  ['plain', 'CN=router1,O=Example', 'CN=router1,O=Example'],
  ['LF and CR', 'a\nb\r', 'a\\x0ab\\x0d'],
  ['ESC sequences and BEL', '\u001b[2J\u001b]0;t\u0007', '\\x1b[2J\\x1b]0;t\\x07'],
  ['NUL, DEL and a C1 CSI', '\u0000\u007f\u009b', '\\x00\\x7f\\x9b'],
  ['JS line separators', 'a\u2028b\u2029', 'a\\u2028b\\u2029'],
  ['bidi override', 'abc\u202edcba', 'abc\\u202edcba'],
  ['a backslash is doubled', 'a\\x0a', 'a\\\\x0a'],
  ['non-ASCII letters stay', 'Zürich Ωmega', 'Zürich Ωmega'],
])('%s', (_n, input, out) => {
  expect(untrustedText(input)).toBe(out);
});

test('cut at the cap, saying how much was left out', () => {
  expect(untrustedText('x'.repeat(300))).toBe(`${'x'.repeat(256)}...(44 more)`);
  expect(untrustedText('abcdef', 3)).toBe('abc...(3 more)');
});

test('oneLogLine escapes controls but leaves backslashes (already escaped values stay as they are)', () => {
  expect(oneLogLine('a\\x0a\nb')).toBe('a\\x0a\\x0ab');
});
