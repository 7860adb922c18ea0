/**
 * Pins the curly fast path (src/syntax/fast-curly.ts) against the Chevrotain
 * path (parseConfig with curlyFastPath: false): for printCurly output of
 * generated trees, the device samples, and mutated variants of both (syntax
 * errors, prefixes, comments, annotations, value lists), both give the same
 * tree (key order too), the same spans and the same diagnostics. And the fast
 * path must actually take what the printer writes and the samples, so the
 * property cannot hold only because it always falls back.
 */
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { lex } from '../../grammar/lexer.js';
import { buildReftree, findSchemaFile, type Reftree } from '../../src/reftree/reftree.js';
import { EMPTY_TREE, type ConfigTree } from '../../src/tree/config-tree.js';
import { ConfigBuilder } from '../../src/syntax/builder.js';
import { fastCurly } from '../../src/syntax/fast-curly.js';
import { LazySpanMap } from '../../src/syntax/lazy-span-map.js';
import { parseConfig } from '../../src/syntax/parse-config.js';
import { printCurly } from '../../src/syntax/print-curly.js';
import { MINI } from '../unit/reftree/mini-schema.js';
import { treeArb } from './arbitraries.js';

const REAL = buildReftree(JSON.parse(readFileSync(findSchemaFile(), 'utf8')) as object);

const SAMPLES: string[] = [
  ...readdirSync('samples/devices')
    .filter((f) => f.endsWith('.conf'))
    .map((f) => readFileSync(`samples/devices/${f}`, 'utf8')),
  ...readdirSync('samples')
    .filter((f) => f.endsWith('.conf'))
    .map((f) => readFileSync(`samples/${f}`, 'utf8')),
];

/** Whether the fast path takes the text (into a builder that is thrown away). */
function takes(text: string, rt: Reftree): boolean {
  const b = new ConfigBuilder(EMPTY_TREE, new LazySpanMap(), rt);
  const took = fastCurly(text, lex(text), {
    source: 'f.conf',
    b,
    rt,
    trailing: new Map(),
    leading: new Map(),
  });
  // giving up leaves the builder untouched
  if (!took) expect([b.finish(), [...b.spans.entries()], b.diagnostics]).toEqual([{}, [], []]);
  return took;
}

function parse(text: string, rt: Reftree, fast: boolean): unknown {
  // clear-text secrets are encrypted with a random salt: the same salts for both runs
  let seed = 7;
  const random = Math.random;
  Math.random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
  try {
    const r = parseConfig(text, 'f.conf', { reftree: rt, format: 'curly', curlyFastPath: fast });
    const spans = [...r.value.spans.entries()].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
    return { tree: JSON.stringify(r.value.tree), spans, diagnostics: r.diagnostics };
  } finally {
    Math.random = random;
  }
}

let tookFast = 0;
function same(text: string, rt: Reftree): void {
  const a = parse(text, rt, true);
  const b = parse(text, rt, false);
  expect({ text, ...(a as object) }).toEqual({ text, ...(b as object) });
  if (takes(text, rt)) tookFast++;
}

/** Things to splice into a text: structure, prefixes, comments, annotations, quotes. */
const INSERTS = [
  '{',
  '}',
  ';',
  '[',
  ']',
  '[ a b ]',
  '[ ]',
  '"',
  '"q w"',
  '/* n */',
  '/*',
  '*/',
  '# c',
  '## c',
  '\n# lead\n',
  '\n## SECRET-DATA\n',
  ' ## SECRET-DATA',
  'inactive: ',
  'protect: ',
  'inactive: protect: ',
  'replace: ',
  'active: ',
  'delete: ',
  'inactive:',
  '\n',
  ' x ',
  'set ',
  ' unknown-word ',
  ' 12 ',
  '\\',
];

interface Mutation {
  readonly at: number;
  readonly del: number;
  readonly ins: number;
  readonly line: boolean;
}
const mutationArb: fc.Arbitrary<Mutation[]> = fc.array(
  fc.record({
    at: fc.nat(),
    del: fc.nat({ max: 6 }),
    ins: fc.nat({ max: INSERTS.length }),
    line: fc.boolean(),
  }),
  { minLength: 1, maxLength: 4 },
);

