/**
 * Fuzz: no input makes a parser throw, hang, or report a diagnostic without a
 * valid position. Every parser entry point: parseConfig with format detection
 * and with each forced format (curly, set, JSON, YAML), the commit language
 * (parseConfig, parseConfigAt below an edit level, applyCommands), the command
 * parser, and the store's revision readers (which may refuse a damaged file
 * only with an InternalError). Families: mutated samples and fixtures (byte
 * flips, deletions, insertions, duplication, truncation), configurations
 * generated from the schema (test/property/arbitraries.ts) printed in the four
 * formats and mutated, token soup, random strings and bytes, deep nesting and
 * long lines.
 * PKICFG_FUZZ_RUNS inputs in all (default 10,000; `npm run test:reliability`
 * runs 1,000,000), nesting up to PKICFG_FUZZ_DEPTH levels (default 100) and
 * lines up to PKICFG_FUZZ_WORDS words (default 2,000); each input must be
 * read within PKICFG_FUZZ_MS ms (default 5,000: a shared, loaded machine).
 */
import fc from 'fast-check';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { CURLY_CODEC, CURLY_FOOTER, decodeConfig } from '../../src/commit/config-codec.js';
import { defaultLanguage } from '../../src/commit/default-language.js';
import { InternalError, type Diagnostic } from '../../src/diag/diagnostic.js';
import { parseCommands } from '../../src/syntax/parse-commands.js';
import { parseConfig, type ConfigFormat } from '../../src/syntax/parse-config.js';
import { printCurly } from '../../src/syntax/print-curly.js';
import { printJson, printYaml } from '../../src/syntax/print-json.js';
import { printSet } from '../../src/syntax/print-set.js';
import { EMPTY_TREE, type ConfigObject } from '../../src/tree/config-tree.js';
import { MINI } from '../unit/reftree/mini-schema.js';
import { treeArb } from './arbitraries.js';

const RUNS = Number(process.env.PKICFG_FUZZ_RUNS ?? 10_000);
const DEPTH = Number(process.env.PKICFG_FUZZ_DEPTH ?? 100);
const WORDS = Number(process.env.PKICFG_FUZZ_WORDS ?? 2_000);
const MS = Number(process.env.PKICFG_FUZZ_MS ?? 5_000);
const SEED = process.env.PKICFG_FUZZ_SEED === undefined ? undefined : Number(process.env.PKICFG_FUZZ_SEED);
const LANGUAGE = defaultLanguage();

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
const AT: readonly (readonly string[])[] = [
  [],
  ['security'],
  ['security', 'pki'],
  ['security', 'pki', 'ca-profile', 'A'],
];

/**
 * The text goes through the commit language (full schema, format detection)
 * and the command parser, and through one forced format, one edit level and
 * one store reader chosen by the input (every one is reached across inputs).
 * A throw, a bad position or a slow input fails.
 */
function check(text: string): void {
  const t0 = performance.now();
  const pick = text.length * 31 + (text.charCodeAt(0) || 0);
  const full = LANGUAGE.parseConfig(text, 'fuzz');
  assertSpans(text, full.diagnostics);
  const forced = parseConfig(text, 'fuzz', { reftree: MINI, format: FORMATS[pick % 4] });
  assertSpans(text, forced.diagnostics);
  // whatever parsed prints
  printCurly(forced.value.tree, { reftree: MINI });
  printSet(forced.value.tree, { reftree: MINI });
  printCurly(full.value.tree);
  const at = LANGUAGE.parseConfigAt?.(text, 'fuzz', AT[(pick >> 2) % AT.length]);
  if (at) assertSpans(text, at.diagnostics);
  assertSpans(
    text,
    LANGUAGE.applyCommands(EMPTY_TREE, text, 'fuzz', AT[(pick >> 4) % AT.length]).diagnostics,
  );
  assertSpans(text, parseCommands(text, 'fuzz').diagnostics);
  // the store's readers: a damaged file is an InternalError, never anything else
  try {
    if ((pick >> 6) % 2) CURLY_CODEC.parse(`${text}\n${CURLY_FOOTER}\n`, 'fuzz.conf');
    else decodeConfig(text, 'fuzz.json');
  } catch (e) {
    if (!(e instanceof InternalError)) throw e;
  }
  const ms = performance.now() - t0;
  if (ms > MS) throw new Error(`input of ${text.length} characters took ${Math.round(ms)} ms`);
}

