/**
 * The store's copy of record is a manifest per revision naming content-addressed
 * chunks of its curly text (revisions/<seq>.manifest, chunks/<sha256>.conf):
 * their concatenation is `show configuration`, unchanged chunks are shared
 * between revisions, and a one-statement change of a big list writes one chunk.
 * Stores of the older layouts (curly `<seq>.conf`, format 2, written by the
 * previous code: test/fixtures/commit/curly-layout-store; JSON `<seq>.json`,
 * format 1) are still read, and new commits on them use chunks.
 */
import fc from 'fast-check';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { forgetParsedChunks } from '../../../src/commit/chunked-revision.js';
import { CURLY_CODEC } from '../../../src/commit/config-codec.js';
import { defaultLanguage } from '../../../src/commit/default-language.js';
import { Session } from '../../../src/commit/session.js';
import { checkStore } from '../../../src/commit/store-check.js';
import { openStore, Store } from '../../../src/commit/store.js';
import { defaultReftree } from '../../../src/reftree/reftree.js';
import { parseConfig } from '../../../src/syntax/parse-config.js';
import { printCurly } from '../../../src/syntax/print-curly.js';
import type { ConfigTree } from '../../../src/tree/config-tree.js';
import { setAt, treesEqual } from '../../../src/tree/tree-ops.js';
import { deepFreeze } from '../../../src/tree/config-tree.js';
import { treeArb } from '../../property/arbitraries.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pkicfg-layout-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const rev = (s: Store, name: string): string => join(s.configDir, 'revisions', name);

/** A store that has to read revision `seq` from disk, without its cache. */
function coldRead(stateDir: string, seq: number): ConfigTree {
  const cache = join(stateDir, 'config', 'revisions', `${seq}.cache.json`);
  if (existsSync(cache)) unlinkSync(cache);
  const chunks = join(stateDir, 'config', 'chunks');
  if (existsSync(chunks))
    for (const f of readdirSync(chunks)) if (f.endsWith('.json')) unlinkSync(join(chunks, f));
  forgetParsedChunks();
  return new Store(stateDir, { durable: false }).readSeq(seq);
}

const chunkFiles = (s: Store): string[] =>
  readdirSync(join(s.configDir, 'chunks')).filter((f) => f.endsWith('.conf'));

/** A big list: `n` ca-profiles. */
function bigTree(n: number): ConfigTree {
  const list: Record<string, unknown> = { '@order': Array.from({ length: n }, (_, i) => `CA-${i}`) };
  for (let i = 0; i < n; i++)
    list[`CA-${i}`] = { 'ca-identity': `ident-${i}`, enrollment: { url: `http://ca${i}.example.com/scep` } };
  return deepFreeze({
    system: { 'host-name': 'r1' },
    security: { pki: { 'ca-profile': list } },
  }) as ConfigTree;
}

const SAMPLE = `system {
    host-name r1;
}
security {
    pki {
        ca-profile Z {
            ca-identity z;
        }
        /* kept above A */
        inactive: ca-profile A {
            ca-identity a;
        }
        protect: ca-profile M {
            ca-identity "with space";
        }
    }
    ike {
        policy P {
            pre-shared-key ascii-text "$9$AbCdEfGh"; ## SECRET-DATA
        }
    }
}
routing-options {
    static {
        route 0.0.0.0/0 next-hop 192.0.2.1;
    }
}
`;

