/**
 * The store's copy of record is curly text (revisions/<seq>.conf, footer
 * `## pkicfg-store-format 2`), read back exactly with the project's parser; the
 * JSON beside it is a cache that is only used while it matches that file.
 * Stores of the old JSON layout (HEAD format 1, revisions/<seq>.json) are
 * still read, and new commits on them use the curly layout.
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
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CURLY_CODEC } from '../../../src/commit/config-codec.js';
import { defaultLanguage } from '../../../src/commit/default-language.js';
import { Session } from '../../../src/commit/session.js';
import { openStore, Store } from '../../../src/commit/store.js';
import { defaultReftree } from '../../../src/reftree/reftree.js';
import { parseConfig } from '../../../src/syntax/parse-config.js';
import { printCurly } from '../../../src/syntax/print-curly.js';
import type { ConfigTree } from '../../../src/tree/config-tree.js';
import { treesEqual } from '../../../src/tree/tree-ops.js';
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
  return new Store(stateDir, { durable: false }).readSeq(seq);
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

describe('curly layout', () => {
  test('a revision is the curly text with a format footer; no JSON record is written', () => {
    const tree = parseConfig(SAMPLE, 's.conf').value.tree;
    const s = new Store(dir, { durable: false });
    s.commit(tree, { user: 'u', via: 'api' });
    expect(readFileSync(rev(s, '1.conf'), 'utf8')).toBe(`${printCurly(tree)}## pkicfg-store-format 2\n`);
    expect(readFileSync(rev(s, '1.conf'), 'utf8')).toContain('inactive: ca-profile A {');
    expect(existsSync(rev(s, '1.json'))).toBe(false);
    expect(JSON.parse(readFileSync(join(s.configDir, 'HEAD'), 'utf8'))).toMatchObject({ format: 2, seq: 1 });
    // order, metadata, the unmodelled route and the $9$ secret come back exactly
    expect(treesEqual(coldRead(dir, 1), tree)).toBe(true);
    expect(treesEqual(new Store(dir).readSeq(1), tree)).toBe(true); // through the cache written by coldRead
  });

  test('the curly text is authoritative: a cache that does not match it is ignored', async () => {
    const s = new Store(dir, { durable: false });
    const tree = parseConfig(SAMPLE, 's.conf').value.tree;
    s.commit(tree, { user: 'u', via: 'api' });
    // the cache is written after the commit returns
    expect(existsSync(rev(s, '1.cache.json'))).toBe(false);
    await new Promise((r) => setImmediate(r));
    expect(existsSync(rev(s, '1.cache.json'))).toBe(true);
    // someone edits the record by hand: readers follow the text, not the cache
    writeFileSync(
      rev(s, '1.conf'),
      readFileSync(rev(s, '1.conf'), 'utf8').replace('host-name r1', 'host-name r9'),
    );
    expect(JSON.stringify(new Store(dir).active())).toContain('"r9"');
    // a damaged cache is not trusted either
    writeFileSync(rev(s, '1.cache.json'), 'garbage');
    expect(JSON.stringify(new Store(dir).active())).toContain('"r9"');
  });

  test('a damaged record is an internal error, not an empty configuration', () => {
    const s = new Store(dir, { durable: false });
    s.commit(parseConfig(SAMPLE, 's.conf').value.tree, { user: 'u', via: 'api' });
    writeFileSync(rev(s, '1.conf'), 'security { pki {\n## pkicfg-store-format 2\n');
    expect(() => new Store(dir).active()).toThrow(/damaged revision/);
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

  test('crash leftovers of the new files (conf, cache, temp) above HEAD are removed by recovery', () => {
    const s = new Store(dir, { durable: false });
    s.commit(parseConfig(SAMPLE, 's.conf').value.tree, { user: 'u', via: 'api' });
    writeFileSync(rev(s, '2.conf'), 'half');
    writeFileSync(rev(s, '2.cache.json'), 'half');
    writeFileSync(rev(s, '.2.conf.tmp-1-1'), 'half');
    s.flushCaches();
    expect(s.recover()).toBe(true);
    expect(readdirSync(join(s.configDir, 'revisions')).sort()).toEqual(['1.cache.json', '1.conf']);
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
    expect(store.head()).toMatchObject({ format: 2, seq: 3 });
    expect(existsSync(join(dir, 'config', 'revisions', '3.conf'))).toBe(true);
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