function mutate(text: string, ms: readonly Mutation[]): string {
  let t = text;
  for (const m of ms) {
    if (m.line) {
      // a whole line deleted (ins even) or duplicated (ins odd)
      const lines = t.split('\n');
      if (lines.length < 2) continue;
      const i = m.at % lines.length;
      if (m.ins % 2) lines.splice(i, 0, lines[i]);
      else lines.splice(i, 1);
      t = lines.join('\n');
      continue;
    }
    const at = t.length ? m.at % t.length : 0;
    const ins = m.ins < INSERTS.length ? INSERTS[m.ins] : '';
    t = t.slice(0, at) + ins + t.slice(at + m.del);
  }
  return t;
}

const print = (t: ConfigTree, rt: Reftree): string => printCurly(t, { reftree: rt });

describe('curly fast path = Chevrotain path', () => {
  test('printCurly of generated trees (with metadata), both schemas', () => {
    tookFast = 0;
    let n = 0;
    for (const rt of [REAL, MINI]) {
      fc.assert(
        fc.property(treeArb(rt, { meta: true, maxDepth: 6 }), (t) => {
          n++;
          same(print(t, rt), rt);
        }),
        { numRuns: 150 },
      );
    }
    // the printer's output is what the fast path is for: it takes all of it
    expect(tookFast).toBe(n);
  });

  test('printCurly of generated trees, mutated', () => {
    tookFast = 0;
    for (const rt of [REAL, MINI]) {
      fc.assert(
        fc.property(treeArb(rt, { meta: true, maxDepth: 5 }), mutationArb, (t, ms) => {
          same(mutate(print(t, rt), ms), rt);
        }),
        { numRuns: 200 },
      );
    }
    // both kinds of mutant occur: ones the fast path takes and ones it leaves to Chevrotain
    expect(tookFast).toBeGreaterThan(20);
    expect(tookFast).toBeLessThan(380);
  });

  test('device samples and samples/*.conf, as they are', () => {
    expect(SAMPLES.length).toBeGreaterThanOrEqual(10);
    tookFast = 0;
    for (const s of SAMPLES) same(s, REAL);
    expect(tookFast).toBe(SAMPLES.length);
  });

  test('device samples, mutated', () => {
    tookFast = 0;
    fc.assert(
      fc.property(fc.nat({ max: SAMPLES.length - 1 }), mutationArb, (i, ms) => {
        same(mutate(SAMPLES[i], ms), REAL);
      }),
      { numRuns: 300 },
    );
    // some mutants are still well-formed (a duplicated line, an inserted comment or prefix)
    expect(tookFast).toBeGreaterThan(10);
  });

  test('hand-picked shapes: prefixes, annotations, lists, comments, SECRET-DATA', () => {
    const texts = [
      'system { host-name r1; }',
      'inactive: system { protect: host-name r1; }\n',
      '/* a */\n/* b */\nsystem {\n    # lead\n    # two\n    host-name r1; # trailing\n    /* dropped */\n}\n',
      'security { pki { ca-profile-group G { ca-profile-name [ CA-1 "CA 2" ]; } } }',
      'security { pki { ca-profile-group G { ca-profile-name [ ]; } } }',
      'security { pki { auto-re-enrollment { scep { certificate-id c { challenge-password "$9$abc"; ## SECRET-DATA\n } } } } }',
      'inactive: ;',
      'inactive: { }',
      'protect: inactive: system { host-name x; }',
      'replace: system { host-name x; }',
      'active: system { host-name x; }',
      'system { inactive: inactive: host-name x; }',
      'system { host-name inactive:; }',
      'system { inactive: "host-name" x; }',
      'security { pki { ca-profile-group G { inactive: [ a ]; } } }',
      'inactive: protect: ;',
      'inactive: [ x ] { }',
      'system { inactive: /* a */ host-name x; }',
      'system { host-name x; } }',
      'system { host-name x;',
      '}',
      ';',
      'system { host-name /* x */ y; }',
      'system host-name x;',
      'policy-options { policy-statement P { term T { from { route-filter 10.0.0.0/8 exact; } then accept; } } }',
      'protect: policy-options { /* n */ inactive: policy-statement P { then reject; } }',
      'groups { G { system { host-name g; } } }\napply-groups G;',
      'system { "host-name" "r 1"; }',
      '',
      '# only a comment\n',
      '/* only an annotation */',
    ];
    tookFast = 0;
    for (const t of texts) {
      same(t, REAL);
      same(t, MINI);
    }
    expect(takes('inactive: system { protect: host-name r1; }\n', REAL)).toBe(true);
    expect(takes('replace: system { host-name x; }', REAL)).toBe(false);
    expect(takes('system { host-name x;', REAL)).toBe(false);
    expect(takes('a {'.repeat(100_000), REAL)).toBe(false);
  });
});
