import {
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  appendFileSync,
} from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, Store } from '../../../src/commit/store.js';
import { resolveStateDir } from '../../../src/commit/state-dir.js';
import { acquireLock, formatLockedMessage } from '../../../src/commit/lock.js';
import { renderHistory } from '../../../src/commit/render-commit.js';
import type { ConfigTree } from '../../../src/tree/config-tree.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pkicfg-store-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const T = (id: string): ConfigTree => ({
  security: { pki: { 'ca-profile': { '@order': ['A'], A: { 'ca-identity': id } } } },
});

describe('resolveStateDir', () => {
  test('flag > PKICFG_STATE > XDG_STATE_HOME > ~/.local/state', () => {
    expect(resolveStateDir({ flag: '/x', env: { PKICFG_STATE: '/y' } })).toBe('/x');
    expect(resolveStateDir({ env: { PKICFG_STATE: '/y', XDG_STATE_HOME: '/z' } })).toBe('/y');
    expect(resolveStateDir({ env: { XDG_STATE_HOME: '/z' } })).toBe('/z/pkicfg');
    expect(resolveStateDir({ env: { HOME: '/h' } })).toBe('/h/.local/state/pkicfg');
  });
  test('state dir is created 0700', () => {
    const s = openStore(join(dir, 'st'));
    expect(statSync(s.stateDir).mode & 0o777).toBe(0o700);
    expect(statSync(s.configDir).mode & 0o777).toBe(0o700);
  });
});

describe('Store', () => {
  test('empty store: active is empty, no history', () => {
    const s = openStore(dir);
    expect(s.active()).toEqual({});
    expect(s.history()).toEqual([]);
    expect(s.rollback(1)).toBeUndefined();
  });

  test('commits rotate rollbacks and record history', () => {
    const s = new Store(dir, { durable: false, clock: () => Date.UTC(2026, 0, 2, 3, 4, 5) });
    for (let i = 1; i <= 3; i++) s.commit(T(`id${i}`), { user: 'alice', via: 'cli', comment: `c${i}` });
    expect(s.active()).toEqual(T('id3'));
    expect(s.rollback(0)).toEqual(T('id3'));
    expect(s.rollback(2)).toEqual(T('id1'));
    expect(s.rollback(3)).toBeUndefined();
    expect(s.history().map((r) => r.comment)).toEqual(['c3', 'c2', 'c1']);
    expect(renderHistory(s.history())).toBe(
      [
        '0   2026-01-02 03:04:05 UTC by alice via cli',
        '    c3',
        '1   2026-01-02 03:04:05 UTC by alice via cli',
        '    c2',
        '2   2026-01-02 03:04:05 UTC by alice via cli',
        '    c1',
        '',
      ].join('\n'),
    );
  });

  test('keeps rollback 1..49 only', () => {
    const s = new Store(dir, { durable: false });
    for (let i = 1; i <= 60; i++) s.commit(T(`id${i}`), { user: 'u', via: 'api' });
    expect(s.rollback(49)).toEqual(T('id11'));
    expect(s.rollback(50)).toBeUndefined();
    expect(s.history().length).toBe(60);
  });

  test('recover discards a half-done commit (revision and history line above HEAD, torn line)', () => {
    const s = new Store(dir, { durable: false });
    s.commit(T('one'), { user: 'u', via: 'api' });
    writeFileSync(join(s.configDir, 'revisions', '2.json'), 'garbage');
    writeFileSync(join(s.configDir, 'revisions', '2.conf'), 'garbage');
    appendFileSync(
      join(s.configDir, 'history.jsonl'),
      '{"seq":2,"time":1,"user":"u","via":"api"}\n{"seq":3,"ti',
    );
    expect(s.history().length).toBe(1);
    expect(s.recover()).toBe(true);
    expect(readFileSync(join(s.configDir, 'history.jsonl'), 'utf8').trim().split('\n')).toHaveLength(1);
    expect(s.recover()).toBe(false);
    s.commit(T('two'), { user: 'u', via: 'api' });
    expect(s.active()).toEqual(T('two'));
    expect(s.history().map((r) => r.seq)).toEqual([2, 1]);
  });

  test('stored files carry a version footer: manifests format 3, the JSON candidate format 1', () => {
    const s = new Store(dir, { durable: false });
    s.commit(T('one'), { user: 'u', via: 'api' });
    expect(readFileSync(join(s.configDir, 'revisions', '1.manifest'), 'utf8')).toMatch(
      /\n## pkicfg-store-format 3\n$/,
    );
    expect(s.revisionText(1)).toMatch(/^security \{\n/);
    s.writeSharedCandidate(T('two'), 1);
    expect(readFileSync(join(s.configDir, 'candidate.json'), 'utf8')).toMatch(/## pkicfg-store-format 1\n$/);
    expect(existsSync(join(s.configDir, 'revisions', '2.conf'))).toBe(false);
  });

  test('commit confirmed deadline survives restart and is enforced on open', () => {
    let now = 1_000_000;
    const s = new Store(dir, { durable: false, clock: () => now });
    s.commit(T('one'), { user: 'u', via: 'cli' });
    s.commit(T('two'), { user: 'u', via: 'cli', confirmedMinutes: 1 });
    expect(s.head().pending?.deadline).toBe(now + 60_000);
    now += 30_000;
    expect(openStore(dir, { clock: () => now }).active()).toEqual(T('two'));
    now += 31_000;
    const s2 = openStore(dir, { clock: () => now });
    expect(s2.active()).toEqual(T('one'));
    expect(s2.head().pending).toBeUndefined();
    const h = s2.history();
    expect(h[0]).toMatchObject({ user: 'root', via: 'other' });
    expect(renderHistory(h)).toContain('by root via other');
  });

  test('confirm() clears the pending deadline', () => {
    let now = 0;
    const s = new Store(dir, { durable: false, clock: () => now });
    s.commit(T('one'), { user: 'u', via: 'cli', confirmedMinutes: 10 });
    expect(s.confirm()).toBe(true);
    now = 11 * 60_000;
    expect(openStore(dir, { clock: () => now }).active()).toEqual(T('one'));
  });
});

describe('lock', () => {
  test('second locker is refused with Junos wording; stale lock is broken', () => {
    const s = new Store(dir, { durable: false });
    const a = s.lock({ user: 'netadmin', mode: 'exclusive', terminal: 'p0' });
    expect(a.ok).toBe(true);
    const b = s.lock({ user: 'bob' });
    expect(b.ok).toBe(false);
    if (!b.ok) {
      const msg = formatLockedMessage(b.holder, b.holder.since + 72_000);
      expect(msg).toMatch(
        /^error: configuration database locked by:\n {2}netadmin terminal p0 \(pid \d+\) on since .* UTC, idle 00:01:12\n {6}exclusive \[edit\]$/,
      );
    }
    if (a.ok) a.lock.release();
    expect(s.lock({}).ok).toBe(true);
  });
  test('a lock of a dead process is stale', () => {
    const file = join(dir, 'lock');
    writeFileSync(
      file,
      JSON.stringify({
        user: 'x',
        pid: 999_999_999,
        host: hostname(),
        since: 0,
        mode: 'commit',
        terminal: 't',
        editPath: [],
        token: 'dead',
      }),
    );
    const r = acquireLock(file, {});
    expect(r.ok).toBe(true);
  });
});
