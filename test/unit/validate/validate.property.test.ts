/**
 * validateTree is total: for trees shaped by the schema but filled with
 * arbitrary values (wrong types, out-of-range numbers, odd names, dangling
 * references, junk where containers belong), it never throws, and every
 * diagnostic is a catalogued code with an `[edit ...]` path and a statement.
 */
import fc from 'fast-check';
import { CATALOGUE } from '../../../src/diag/codes.js';
import { DEFAULT_SCHEMA, validateTree } from '../../../src/validate/validate.js';
import { entrySchema, kindOf, properties, type SchemaNode } from '../../../src/reftree/schema-node.js';
import type { ConfigTree } from '../../../src/tree/config-tree.js';

const junk = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.integer({ min: -5, max: 5000 }),
  fc.constant(true),
  fc.array(fc.string({ maxLength: 8 }), { maxLength: 3 }),
  fc.constant({}),
);

function arb(schema: SchemaNode, depth: number): fc.Arbitrary<unknown> {
  const kind = kindOf(schema);
  if (depth > 7) return junk;
  switch (kind) {
    case 'container': {
      const props = properties(schema);
      const keys = Object.keys(props);
      const rec: Record<string, fc.Arbitrary<unknown>> = {};
      for (const k of keys)
        rec[k] = fc.oneof({ weight: 6, arbitrary: arb(props[k], depth + 1) }, { weight: 1, arbitrary: junk });
      return fc.record(rec, { requiredKeys: [] });
    }
    case 'list': {
      const names = fc.oneof(
        fc.constantFrom('CA', 'ca-profile-ipsec', 'P', 'G', 'VR'),
        fc.string({ minLength: 1, maxLength: 40 }),
      );
      return fc.dictionary(names, arb(entrySchema(schema), depth + 1), { maxKeys: 2 });
    }
    case 'flag':
      return fc.oneof({ weight: 5, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: junk });
    case 'leaf-list':
      return fc.array(fc.constantFrom('CA', 'P', 'x', 'sha256', ''), { maxLength: 4 });
    default:
      return schema.type === 'integer'
        ? fc.oneof(fc.integer({ min: -10, max: 100000 }), junk)
        : fc.oneof(fc.constantFrom('CA', 'P', 'G', 'VR', 'main', '192.0.2.1', '::1', 'a.b'), junk);
  }
}

test('validateTree never throws and always locates its findings', () => {
  const treeArb = arb(DEFAULT_SCHEMA as SchemaNode, 0) as fc.Arbitrary<ConfigTree>;
  fc.assert(
    fc.property(treeArb, fc.boolean(), (tree, strict) => {
      for (const d of validateTree(tree, undefined, { strict })) {
        expect(CATALOGUE[d.code]).toBeDefined();
        expect(d.path).toBeDefined();
        expect(typeof d.statement).toBe('string');
        expect(d.message.length).toBeGreaterThan(0);
      }
    }),
    { numRuns: 120 },
  );
});