describe('chunked layout', () => {
  test('a revision is a manifest of sha256-named chunks whose concatenation is the curly text', () => {
    const tree = parseConfig(SAMPLE, 's.conf').value.tree;
    const s = new Store(dir, { durable: false });
    s.commit(tree, { user: 'u', via: 'api' });
    const manifest = readFileSync(rev(s, '1.manifest'), 'utf8');
    expect(manifest).toMatch(/\n## pkicfg-store-format 3\n$/);
    // what a person does with plain tools: cat the chunks the manifest lists, in order
    const names = manifest
      .split('\n')
      .filter((l) => l !== '' && !l.startsWith('#'))
      .map((l) => l.split(' ')[0]);
    const text = names.map((h) => readFileSync(join(s.configDir, 'chunks', `${h}.conf`), 'utf8')).join('');
    expect(text).toBe(printCurly(tree));
    for (const h of names)
      expect(
        createHash('sha256')
          .update(readFileSync(join(s.configDir, 'chunks', `${h}.conf`)))
          .digest('hex'),
      ).toBe(h);
    expect(existsSync(rev(s, '1.conf'))).toBe(false);
    expect(JSON.parse(readFileSync(join(s.configDir, 'HEAD'), 'utf8'))).toMatchObject({ format: 3, seq: 1 });
    // order, metadata, the unmodelled route and the $9$ secret come back exactly
    expect(treesEqual(coldRead(dir, 1), tree)).toBe(true);
  });

  test('a one-statement change of a big list writes one chunk; unchanged chunks are shared', () => {
    const s = new Store(dir, { durable: false });
    const t1 = bigTree(3000);
    s.commit(t1, { user: 'u', via: 'api' });
    const before = chunkFiles(s);
    expect(before.length).toBeGreaterThan(10);
    const t2 = setAt(t1, ['security', 'pki', 'ca-profile', 'CA-1500', 'ca-identity'], 'changed');
    s.commit(t2, { user: 'u', via: 'api' });
    const after = chunkFiles(s);
    expect(after.length - before.length).toBe(1);
    expect(s.revisionText(2)).toBe(printCurly(t2));
    expect(treesEqual(coldRead(dir, 2), t2)).toBe(true);
    expect(treesEqual(coldRead(dir, 1), t1)).toBe(true);
    // an entry inserted in the middle changes the run holding it, not the runs after it
    const order = [
      ...(t2.security as { pki: { 'ca-profile': { '@order': string[] } } }).pki['ca-profile']['@order'],
    ];
    order.splice(700, 0, 'NEW');
    const t3 = setAt(
      setAt(t2, ['security', 'pki', 'ca-profile', 'NEW'], { 'ca-identity': 'new' }),
      ['security', 'pki', 'ca-profile', '@order'],
      order,
    );
    s.commit(t3, { user: 'u', via: 'api' });
    expect(chunkFiles(s).length - after.length).toBeLessThanOrEqual(2);
    expect(treesEqual(coldRead(dir, 3), t3)).toBe(true);
    expect(checkStore(s).problems).toEqual([]);
  });

  test('chunks no revision in the rollback window names are collected; rollback 1..49 stay readable', () => {
    const s = new Store(dir, { durable: false });
    let t = bigTree(500);
    for (let i = 0; i < 60; i++) {
      t = setAt(t, ['security', 'pki', 'ca-profile', `CA-${(i * 37) % 500}`, 'ca-identity'], `v${i}`);
      s.commit(t, { user: 'u', via: 'api' });
    }
    const used = new Set<string>();
    for (const f of readdirSync(join(s.configDir, 'revisions')))
      for (const l of readFileSync(join(s.configDir, 'revisions', f), 'utf8').split('\n'))
        if (/^[0-9a-f]{64}/.test(l)) used.add(l.split(' ')[0]);
    expect(new Set(chunkFiles(s).map((f) => f.slice(0, 64)))).toEqual(used);
    expect(readdirSync(join(s.configDir, 'revisions'))).toHaveLength(50);
    forgetParsedChunks();
    for (let k = 1; k <= 49; k++) expect(s.rollback(k)).toBeDefined();
    expect(checkStore(s)).toMatchObject({ problems: [], revisions: 50, unreferenced: 0 });
  });

  test('a missing or damaged chunk or manifest is found by reads and by store check', () => {
    const s = new Store(dir, { durable: false });
    s.commit(bigTree(300), { user: 'u', via: 'api' });
    s.commit(setAt(bigTree(300), ['system', 'host-name'], 'r2'), { user: 'u', via: 'api' });
    const lines = readFileSync(rev(s, '1.manifest'), 'utf8').split('\n');
    const victim = lines.filter((l) => / security pki ca-profile$/.test(l))[1].split(' ')[0];
    const file = join(s.configDir, 'chunks', `${victim}.conf`);
    const good = readFileSync(file, 'utf8');
    writeFileSync(file, good.replace('ident-', 'idemt-'));
    expect(() => coldRead(dir, 1)).toThrow(/chunk damaged/);
    expect(checkStore(s).problems).toEqual([
      `revision 1: chunk ${victim} is damaged (its SHA-256 does not match its name)`,
      `revision 2: chunk ${victim} is damaged (its SHA-256 does not match its name)`,
    ]);
    unlinkSync(file);
    expect(() => coldRead(dir, 2)).toThrow(/chunk missing/);
    expect(checkStore(s).problems[0]).toMatch(new RegExp(`revision 1: chunk ${victim} is missing`));
    writeFileSync(file, good);
    expect(checkStore(s).problems).toEqual([]);
    writeFileSync(
      rev(s, '2.manifest'),
      readFileSync(rev(s, '2.manifest'), 'utf8').replace(/^[0-9a-f]/m, '0'),
    );
    expect(checkStore(s).problems).toEqual([expect.stringMatching(/revision 2: .*checksum mismatch/)]);
    expect(() => coldRead(dir, 2)).toThrow(/checksum mismatch/);
  });

  test('parse(printCurly(T)) equals T through the store on generated trees', () => {
    const rt = defaultReftree();
    fc.assert(
      fc.property(treeArb(rt, { meta: true }), (t) => {
        const text = CURLY_CODEC.print(t);
        const back = CURLY_CODEC.parse(`${text}## pkicfg-store-format 2\n`, 'p.conf');
        if (!treesEqual(back, t)) throw new Error(`differs:\n${text}`);
      }),
      { numRuns: 60 },
    );
  });

  test('device samples round-trip through a store exactly', () => {
    const files = readdirSync('samples/devices').filter((f) => f.endsWith('.conf'));
    expect(files.length).toBeGreaterThanOrEqual(4);
    for (const f of files) {
      const tree = parseConfig(readFileSync(join('samples/devices', f), 'utf8'), f).value.tree;
      const state = join(dir, f);
      new Store(state, { durable: false }).commit(tree, { user: 'u', via: 'api' });
      expect([f, treesEqual(coldRead(state, 1), tree)]).toEqual([f, true]);
    }
  });

  test('crash leftovers (manifest above HEAD, chunks it alone named, temp files) are removed by recovery', () => {
    const s = new Store(dir, { durable: false });
    s.commit(bigTree(200), { user: 'u', via: 'api' });
    const kept = chunkFiles(s).sort();
    // a commit killed after its chunks and manifest, before HEAD
    const other = new Store(join(dir, 'other'), { durable: false });
    other.commit(setAt(bigTree(200), ['security', 'pki', 'ca-profile', 'CA-9', 'ca-identity'], 'x'), {
      user: 'u',
      via: 'api',
    });
    for (const f of chunkFiles(other))
      cpSync(join(other.configDir, 'chunks', f), join(s.configDir, 'chunks', f));
    cpSync(join(other.configDir, 'revisions', '1.manifest'), rev(s, '2.manifest'));
    writeFileSync(join(s.configDir, 'chunks', '.abc.conf.tmp-1-1'), 'half');
    expect(chunkFiles(s).length).toBe(kept.length + 1);
    expect(s.recover()).toBe(true);
    expect(chunkFiles(s).sort()).toEqual(kept);
    expect(readdirSync(join(s.configDir, 'chunks')).filter((f) => f.startsWith('.'))).toEqual([]);
    expect(readdirSync(join(s.configDir, 'revisions'))).toEqual(['1.manifest']);
  });
});

describe('curly layout of the previous code (format 2)', () => {
  const FIXTURE = join('test', 'fixtures', 'commit', 'curly-layout-store');

  test('is read in place, checked, and commits on it continue with chunks', async () => {
    cpSync(FIXTURE, dir, { recursive: true });
    const store = openStore(dir, { durable: false });
    expect(store.head()).toEqual({ format: 2, seq: 2 });
    expect(store.active()).toMatchObject({ system: { 'host-name': 'two-two' } });
    expect(coldRead(dir, 1)).toMatchObject({ system: { 'host-name': 'two-one' } });
    expect(checkStore(store)).toMatchObject({ problems: [], revisions: 2 });
    const s = Session.open({ store, language: defaultLanguage(), user: 'carol' }).value as Session;
    await s.applyCommands('set system host-name three', 'cli');
    expect((await s.commit()).value.ok).toBe(true);
    expect(store.head()).toMatchObject({ format: 3, seq: 3 });
    expect(existsSync(rev(store, '3.manifest'))).toBe(true);
    const fresh = new Store(dir);
    expect(fresh.rollback(1)).toMatchObject({ system: { 'host-name': 'two-two' } });
    expect(fresh.rollback(2)).toMatchObject({ system: { 'host-name': 'two-one' } });
    expect(checkStore(fresh)).toMatchObject({ problems: [], revisions: 3 });
    // a damaged old revision is reported too
    writeFileSync(rev(store, '1.conf'), 'security { pki {\n## pkicfg-store-format 2\n');
    expect(checkStore(fresh).problems).toEqual([expect.stringMatching(/^revision 1: .*damaged revision/)]);
  });
});

describe('old JSON layout', () => {
  const FIXTURE = join('test', 'fixtures', 'commit', 'old-layout-store');

  test('is read as it is, and commits on it continue in the curly layout', async () => {
    cpSync(FIXTURE, dir, { recursive: true });
    const store = openStore(dir, { durable: false });
    expect(store.head()).toEqual({ format: 1, seq: 2 });
    const two = store.active();
    // the JSON is the record of the old layout, not the side .conf
    expect(two).toEqual({
      system: { 'host-name': 'old-two', '@host-name': { annotation: '/* renamed */' } },
      security: { pki: { 'ca-profile': { '@order': ['B'], B: { 'ca-identity': 'b2' } } } },
    });
    expect(store.rollback(1)).toMatchObject({ system: { 'host-name': 'old-one' } });
    expect(store.history().map((r) => [r.seq, r.user])).toEqual([
      [2, 'bob'],
      [1, 'alice'],
    ]);

    const s = Session.open({ store, language: defaultLanguage(), user: 'carol' }).value as Session;
    await s.applyCommands('set system host-name new-three', 'cli');
    expect(s.compare().value).toBe(
      '[edit system]\n-   /* renamed */\n-   host-name old-two;\n+   /* renamed */\n+   host-name new-three;\n',
    );
    const c = await s.commit({ comment: 'after upgrade' });
    expect(c.value.messages).toEqual(['commit complete']);
    expect(store.head()).toMatchObject({ format: 3, seq: 3 });
    expect(existsSync(join(dir, 'config', 'revisions', '3.manifest'))).toBe(true);
    expect(existsSync(join(dir, 'config', 'revisions', '3.json'))).toBe(false);

    // a fresh reader: the new revision from its text, the old ones from their JSON
    const fresh = new Store(dir);
    expect(JSON.stringify(coldRead(dir, 3))).toContain('new-three');
    expect(fresh.rollback(1)).toEqual(two);
    expect(fresh.rollback(2)).toMatchObject({ system: { 'host-name': 'old-one' } });
    const back = Session.open({ store: fresh, language: defaultLanguage(), user: 'carol' }).value as Session;
    await back.rollback(2);
    expect((await back.commit()).value.ok).toBe(true);
    expect(treesEqual(coldRead(dir, 4), fresh.readSeq(1))).toBe(true);
  });
});
