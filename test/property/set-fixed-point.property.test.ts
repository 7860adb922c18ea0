/**
 * curly -> set -> curly -> set: after the first pass the set form is a fixed
 * point, for curly text of unmodelled hierarchies with stanzas written more
 * than once (`ge-0/0/1 { unit 0 { ... } } ge-0/0/1 { unit 0; }`), which Junos
 * merges on load. Words come from a small vocabulary so that repeats, shared
 * prefixes and shapes of schemas/junos-shapes.json (`unit <name>`, `family
 * <name>`) all occur.
 */
import fc from 'fast-check';
import { parseConfig } from '../../src/syntax/parse-config.js';
import { printCurly } from '../../src/syntax/print-curly.js';
import { printSet } from '../../src/syntax/print-set.js';

interface Stmt {
  readonly words: readonly string[];
  readonly children?: readonly Stmt[];
}

/** A list in which some entries are repeated, as a stanza written twice (the point of the test). */
const repeated = <T>(arb: fc.Arbitrary<T>, max = 3): fc.Arbitrary<T[]> =>
  fc
    .tuple(fc.array(arb, { minLength: 1, maxLength: max }), fc.array(fc.nat(), { maxLength: 2 }))
    .map(([xs, picks]) => [...xs, ...picks.map((p) => xs[p % xs.length])]);

const leaf = (...w: string[]): Stmt => ({ words: w });
const block = (w: string[], children: Stmt[]): Stmt => ({ words: w, children });

/** `interfaces` as Junos prints it (schemas/junos-shapes.json): entries, units, families, addresses. */
const familyArb = fc
  .tuple(fc.constantFrom('inet', 'inet6'), repeated(fc.constantFrom('10.0.0.1/24', '10.0.0.2/24'), 2))
  .map(([f, addrs]) =>
    block(
      ['family', f],
      addrs.map((a) => leaf('address', a)),
    ),
  );
const unitArb = fc
  .tuple(fc.constantFrom('0', '1'), fc.option(repeated(familyArb, 2), { nil: undefined }))
  .map(([u, fams]) => (fams ? block(['unit', u], fams) : leaf('unit', u)));
const ifArb = fc
  .tuple(
    fc.constantFrom('ge-0/0/1', 'ge-0/0/2'),
    repeated(fc.oneof(unitArb, fc.constant(leaf('description', 'uplink')), fc.constant(leaf('disable')))),
  )
  .map(([n, kids]) => block([n], kids));

/**
 * A hierarchy the shapes file does not describe: one-word headers, and leaves
 * of a keyword and at most one value (`a;`, `a v;`). Two different values of
 * one keyword are left out: without a shape, set lines `a 1` and `a 2` nest
 * where they diverge (`a { 1; 2; }`), which curly text need not have written.
 */
const word = fc.constantFrom('a', 'b', 'c', '0', 'x');
const otherArb: fc.Arbitrary<Stmt> = fc.letrec<{ stmt: Stmt }>((tie) => ({
  stmt: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.tuple(word, fc.boolean()).map(([w, v]) => leaf(...(v ? [w, 'v'] : [w]))),
    fc.tuple(word, repeated(tie('stmt'))).map(([w, children]) => block([w], children)),
  ),
})).stmt;

const prefixOf = (a: readonly string[], b: readonly string[]): boolean =>
  a.length < b.length && a.every((w, i) => w === b[i]);

/**
 * Siblings as Junos has them where nothing says their shape: the same
 * statement (a repeat) or different before one of them ends, except leaves
 * (`a;` beside `a b;` loads as set lines do; a block `a { }` beside `a b;` is
 * no Junos configuration); and statements of one keyword next to each other,
 * as Junos prints them (set lines of unknown words nest where they diverge).
 */
function junosShaped(stmts: readonly Stmt[]): Stmt[] {
  const out: Stmt[] = [];
  for (const s of stmts) {
    const clash = out.some(
      (o) => (prefixOf(o.words, s.words) || prefixOf(s.words, o.words)) && (o.children || s.children),
    );
    if (!clash) out.push(s.children ? { ...s, children: junosShaped(s.children) } : s);
  }
  const firstAt = (w: string): number => out.findIndex((o) => o.words[0] === w);
  return out
    .map((o, i) => ({ o, i }))
    .sort((x, y) => firstAt(x.o.words[0]) - firstAt(y.o.words[0]) || x.i - y.i)
    .map((x) => x.o);
}

function curly(stmts: readonly Stmt[], indent: string): string {
  return stmts
    .map((s) =>
      s.children
        ? `${indent}${s.words.join(' ')} {\n${curly(s.children, indent + '    ')}${indent}}\n`
        : `${indent}${s.words.join(' ')};\n`,
    )
    .join('');
}

const setOf = (text: string, name: string): string => {
  const r = parseConfig(text, name);
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return printSet(r.value.tree);
};

const SCALE = Number(process.env.PROPERTY_SCALE ?? '1');

test('curly -> set -> curly -> set is a fixed point after the first pass', () => {
  fc.assert(
    fc.property(repeated(ifArb), repeated(otherArb).map(junosShaped), (ifs, other) => {
      const text = `interfaces {\n${curly(ifs, '    ')}}\nprotocols {\n${curly(other, '    ')}}\n`;
      const set1 = setOf(text, 'in.conf');
      const curly2 = printCurly(parseConfig(set1, 'set1').value.tree);
      expect(setOf(curly2, 'curly2')).toBe(set1);
      expect(setOf(set1, 'set1')).toBe(set1);
    }),
    { numRuns: 300 * SCALE },
  );
});

test('a repeated stanza merges into the first (fixed case)', () => {
  const text =
    'interfaces {\n    ge-0/0/1 {\n        unit 0 {\n            family inet {\n                address 10.0.0.1/24;\n            }\n        }\n    }\n    ge-0/0/1 {\n        unit 0;\n    }\n}\n';
  for (const curlyFastPath of [true, false]) {
    const r = parseConfig(text, 'in.conf', { curlyFastPath });
    expect(printSet(r.value.tree)).toBe('set interfaces ge-0/0/1 unit 0 family inet address 10.0.0.1/24\n');
  }
});
