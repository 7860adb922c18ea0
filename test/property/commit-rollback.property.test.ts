/**
 * commit b, rollback 1, commit -> active ≡ a, on generated trees, through the
 * Session API on a throw-away store (no fsync). Also: compare after rollback 1
 * is the reverse of the committed change, and history grows by one per commit.
 */
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConfigLanguage } from '../../src/commit/config-language.js';
import { Session } from '../../src/commit/session.js';
import { Store } from '../../src/commit/store.js';
import { diffTrees } from '../../src/diff/diff-trees.js';
import type { ConfigObject, ConfigTree } from '../../src/tree/config-tree.js';
import { treesEqual } from '../../src/tree/tree-ops.js';

const language: ConfigLanguage = {
  parseConfig: (text) => ({ value: { tree: JSON.parse(text) as ConfigTree }, diagnostics: [] }),
  applyCommands: (tree, _t, _s, editPath) => ({ value: { tree, editPath }, diagnostics: [] }),
  isList: () => false,
  validate: () => [],
  printCurly: (t) => JSON.stringify(t),
};

const name = fc.constantFrom('A', 'B', '10', '2');
const entry = fc.record(
  {
    'ca-identity': fc.constantFrom('x', 'y', 'z'),
    url: fc.option(fc.constant('http://ca/'), { nil: undefined }),
  },
  { requiredKeys: ['ca-identity'] },
);
const tree = fc.uniqueArray(name, { maxLength: 4 }).chain((names) =>
  fc.array(entry, { minLength: names.length, maxLength: names.length }).map((es) => {
    const list: Record<string, unknown> = { '@order': names };
    names.forEach((n, i) => (list[n] = JSON.parse(JSON.stringify(es[i])) as ConfigObject));
    return {
      security: { pki: { 'ca-profile': list } },
      system: { 'host-name': names.join('-') || 'h' },
    } as ConfigTree;
  }),
);

test('commit b; rollback 1; commit -> active ≡ a', async () => {
  await fc.assert(
    fc.asyncProperty(tree, tree, async (a, b) => {
      const dir = mkdtempSync(join(tmpdir(), 'pkicfg-prop-'));
      try {
        const store = new Store(dir, { durable: false });
        const s = Session.open({ store, language, user: 'p' }).value as Session;
        await s.load('override', JSON.stringify(a), 'a.json');
        expect((await s.commit()).value.ok).toBe(true);
        await s.load('override', JSON.stringify(b), 'b.json');
        const cb = await s.commit();
        expect(cb.value.ok).toBe(true);
        expect(treesEqual(store.active(), b)).toBe(true);
        await s.rollback(1);
        expect(diffTrees(store.active(), s.candidate()).length).toBe(diffTrees(b, a).length);
        expect((await s.commit()).value.ok).toBe(true);
        expect(treesEqual(store.active(), a)).toBe(true);
        // every commit is recorded, with or without changes (as in Junos)
        expect(store.history()).toHaveLength(3);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }),
    { numRuns: 60 },
  );
});
