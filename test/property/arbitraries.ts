/**
 * fast-check arbitraries generated from a Reftree: only trees the schema
 * allows (one member per choice, integers for integer leaves, $9$ secrets,
 * unique leaf-list values, lists with at least one entry), with metadata
 * (inactive, protect, annotations) sprinkled in.
 */
import fc from 'fast-check';
import type { RefNode, Reftree } from '../../src/reftree/reftree.js';
import type { ConfigTree } from '../../src/tree/config-tree.js';
import { encrypt9 } from '../../src/syntax/secret.js';

type Obj = Record<string, unknown>;

/** Words a user might type: plain, with spaces/quotes/backslashes/# (need quoting), unicode, keyword-like. */
const valueArb: fc.Arbitrary<string> = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._:/=,-]{0,12}$/),
  fc.constantFrom(
    'set',
    'delete',
    'inactive:',
    'enrollment',
    '*',
    'http://ca.example.com/scep?x=1',
    '2001:db8::1/64',
    'CN=a, O=b',
    '$6$abc',
    '[',
    '}',
    '',
    '/* no */',
  ),
  fc.string({ unit: 'grapheme', maxLength: 10 }).filter((s) => !/[\r\n]/.test(s)),
  fc.string({ maxLength: 10 }).map((s) => s.replace(/[\r\n]/g, '') + ' "q" \\ # ;'),
);

/** List entry names: like values, but not empty and not starting with "@" (reserved keys). */
const nameArb: fc.Arbitrary<string> = valueArb.filter(
  (s) => s !== '' && !s.startsWith('@') && s !== '__proto__',
);

const annotationArb = fc
  .string({ maxLength: 12 })
  .filter((s) => !s.includes('*/') && !/[\r\n]/.test(s))
  .map((s) => `/* ${s} */`);

const metaArb = fc
  .record(
    { inactive: fc.constant(true as const), protect: fc.constant(true as const), annotation: annotationArb },
    { requiredKeys: [] },
  )
  .filter((m) => Object.keys(m).length > 0);

export interface TreeArbOptions {
  /** Probability-ish weight of metadata on a node (0 = never). */
  readonly meta?: boolean;
  readonly maxDepth?: number;
}

function leafArb(node: RefNode): fc.Arbitrary<unknown> {
  if (node.kind === 'flag') return fc.constant(true);
  if (node.kind === 'leaf-list') return fc.uniqueArray(valueArb, { minLength: 1, maxLength: 3 });
  if (node.valueType === 'integer') return fc.integer({ min: 0, max: 100000 });
  if (node.secret) {
    // the plain text obeys the leaf's pattern (`hexadecimal`): the parser checks it before $9$
    const pattern = typeof node.schema.pattern === 'string' ? new RegExp(node.schema.pattern) : undefined;
    const plain = pattern
      ? fc.stringMatching(pattern).filter((s) => s.length >= 1 && s.length <= 8 && !s.startsWith('$9$'))
      : fc.string({ minLength: 1, maxLength: 8 });
    return plain.map((s) => encrypt9(s));
  }
  return valueArb;
}

function containerArb(scope: RefNode, depth: number, opts: TreeArbOptions): fc.Arbitrary<Obj> {
  if (depth <= 0 || scope.order.length === 0) return fc.constant({});
  const parts: Record<string, fc.Arbitrary<unknown>> = {};
  for (const k of scope.order) parts[k] = childArb(scope.children.get(k)!, depth - 1, opts);
  return fc.record(parts, { requiredKeys: [] }).chain((rec) => {
    const out: Obj = {};
    const seenChoice = new Set<string>();
    const metas: fc.Arbitrary<[string, unknown]>[] = [];
    for (const k of Object.keys(rec)) {
      const c = scope.children.get(k)!;
      if (c.choice) {
        if (seenChoice.has(c.choice)) continue;
        seenChoice.add(c.choice);
      }
      out[k] = rec[k];
      if (opts.meta && c.kind !== 'container' && c.kind !== 'list')
        metas.push(fc.tuple(fc.constant('@' + k), fc.option(metaArb, { freq: 6, nil: undefined })));
    }
    return metas.length === 0
      ? fc.constant(out)
      : fc.tuple(...metas).map((ms) => {
          for (const [k, m] of ms) if (m) out[k] = m;
          return out;
        });
  });
}

function withMeta(a: fc.Arbitrary<Obj>, opts: TreeArbOptions): fc.Arbitrary<Obj> {
  if (!opts.meta) return a;
  return fc
    .tuple(a, fc.option(metaArb, { freq: 6, nil: undefined }))
    .map(([o, m]) => (m ? { ...o, '@': m } : o));
}

function childArb(node: RefNode, depth: number, opts: TreeArbOptions): fc.Arbitrary<unknown> {
  switch (node.kind) {
    case 'container':
      return withMeta(containerArb(node, depth, opts), opts);
    case 'list':
      return fc
        .uniqueArray(fc.tuple(nameArb, withMeta(containerArb(node.entry!, depth, opts), opts)), {
          minLength: 1,
          maxLength: 3,
          selector: ([n]) => n,
        })
        .map((entries) => {
          const o: Obj = { '@order': entries.map(([n]) => n) };
          for (const [n, e] of entries) o[n] = e;
          return o;
        });
    default:
      return leafArb(node);
  }
}

/** Trees the schema allows (root = the reftree root; open containers get no opaque statements). */
export function treeArb(rt: Reftree, opts: TreeArbOptions = {}): fc.Arbitrary<ConfigTree> {
  return containerArb(rt.root, opts.maxDepth ?? 8, opts) as fc.Arbitrary<ConfigTree>;
}

/** The tree without annotations (display set does not carry them). */
export function withoutAnnotations(v: unknown): unknown {
  if (Array.isArray(v) || typeof v !== 'object' || v === null) return v;
  const o: Obj = {};
  for (const [k, x] of Object.entries(v)) {
    if (k.startsWith('@') && k !== '@order' && typeof x === 'object' && x !== null && !Array.isArray(x)) {
      const { annotation: _a, ...rest } = x as Obj;
      if (Object.keys(rest).length) o[k] = rest;
      continue;
    }
    o[k] = withoutAnnotations(x);
  }
  return o;
}
