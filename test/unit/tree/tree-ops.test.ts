import {
  deleteAt,
  effectiveTree,
  getAt,
  getMeta,
  listNames,
  setAt,
  setMeta,
  treesEqual,
} from '../../../src/tree/tree-ops.js';
import { containerKeys, lexicalNumericCompare } from '../../../src/tree/order.js';
import { EMPTY_TREE } from '../../../src/tree/config-tree.js';

const isList = (p: readonly string[]) => p[p.length - 1] === 'ca-profile';

describe('tree-ops', () => {
  test('setAt creates the path, lists get @order, result is frozen and shares subtrees', () => {
    const t1 = setAt(EMPTY_TREE, ['security', 'pki', 'ca-profile', 'B', 'ca-identity'], 'b', isList);
    const t2 = setAt(t1, ['security', 'pki', 'ca-profile', 'A', 'ca-identity'], 'a', isList);
    expect(getAt(t2, ['security', 'pki', 'ca-profile', 'A', 'ca-identity'])).toBe('a');
    expect(listNames(getAt(t2, ['security', 'pki', 'ca-profile']) as never)).toEqual(['B', 'A']);
    expect(Object.isFrozen(t2)).toBe(true);
    expect(getAt(t1, ['security', 'pki', 'ca-profile', 'A'])).toBeUndefined();
    expect(getAt(t2, ['security', 'pki', 'ca-profile', 'B'])).toBe(
      getAt(t1, ['security', 'pki', 'ca-profile', 'B']),
    );
  });

  test('integer-like list names keep user order', () => {
    let t = EMPTY_TREE;
    for (const n of ['10', '2', 'x', '1']) t = setAt(t, ['ca-profile', n, 'ca-identity'], n, isList);
    expect(listNames(getAt(t, ['ca-profile']) as never)).toEqual(['10', '2', 'x', '1']);
  });

  test('deleteAt removes the node, its meta and its @order place', () => {
    let t = setAt(EMPTY_TREE, ['ca-profile', 'A', 'ca-identity'], 'a', isList);
    t = setAt(t, ['ca-profile', 'B', 'ca-identity'], 'b', isList);
    t = setMeta(t, ['ca-profile', 'A'], { inactive: true });
    t = setMeta(t, ['ca-profile', 'B', 'ca-identity'], { annotation: '/* x */' });
    expect(getMeta(t, ['ca-profile', 'A'])).toEqual({ inactive: true });
    expect(getMeta(t, ['ca-profile', 'B', 'ca-identity'])).toEqual({ annotation: '/* x */' });
    const t2 = deleteAt(t, ['ca-profile', 'A']);
    expect(listNames(getAt(t2, ['ca-profile']) as never)).toEqual(['B']);
    expect(deleteAt(t2, ['nope'])).toBe(t2);
  });

  test('effectiveTree drops @ keys and inactive nodes', () => {
    let t = setAt(EMPTY_TREE, ['ca-profile', 'A', 'ca-identity'], 'a', isList);
    t = setAt(t, ['ca-profile', 'B', 'ca-identity'], 'b', isList);
    t = setMeta(t, ['ca-profile', 'A'], { inactive: true });
    expect(effectiveTree(t)).toEqual({ 'ca-profile': { B: { 'ca-identity': 'b' } } });
  });

  test('treesEqual ignores key order but not list order', () => {
    expect(treesEqual({ a: 1, b: { c: true } }, { b: { c: true }, a: 1 })).toBe(true);
    expect(
      treesEqual(
        { l: { '@order': ['x', 'y'], x: {}, y: {} } },
        { l: { '@order': ['y', 'x'], x: {}, y: {} } },
      ),
    ).toBe(false);
    expect(treesEqual({ a: ['1', '2'] }, { a: ['2', '1'] })).toBe(false);
  });

  test('order', () => {
    expect(containerKeys({ z: 1, b: 1, a: 1, '@': {} }, ['b', 'a'])).toEqual(['b', 'a', 'z']);
    expect(['a10', 'a9', 'a1'].sort(lexicalNumericCompare)).toEqual(['a1', 'a9', 'a10']);
  });
});
