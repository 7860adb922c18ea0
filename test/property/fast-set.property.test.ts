/**
 * Pins the set-file fast path (ConfigBuilder.fastSet, offered each line by
 * parseCommandsEach) against the general path (words -> Command ->
 * ConfigBuilder.walk): for generated set files, both build the same tree
 * (same key order too), the same spans and the same diagnostics. The files mix
 * lines the fast path takes (plain set lines sharing prefixes) with lines it
 * refuses (quoted words, secrets, leaf-lists, choices, unknown words, other
 * verbs, edit levels), so that each path resumes from the other's prefix cache.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { buildReftree, findSchemaFile, type Reftree } from '../../src/reftree/reftree.js';
import type { Diagnostic } from '../../src/diag/diagnostic.js';
import { EMPTY_TREE } from '../../src/tree/config-tree.js';
import { ConfigBuilder } from '../../src/syntax/builder.js';
import { LazySpanMap } from '../../src/syntax/lazy-span-map.js';
import { setFileApplier } from '../../src/syntax/apply-commands.js';
import { parseCommandsEach } from '../../src/syntax/parse-commands.js';
import { parseConfig } from '../../src/syntax/parse-config.js';
import { printSet } from '../../src/syntax/print-set.js';
import { MINI } from '../unit/reftree/mini-schema.js';
import { treeArb } from './arbitraries.js';

const REAL = buildReftree(JSON.parse(readFileSync(findSchemaFile(), 'utf8')) as object);

interface Built {
  tree: string;
  spans: [string, unknown][];
  diagnostics: Diagnostic[];
  fastLines: number;
}

/**
 * Parses a set file as parseConfig does, with or without the fast path; with
 * the fast path, reads a span before line readSpansAt (the lazy span map then
 * indexes what it has and records on).
 */
function build(text: string, rt: Reftree, fast: boolean, readSpansAt = -1): Built {
  // clear-text secrets are encrypted with a random salt: the same salts for both runs
  let seed = 7;
  const random = Math.random;
  Math.random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
  const b = new ConfigBuilder(EMPTY_TREE, new LazySpanMap(), rt);
  const apply = setFileApplier(b, rt, 'f.set');
  let fastLines = 0;
  let line = 0;
  const diagnostics = parseCommandsEach(
    text,
    'f.set',
    apply.each,
    fast
      ? (t, from, to) => {
          if (line++ === readSpansAt) b.spans.get(['security']);
          const took = apply.fast(t, from, to);
          if (took) fastLines++;
          return took;
        }
      : undefined,
  );
  Math.random = random;
  diagnostics.push(...b.diagnostics);
  const tree = b.finish();
  // fastSet freezes finished entries early: the whole result must still be frozen
  if (!deepFrozen(tree)) throw new Error('tree not deep-frozen');
  const spans = [...b.spans.entries()].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
  return { tree: JSON.stringify(tree), spans, diagnostics, fastLines };
}

function deepFrozen(v: unknown): boolean {
  if (typeof v !== 'object' || v === null) return true;
  if (!Object.isFrozen(v)) return false;
  return Object.values(v).every(deepFrozen);
}

const EXTRA_LINES = [
  'set security pki ca-profile "CA 1" ca-identity x',
  'set security pki ca-profile CA-1 ca-identity "quoted"',
  'set security pki ca-profile CA-1 enrollment url http://a/b',
  'set security pki ca-profile CA-1 enrollment retry 7',
  'set security pki ca-profile CA-1 enrollment retry x7',
  'set security pki ca-profile CA-1 enrollment',
  'set security pki ca-profile CA-1 revocation-check crl url http://c/d',
  'set security pki ca-profile CA-1 revocation-check disable',
  'set security pki ca-profile CA-1 revocation-check crl disable on-download-failure',
  'set security pki ca-profile CA-2 administrator email-address a@b',
  'set security pki ca-profile CA-2 ca-identity y source-address 192.0.2.1',
  'set security pki ca-profile CA-2 nonsense 1',
  'set security pki ca-profile CA-2 enrolment url x',
  'set security pki ca-profile __proto__ ca-identity x',
  'set security pki ca-profile @x ca-identity x',
  'set security pki auto-re-enrollment scep certificate-id c1 ca-profile-name CA-1',
  'set security pki auto-re-enrollment scep certificate-id c1 challenge-password secret',
  'set security pki auto-re-enrollment scep certificate-id c1 re-enroll-trigger-time-percentage 10',
  'set security pki auto-re-enrollment scep certificate-id c2 re-generate-keypair',
  'set security pki ca-profile-group G ca-profile-name [ CA-1 CA-2 ]',
  'set security pki ca-profile-group G ca-profile-name CA-3',
  'set system host-name r1',
  'set system domain-name example.net',
  'set interfaces ge-0/0/0 unit 0 family inet address 192.0.2.1/24',
  'set interfaces ge-0/0/0 description uplink',
  'set security ike policy P certificate local-certificate L',
  'set security ike policy P certificate trusted-ca ca-profile CA-1',
  '  set   security pki ca-profile CA-1   ca-identity   spaced  ',
  'set security pki ca-profile CA-1 ca-identity z # trailing',
  'set security pki ca-profile CA-1 /* x */ ca-identity z',
  'set security pki ca-profile CA-1 ca-identity a;',
  'set security pki ca-profile CA-10 ca-identity ten',
  'set security pki ca-profile CA ca-identity short',
  'set security pki',
  'set security',
  'set',
  'set security pki ca-profile',
  'sets security pki',
  'deactivate security pki ca-profile CA-1 enrollment',
  'annotate security pki ca-profile CA-1 "note"',
  'delete security pki ca-profile CA-2',
  'protect security pki ca-profile CA-1',
  'edit security pki',
  'set ca-profile CA-5 ca-identity five',
  'top',
  'up',
  '# comment',
  '',
];

