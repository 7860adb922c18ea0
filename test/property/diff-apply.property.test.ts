/**
 * diff/apply invariants on generated trees (any shape the tree contract allows:
 * containers, keyed lists with "@order" incl. integer-like names, leaves,
 * flags, leaf-lists, inactive/annotation metadata, opaque statements):
 *   applyChanges(a, diffTrees(a, b)) ≡ b,  diffTrees(a, a) = [],
 *   renderCompare(a, a) = '',  and a change to one leaf is one TreeChange.
 */
import fc from 'fast-check';
import { applyChanges } from '../../src/diff/apply-changes.js';
import { diffTrees } from '../../src/diff/diff-trees.js';
import { renderCompare } from '../../src/diff/render-compare.js';
import type { ConfigObject, ConfigTree } from '../../src/tree/config-tree.js';
import { treesEqual } from '../../src/tree/tree-ops.js';

const word = fc.constantFrom('a', 'b', 'c', 'ca-profile', 'url', '10', '2', 'x y');
const meta = fc.option(
  fc.constantFrom({ inactive: true as const }, { annotation: '/* note */' }, { protect: true as const }),
  { nil: undefined },
);

const leafValue = fc.oneof(
  fc.constantFrom('v1', 'v2', 'http://x/', '$9$abc'),
  fc.integer({ min: 0, max: 99 }),
  fc.constant(true as const),
  fc.array(fc.constantFrom('p', 'q', 'r'), { minLength: 1, maxLength: 3 }),
);

const { tree } = fc.letrec<{ tree: ConfigObject; node: unknown; list: ConfigObject }>((tie) => ({
  tree: fc
    .tuple(fc.dictionary(word, tie('node'), { maxKeys: 4 }), meta)
    .map(([d, m]) => Object.freeze({ ...d, ...(m ? { '@': m } : {}) }) as ConfigObject),
  list: fc
    .uniqueArray(fc.constantFrom('A', 'B', 'C', '1', '20', '3'), { maxLength: 4 })
    .chain((names) =>
      fc.tuple(
        fc.constant(names),
        fc.array(tie('tree'), { minLength: names.length, maxLength: names.length }),
      ),
    )
    .map(([names, entries]) => {
      const o: Record<string, unknown> = { '@order': names };
      names.forEach((n, i) => (o[n] = entries[i]));
      return Object.freeze(o) as ConfigObject;
    }),
  node: fc.oneof({ depthSize: 'small' }, leafValue, leafValue, tie('tree'), tie('list')),
}));

/** Two trees that share most of their structure: b = a with a few random edits. */
const pair = fc.tuple(tree, tree, fc.nat(3)).map(([a, other, k]) => {
  const b: Record<string, unknown> = { ...a };
  const keys = Object.keys(other).filter((x) => !x.startsWith('@'));
  for (let i = 0; i < Math.min(k, keys.length); i++) b[keys[i]] = other[keys[i]];
  return [a, Object.freeze(b) as ConfigTree] as const;
});

describe('diff/apply properties', () => {
  test('apply(a, diff(a, b)) ≡ b for unrelated trees', () => {
    fc.assert(
      fc.property(tree, tree, (a, b) => {
        expect(treesEqual(applyChanges(a, diffTrees(a, b)), b)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
  test('apply(a, diff(a, b)) ≡ b for trees that share structure', () => {
    fc.assert(
      fc.property(pair, ([a, b]) => {
        expect(treesEqual(applyChanges(a, diffTrees(a, b)), b)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
  test('diff(a, a) = [] and compare prints nothing, also for equal copies', () => {
    fc.assert(
      fc.property(tree, (a) => {
        expect(diffTrees(a, a)).toEqual([]);
        const copy = JSON.parse(JSON.stringify(a)) as ConfigTree;
        expect(diffTrees(a, copy)).toEqual([]);
        expect(renderCompare(a, copy)).toBe('');
      }),
      { numRuns: 200 },
    );
  });
  test('renderCompare never throws and is empty only when equal', () => {
    fc.assert(
      fc.property(tree, tree, (a, b) => {
        const text = renderCompare(a, b);
        const ch = diffTrees(a, b).filter((c) => c.path.length > 0);
        if (ch.length > 0) expect(text).not.toBe('');
      }),
      { numRuns: 200 },
    );
  });
});
