/**
 * The shell accepts the set lines the loader accepts: several statements of
 * one container on one line (`set security pki ca-profile R enrollment retry
 * 10 retry-interval 60`), as syntax/builder.ts reads them. For generated
 * `security pki` trees, the leaves, flags and leaf-lists of each container or
 * entry are joined into one line; when the shell accepts each statement on its
 * own line (it checks values at `set`, the loader only at commit), it accepts
 * the joined line too and builds the same candidate, and so does the loader.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { buildReftree, findSchemaFile, type RefNode, type Reftree } from '../../src/reftree/reftree.js';
import type { ConfigObject } from '../../src/tree/config-tree.js';
import { parseConfig } from '../../src/syntax/parse-config.js';
import { printSet } from '../../src/syntax/print-set.js';
import { makeRealShell } from '../unit/shell/real.js';
import { fakeOp } from '../unit/shell/fakes.js';
import { treeArb } from './arbitraries.js';

const REAL = buildReftree(JSON.parse(readFileSync(findSchemaFile(), 'utf8')) as object);
const PKI = REAL.root.children.get('security')!.children.get('pki')!;
const PKI_RT = { ...REAL, root: PKI } as Reftree;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Each container or entry with two or more leaf statements: a tree holding only those, nested at its path. */
function groups(obj: Obj, node: RefNode, wrap: (inner: Obj) => Obj, out: Obj[]): void {
  const leaves: Obj = {};
  for (const k of node.order) {
    const c = node.children.get(k)!;
    const v = obj[k];
    if (v === undefined) continue;
    if (c.kind === 'container' && isObj(v)) groups(v, c, (inner) => wrap({ [k]: inner }), out);
    else if (c.kind === 'list' && isObj(v)) {
      for (const name of (v['@order'] as string[] | undefined) ?? []) {
        const e = v[name];
        if (isObj(e)) groups(e, c.entry!, (inner) => wrap({ [k]: { '@order': [name], [name]: inner } }), out);
      }
    } else if (c.kind === 'leaf' || c.kind === 'flag' || c.kind === 'leaf-list') leaves[k] = v;
  }
  if (Object.keys(leaves).length >= 2) out.push(wrap(leaves));
}

/** The set lines of TREE, and the same statements joined after their common path. */
function joinedLine(tree: Obj): { singles: string[]; joined: string } {
  const singles = printSet(tree as ConfigObject)
    .trimEnd()
    .split('\n');
  let prefix = singles[0];
  for (const l of singles) while (!l.startsWith(prefix)) prefix = prefix.slice(0, -1);
  prefix = prefix.slice(0, prefix.lastIndexOf(' ') + 1);
  return { singles, joined: prefix + singles.map((l) => l.slice(prefix.length)).join(' ') };
}

async function shellSet(lines: readonly string[]): Promise<{ ok: boolean; set: string }> {
  const r = makeRealShell(fakeOp);
  try {
    await r.sh.execute('configure');
    let ok = true;
    for (const l of lines) ok = (await r.sh.execute(l)).ok && ok;
    return { ok, set: (await r.sh.execute('show | display set')).text };
  } finally {
    r.cleanup();
  }
}

test('a line of several statements of one container: the shell accepts what the loader accepts', async () => {
  let joinedCases = 0;
  await fc.assert(
    fc.asyncProperty(treeArb(PKI_RT, { maxDepth: 4 }), async (pki) => {
      const found: Obj[] = [];
      groups(pki as Obj, PKI, (inner) => ({ security: { pki: inner } }), found);
      for (const g of found) {
        const { singles, joined } = joinedLine(g);
        const one = await shellSet(singles);
        if (!one.ok) continue; // a value the shell checks at set time and the loader at commit
        joinedCases++;
        const loaded = parseConfig(joined + '\n', 'joined.set');
        expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        expect(loaded.value!.tree).toEqual(parseConfig(singles.join('\n') + '\n', 'singles.set').value!.tree);
        const all = await shellSet([joined]);
        expect({ joined, ok: all.ok }).toEqual({ joined, ok: true });
        expect(all.set).toBe(one.set);
      }
    }),
    { numRuns: 60 },
  );
  expect(joinedCases).toBeGreaterThan(10);
}, 120_000);

test("the tester's line: set security pki ca-profile R enrollment retry 10 retry-interval 60", async () => {
  const r = await shellSet(['set security pki ca-profile R enrollment retry 10 retry-interval 60']);
  expect(r).toEqual({
    ok: true,
    set: 'set security pki ca-profile R enrollment retry 10\nset security pki ca-profile R enrollment retry-interval 60\n',
  });
});
