/**
 * Golden `show | compare` cases (test/fixtures/diff/<case>/): active.conf and
 * candidate.conf parsed with the real parser; compare.txt is the Junos text,
 * changes.json the structural changes; `load patch` of compare.txt onto the
 * active configuration gives the candidate back. UPDATE_GOLDEN=1 rewrites.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultLanguage } from '../../../src/commit/default-language.js';
import { applyPatch } from '../../../src/commit/load-patch.js';
import { diffTrees } from '../../../src/diff/diff-trees.js';
import { renderChanges } from '../../../src/diff/render-compare.js';
import type { ConfigTree } from '../../../src/tree/config-tree.js';
import { treesEqual } from '../../../src/tree/tree-ops.js';
import { expectGolden } from '../../golden.js';

const DIR = 'test/fixtures/diff';
const lang = defaultLanguage();
const order = (p: readonly string[], o: Parameters<NonNullable<typeof lang.keyOrder>>[1]): string[] =>
  (lang.keyOrder as NonNullable<typeof lang.keyOrder>)(p, o);

function parse(file: string): ConfigTree {
  const r = lang.parseConfig(readFileSync(file, 'utf8'), file);
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return r.value.tree;
}

describe.each(readdirSync(DIR))('%s', (name) => {
  const dir = join(DIR, name);
  const active = parse(join(dir, 'active.conf'));
  const candidate = parse(join(dir, 'candidate.conf'));
  const changes = diffTrees(active, candidate, { order });
  const text = renderChanges(active, candidate, changes, {
    order,
    printer: { printCurly: (t, p) => lang.printCurly(t, p), isList: (p) => lang.isList(p) },
  });

  test('compare.txt', () => expectGolden(join(dir, 'compare.txt'), text));
  test('changes.json', () =>
    expectGolden(
      join(dir, 'changes.json'),
      `${JSON.stringify(
        changes.map((c) => ({ op: c.op, path: c.path.join(' ') })),
        null,
        2,
      )}\n`,
    ));
  test('load patch of compare.txt restores the candidate', () => {
    const r = applyPatch(active, text, 'compare.txt', lang);
    expect(r.diagnostics).toEqual([]);
    expect(treesEqual(r.value, candidate)).toBe(true);
  });
});
