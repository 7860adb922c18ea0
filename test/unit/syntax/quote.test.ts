/**
 * Backslashes in quoted values: Junos keeps `\n`, `\,` ... literally and
 * prints them back as written; only `\"` and `\\` are escapes.
 */
import { quote } from '../../../src/syntax/words.js';
import { unquote } from '../../../grammar/lexer.js';
import { parseConfig } from '../../../src/syntax/parse-config.js';
import { printCurly } from '../../../src/syntax/print-curly.js';
import { printJson } from '../../../src/syntax/print-json.js';

test.each(['a\\nb', 'a\\\\b', 'a\\', 'a\\"b', 'x"y', 'O=Example\\, Inc', ''])('quote/unquote %j', (v) => {
  expect(unquote(quote(v))).toBe(v);
});

test('a literal \\n in a message survives JSON', () => {
  const text = `system {
    login {
        message "Authorized access only.\\nAll activity is logged.";
    }
}
`;
  const parsed = parseConfig(text, 'm.conf');
  const again = parseConfig(printJson(parsed.value.tree), 'm.json');
  expect(printCurly(again.value.tree)).toBe(text);
  expect(quote('line 1\\nline 2')).toBe('"line 1\\nline 2"');
});
