/**
 * A one-entry change of a big list costs the change, not the list: after the
 * commit's diff, printing (curly and the store's JSON cache), validation and
 * the effective tree read only the changed entry of a 3,000-entry list (the
 * other entries are counted by accessor properties). And the memoized printer
 * stays byte-identical to printing from scratch (an unfrozen copy is never
 * memoized) over a series of edits, including entries added, deleted, moved,
 * deactivated and annotated.
 */
import { readFileSync } from 'node:fs';
import { sharedStringify } from '../../../src/commit/config-codec.js';
import { diffTrees } from '../../../src/diff/diff-trees.js';
import { parseConfig } from '../../../src/syntax/parse-config.js';
import { printCurly } from '../../../src/syntax/print-curly.js';
import type { ConfigObject, ConfigTree } from '../../../src/tree/config-tree.js';
import { deleteAt, getAt, setAt, setMeta } from '../../../src/tree/tree-ops.js';
import { deepFreeze } from '../../../src/tree/config-tree.js';
import { validateTree } from '../../../src/validate/validate.js';

const N = 3000;

function profile(i: number): Record<string, unknown> {
  return {
    'ca-identity': `ident-${i}`,
    enrollment: { url: `http://ca${i}.example.com/scep`, retry: 10, 'retry-interval': 60 },
    'revocation-check': { disable: true },
  };
}

function bigTree(): ConfigTree {
  const list: Record<string, unknown> = { '@order': Array.from({ length: N }, (_, i) => `CA-${i}`) };
  for (let i = 0; i < N; i++) list[`CA-${i}`] = profile(i);
  return deepFreeze({
    system: { 'host-name': 'r1' },
    security: { pki: { 'ca-profile': list } },
  }) as ConfigTree;
}

const LIST = ['security', 'pki', 'ca-profile'];

/** `tree` with its ca-profile list replaced by a frozen copy whose entries count their reads. */
function counted(tree: ConfigTree): { tree: ConfigTree; reads: () => number } {
  const list = getAt(tree, LIST) as ConfigObject;
  let n = 0;
  const copy: Record<string, unknown> = { '@order': list['@order'] };
  for (const name of list['@order'] as string[]) {
    const e = list[name];
    Object.defineProperty(copy, name, {
      enumerable: true,
      get: () => {
        n++;
        return e;
      },
    });
  }
  Object.freeze(copy);
  const pki = Object.freeze({ ...(getAt(tree, ['security', 'pki']) as object), 'ca-profile': copy });
  const sec = Object.freeze({ ...(getAt(tree, ['security']) as object), pki });
  return { tree: Object.freeze({ ...tree, security: sec }) as ConfigTree, reads: () => n };
}

const unfrozen = (t: ConfigTree): ConfigTree => JSON.parse(JSON.stringify(t)) as ConfigTree;

test('after the diff, print, encode and validate read only the changed entry of a big list', () => {
  const active = bigTree();
  expect(validateTree(active)).toEqual([]);
  printCurly(active);
  sharedStringify(active);
  const { tree: cand, reads } = counted(setAt(active, [...LIST, 'CA-1500', 'ca-identity'], 'changed'));
  const changes = diffTrees(active, cand);
  expect(changes).toHaveLength(1);
  const afterDiff = reads();
  expect(validateTree(cand)).toEqual([]);
  const text = printCurly(cand);
  const json = sharedStringify(cand);
  // the changed entry and the chunks of 128 entries around it that the printer
  // and the encoder re-join, not 3,000
  expect(reads() - afterDiff).toBeLessThan(2 * 128 + 20);
  expect(text).toBe(printCurly(unfrozen(cand)));
  expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(cand)));
});

test('without a recorded diff, a list is compared with its last version by identity only', () => {
  const active = bigTree();
  validateTree(active);
  printCurly(active);
  const { tree: cand, reads } = counted(setAt(active, [...LIST, 'CA-7', 'ca-identity'], 'other'));
  const text = printCurly(cand);
  expect(validateTree(cand)).toEqual([]);
  // the identity scan reads each name once; only the changed entry's chunk is printed again
  expect(reads()).toBeLessThanOrEqual(N + 200);
  expect(text).toBe(printCurly(unfrozen(cand)));
});

test('an invalid changed entry is still reported (the delta does not hide errors)', () => {
  const active = bigTree();
  expect(validateTree(active)).toEqual([]);
  const bad = setAt(active, [...LIST, 'CA-42', 'enrollment', 'retry'], 5000);
  diffTrees(active, bad);
  const ds = validateTree(bad);
  expect(ds.length).toBeGreaterThan(0);
  expect(ds[0].path).toEqual([...LIST, 'CA-42', 'enrollment']);
  expect(ds).toEqual(validateTree(unfrozen(bad)));
});

test('the memoized printer is byte-identical to printing from scratch over a series of edits', () => {
  let t = bigTree();
  const edits: ((x: ConfigTree) => ConfigTree)[] = [
    (x) => setAt(x, [...LIST, 'CA-0', 'ca-identity'], 'first'),
    (x) => setAt(x, [...LIST, 'CA-2999', 'enrollment', 'retry'], 3),
    (x) => setMeta(x, [...LIST, 'CA-130'], { inactive: true }),
    (x) => setMeta(x, [...LIST, 'CA-131'], { annotation: '/* two\n   lines */' }),
    (x) => deleteAt(x, [...LIST, 'CA-129']),
    (x) => setAt(x, [...LIST, 'NEW', 'ca-identity'], 'n'),
    (x) => setAt(x, ['system', 'host-name'], 'r2'),
    (x) => setMeta(x, [...LIST], { protect: true }),
    (x) => setAt(x, [...LIST, 'CA-128', 'ca-identity'], 'with space'),
  ];
  printCurly(t);
  for (const [i, edit] of edits.entries()) {
    const next = edit(t);
    if (i % 2 === 0) diffTrees(t, next); // with and without a recorded list delta
    expect(printCurly(next)).toBe(printCurly(unfrozen(next)));
    t = next;
  }
});

test('device samples: printing an edited sample after printing it is byte-identical', () => {
  for (const f of ['samples/devices/vsrx-pki-edge.conf', 'samples/devices/mx-edge-router.conf']) {
    const tree = parseConfig(readFileSync(f, 'utf8'), f).value.tree;
    const once = printCurly(tree);
    expect(once).toBe(printCurly(unfrozen(tree)));
    const next = setAt(tree, ['system', 'host-name'], 'edited');
    diffTrees(tree, next);
    expect(printCurly(next)).toBe(printCurly(unfrozen(next)));
  }
});