function assertSpans(text: string, ds: readonly Diagnostic[]): void {
  for (const d of ds) {
    if (!d.span) throw new Error(`diagnostic without span: ${JSON.stringify(d)}`);
    if (d.span.source !== 'fuzz') throw new Error(`diagnostic about another source: ${JSON.stringify(d)}`);
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

/** Byte-level damage: flips, truncation, a block repeated. */
const damaged = (text: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  fc
    .tuple(text, fc.array(fc.tuple(fc.nat(), fc.nat({ max: 255 }), fc.nat({ max: 3 })), { maxLength: 4 }))
    .map(([s, ms]) => {
      for (const [pos, byte, kind] of ms) {
        const p = s.length ? pos % s.length : 0;
        if (kind === 0)
          s = s.slice(0, p) + String.fromCharCode(byte) + s.slice(p + 1); // flip
        else if (kind === 1)
          s = s.slice(0, p); // truncate
        else if (kind === 2)
          s = s.slice(0, p) + s.slice(p, p + 1 + (byte % 64)).repeat(1 + (byte % 3)) + s.slice(p);
        else s = s.slice(0, p) + s.slice(p + 1); // drop a byte
      }
      return s;
    });

// configurations the schema allows, printed in the four formats, then damaged
const PRINTERS = [
  (t: ConfigObject) => printCurly(t, { reftree: MINI }),
  (t: ConfigObject) => printSet(t, { reftree: MINI }),
  (t: ConfigObject) => printJson(t, { reftree: MINI }),
  (t: ConfigObject) => printYaml(t, { reftree: MINI }),
];
const generated = damaged(
  fc
    .tuple(treeArb(MINI, { meta: true, maxDepth: 5 }), fc.nat({ max: 3 }))
    .map(([t, f]) => PRINTERS[f](t as ConfigObject).slice(0, 2000)),
);

/** Nesting up to DEPTH levels in each format, closed or not, and lines up to WORDS words. */
const logUniform = (max: number): fc.Arbitrary<number> =>
  fc.double({ min: 0, max: 1, noNaN: true }).map((u) => Math.max(1, Math.round(max ** u)));
const shapes = fc
  .tuple(logUniform(DEPTH), logUniform(WORDS), fc.nat({ max: 8 }), fc.boolean())
  .map(([d, w, kind, closed]) => {
    const words = Array.from({ length: w }, (_, i) => (i % 7 === 0 ? '"q w"' : `w${i}`)).join(' ');
    switch (kind) {
      case 0:
        return 'a { '.repeat(d) + 'x;' + (closed ? ' }'.repeat(d) : '');
      case 1:
        return '{"a":'.repeat(d) + '1' + (closed ? '}'.repeat(d) : '');
      case 2:
        return '['.repeat(d) + '1' + (closed ? ']'.repeat(d) : '');
      case 3:
        return Array.from({ length: d }, (_, i) => `${'  '.repeat(i)}k${i}:`).join('\n') + ' v\n';
      case 4:
        return (
          'security { pki { ca-profile A { '.repeat(Math.ceil(d / 3)) +
          (closed ? '} } } '.repeat(Math.ceil(d / 3)) : '')
        );
      case 5:
        return `set security pki ca-profile A ca-identity ${words}\n`;
      case 6:
        return `security { pki { ca-profile A { ca-identity ${words}; } } }\n`;
      case 7:
        return `{"configuration": {"security": {"pki": {"ca-profile": [${Array.from({ length: Math.min(w, 200) }, (_, i) => `{"name": "P${i}"}`).join(',')}]}}}}`;
      default:
        return `/* ${'a '.repeat(w)}`;
    }
  });

// the share of each family in RUNS inputs; a hang shows up as a jest timeout
const FAMILIES: [string, number, fc.Arbitrary<string>][] = [
  ['mutated samples and fixtures', 0.3, damaged(mutated)],
  ['generated configurations, printed and damaged', 0.2, generated],
  ['random token sequences', 0.25, tokenSoup],
  ['random strings and bytes', 0.15, randomText],
  ['deep nesting and long lines', 0.1, damaged(shapes)],
];

describe(`fuzz: parsing is total (${RUNS} inputs, depth <= ${DEPTH}, lines <= ${WORDS} words)`, () => {
  for (const [name, share, arb] of FAMILIES) {
    const n = Math.max(1, Math.round(RUNS * share));
    test(
      `${name} (${n})`,
      () => fc.assert(fc.property(arb, check), { numRuns: n, seed: SEED }),
      120_000 + n * 20,
    );
  }
});