const lineArb = (lines: string[]): fc.Arbitrary<string[]> =>
  fc.array(fc.constantFrom(...lines), { minLength: 1, maxLength: 40 });

function same(text: string, rt: Reftree, readSpansAt = -1): number {
  const a = build(text, rt, true, readSpansAt);
  const b = build(text, rt, false);
  expect({ text, ...a, fastLines: 0 }).toEqual({ text, ...b, fastLines: 0 });
  return a.fastLines;
}

describe('set-file fast path = general path', () => {
  test('fixed lines in random order and repetition (real schema)', () => {
    let fast = 0;
    fc.assert(
      fc.property(lineArb(EXTRA_LINES), fc.integer({ min: -1, max: 40 }), (lines, at) => {
        fast += same(lines.join('\n') + '\n', REAL, at);
      }),
      { numRuns: 400 },
    );
    // the property is about the fast path: it must have taken lines
    expect(fast).toBeGreaterThan(500);
  });

  test('display set of generated trees, lines shuffled and mixed with fixed lines', () => {
    for (const rt of [REAL, MINI]) {
      fc.assert(
        fc.property(
          treeArb(rt, { meta: true, maxDepth: 6 }),
          fc.array(fc.nat(), { maxLength: 30 }),
          lineArb(EXTRA_LINES),
          fc.boolean(),
          (t, perm, extra, shuffle) => {
            let lines = printSet(t, { reftree: rt }).split('\n').filter(Boolean);
            if (shuffle) {
              for (let i = 0; i < perm.length && lines.length > 1; i++) {
                const j = perm[i] % lines.length;
                [lines[0], lines[j]] = [lines[j], lines[0]];
              }
            }
            lines = [...lines, ...extra, ...lines];
            same(lines.join('\n'), rt);
          },
        ),
        { numRuns: 100 },
      );
    }
  });

  test('keywords with the same word hash ("Aa", "BB") and a word that shares a keyword\'s hash', () => {
    const leaf = { 'x-kind': 'leaf', type: 'string', description: 'x' };
    const rt = buildReftree({
      'x-kind': 'container',
      type: 'object',
      additionalProperties: false,
      properties: {
        Aa: leaf,
        BB: leaf,
        box: {
          'x-kind': 'container',
          type: 'object',
          additionalProperties: false,
          properties: { Aa: leaf, Ab: leaf },
        },
      },
    });
    const text = 'set Aa 1\nset BB 2\nset box Aa 3\nset box BB 4\nset box Ab 5\nset Ab 6\n';
    expect(same(text, rt)).toBe(4);
    const r = build(text, rt, true);
    expect(JSON.parse(r.tree)).toEqual({ Aa: '1', BB: '2', box: { Aa: '3', Ab: '5' } });
    expect(r.diagnostics.map((d) => [d.code, d.span?.start])).toEqual([
      ['UNKNOWN_STATEMENT', 39],
      ['UNKNOWN_STATEMENT', 61],
    ]);
  });

  test('the bench shape: the fast path takes every line and the result is deep-frozen', () => {
    const out: string[] = [];
    for (let i = 0; i < 30; i++) {
      const p = `set security pki ca-profile CA-${i}`;
      out.push(
        `${p} ca-identity CA-${i}`,
        `${p} enrollment url http://ca${i}.example.com:8080/scep/pkiclient.exe`,
        `${p} enrollment retry ${i}`,
        `${p} revocation-check crl url http://ca${i}.example.com/crl/${i}.crl`,
        `${p} revocation-check crl refresh-interval ${i % 48}`,
        `${p} administrator email-address pki-admin-${i}@example.net`,
        `set security pki auto-re-enrollment scep certificate-id cert-${i} ca-profile-name CA-${i}`,
      );
      if (i % 7 === 3) out.push(`set security pki ca-profile CA-${i - 2} source-address 192.0.2.${i}`);
    }
    const text = out.join('\n') + '\n';
    expect(same(text, REAL)).toBe(out.length);
    const r = parseConfig(text, 'f.set', { reftree: REAL });
    expect(r.diagnostics).toEqual([]);
    expect(deepFrozen(r.value.tree)).toBe(true);
    expect(r.value.spans.get(['security', 'pki', 'ca-profile', 'CA-1', 'source-address'])).toEqual({
      statement: expect.objectContaining({ source: 'f.set' }),
      key: expect.objectContaining({ source: 'f.set' }),
      value: expect.objectContaining({ source: 'f.set' }),
    });
  });
});
