/**
 * Fuzz: no input makes parsing throw, hang, or report a diagnostic without a
 * valid span. Three families, 10,000 inputs in all: mutated samples and
 * fixtures, random token sequences (structure, verbs, prefixes, schema
 * keywords), random strings and bytes. Each input is read with format
 * detection and with one forced format.
 */
import fc from 'fast-check';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic } from '../../src/diag/diagnostic.js';
import { parseCommands } from '../../src/syntax/parse-commands.js';
import { parseConfig, type ConfigFormat } from '../../src/syntax/parse-config.js';
import { printCurly } from '../../src/syntax/print-curly.js';
import { printSet } from '../../src/syntax/print-set.js';
import { MINI } from '../unit/reftree/mini-schema.js';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) return filesUnder(p);
    return /^input\./.test(n) || (dir.startsWith('samples') && /\.(set|conf|json|yaml)$/.test(n)) ? [p] : [];
  });
}

const SEEDS = [...filesUnder('test/fixtures/syntax'), ...filesUnder('samples')].map((f) =>
  readFileSync(f, 'utf8'),
);
const KEYWORDS = new Set<string>();
(function collect(n = MINI.root, depth = 0): void {
  if (depth > 8) return;
  for (const [k, c] of n.children) {
    KEYWORDS.add(k);
    collect(c.entry ?? c, depth + 1);
  }
})();
const TOKENS = [
  ...KEYWORDS,
  ...'set delete activate deactivate annotate rename copy insert protect unprotect edit up top to before after inactive: protect: replace:'.split(
    ' ',
  ),
  '{',
  '}',
  ';',
  '[',
  ']',
  '"',
  '"x y"',
  '"a\\"b"',
  '/*',
  '*/',
  '/* c */',
  '#',
  '## SECRET-DATA',
  '\n',
  '\n',
  ' ',
  '\t',
  'A',
  '10',
  '-1',
  '99999999999999999999',
  'http://ca/scep',
  '$9$abcd',
  ':',
  '@',
  '@order',
  '__proto__',
  'constructor',
  '{"configuration":',
  '- name:',
  'configuration:',
];

const FORMATS: readonly ConfigFormat[] = ['set', 'curly', 'json', 'yaml'];

/** Auto-detection, plus one forced format chosen by the input (so every reader sees garbage). */
function check(text: string): void {
  const forced = FORMATS[(text.length * 31 + (text.charCodeAt(0) || 0)) % FORMATS.length];
  for (const format of [undefined, forced]) {
    const r = parseConfig(text, 'fuzz', { reftree: MINI, format });
    assertSpans(text, r.diagnostics);
    // whatever parsed prints and re-parses
    printCurly(r.value.tree, { reftree: MINI });
    printSet(r.value.tree, { reftree: MINI });
  }
  assertSpans(text, parseCommands(text, 'fuzz').diagnostics);
}

function assertSpans(text: string, ds: readonly Diagnostic[]): void {
  for (const d of ds) {
    if (!d.span) throw new Error(`diagnostic without span: ${JSON.stringify(d)}`);
    const { start, end } = d.span;
    if (!(
      Number.isInteger(start) &&
      Number.isInteger(end) &&
      start >= 0 &&
      start <= end &&
      end <= text.length
    )) {
      throw new Error(`bad span ${start}-${end} (length ${text.length}): ${JSON.stringify(d)}`);
    }
  }
}

const mutation = fc.tuple(fc.nat(), fc.nat({ max: 40 }), fc.constantFrom(...TOKENS), fc.nat({ max: 3 }));
// a window of up to 400 characters from a line start keeps each input cheap (the fuzz must run in CI)
const window = fc.tuple(fc.constantFrom(...SEEDS), fc.nat()).map(([seed, at]) => {
  const lines = seed.split('\n');
  return lines
    .slice(at % lines.length)
    .join('\n')
    .slice(0, 400);
});
const mutated = fc.tuple(window, fc.array(mutation, { minLength: 1, maxLength: 6 })).map(([seed, ms]) => {
  let s = seed;
  for (const [pos, len, tok, kind] of ms) {
    const p = s.length ? pos % s.length : 0;
    if (kind === 0)
      s = s.slice(0, p) + s.slice(p + len); // delete
    else if (kind === 1)
      s = s.slice(0, p) + tok + ' ' + s.slice(p); // insert token
    else if (kind === 2)
      s = s.slice(0, p) + s.slice(p, p + len) + s.slice(p); // duplicate
    else s = s.slice(0, p) + tok + s.slice(p + len); // replace
  }
  return s;
});
const tokenSoup = fc.array(fc.constantFrom(...TOKENS), { maxLength: 60 }).map((ts) => ts.join(' '));
const randomText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b).toString('latin1')),
  fc.string({ unit: 'grapheme', maxLength: 100 }),
);

// a hang would show up as a jest timeout; each family has a generous budget
describe('fuzz: parsing is total', () => {
  test('mutated samples (3,500)', () => fc.assert(fc.property(mutated, check), { numRuns: 3500 }));
  test('random token sequences (4,000)', () => fc.assert(fc.property(tokenSoup, check), { numRuns: 4000 }));
  test('random strings and bytes (2,500)', () =>
    fc.assert(fc.property(randomText, check), { numRuns: 2500 }));
});
