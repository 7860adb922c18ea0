import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session, type Applier, type SessionOptions } from '../../../src/commit/session.js';
import { Store } from '../../../src/commit/store.js';
import type { Diagnostic } from '../../../src/diag/diagnostic.js';
import { testLanguage } from './test-language.js';

let dir: string;
let store: Store;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pkicfg-session-'));
  store = new Store(dir, { durable: false });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function open(extra: Partial<SessionOptions> = {}): Session {
  const r = Session.open({ store, language: testLanguage, user: 'admin', via: 'cli', ...extra });
  expect(r.diagnostics).toEqual([]);
  return r.value as Session;
}

const PKI = 'security pki ca-profile';

describe('Session (shared)', () => {
  test('set, compare, commit, history', async () => {
    const s = open();
    await s.applyCommands(`set ${PKI} ROOT ca-identity ROOT-CA`, '<shell:1>');
    expect(s.compare().value).toBe(
      '[edit]\n+  security {\n+      pki {\n+          ca-profile ROOT {\n+              ca-identity ROOT-CA;\n+          }\n+      }\n+  }\n',
    );
    const r = await s.commit({ comment: 'first' });
    expect(r.value.messages).toEqual(['commit complete']);
    expect(r.value.record?.seq).toBe(1);
    expect(r.value.changes.map((c) => c.op)).toEqual(['add']);
    expect(s.compare().value).toBe('');
    expect(s.history()).toMatch(/^0 {3}\S+ \S+ UTC by admin via cli\n {4}first\n$/);
  });

  test('a commit without changes is recorded like Junos: history entry and rollback revision', async () => {
    const s = open();
    await s.applyCommands(`set ${PKI} ROOT ca-identity ROOT-CA`, '<shell:1>');
    await s.commit();
    const before = store.active();
    const r = await s.commit();
    expect(r.value.messages).toEqual(['commit complete']);
    expect(r.value.changes).toEqual([]);
    expect(r.value.record?.seq).toBe(2);
    expect(store.head().seq).toBe(2);
    expect(store.history().map((h) => h.seq)).toEqual([2, 1]);
    expect(store.rollback(1)).toEqual(before);
    expect(store.rollback(0)).toEqual(before);
    const c = await s.commit({ comment: 'nothing changed' });
    expect(c.value.record).toMatchObject({ seq: 3, comment: 'nothing changed' });
    expect(s.history()).toMatch(/^0 {3}.* by admin via cli\n {4}nothing changed\n1 {3}.*\n2 {3}/);
    // commit check still writes nothing
    await s.commit({ check: true });
    expect(store.head().seq).toBe(3);
  });

  test('delete of an absent statement warns and changes nothing', async () => {
    const s = open();
    const r = await s.applyCommands(`delete ${PKI} NOPE`, '<shell:1>');
    expect(r.diagnostics.map((d) => d.message)).toEqual(['warning: statement not found']);
    expect(s.compare().value).toBe('');
  });

  test('failed commit prints Junos blocks and changes nothing', async () => {
    const s = open();
    await s.applyCommands(`set ${PKI} ROOT`, '<shell:1>');
    const r = await s.commit();
    expect(r.value.ok).toBe(false);
    expect(r.value.messages).toEqual([
      '[edit security pki]',
      "  'ca-profile ROOT'",
      "    Missing mandatory statement: 'ca-identity'",
      'error: commit failed: (statements constraint check failed)',
    ]);
    const c = await s.commit({ check: true });
    expect(c.value.messages[c.value.messages.length - 1]).toBe(
      'error: configuration check-out failed: (statements constraint check failed)',
    );
    expect(store.history()).toEqual([]);
    expect(s.compare().value).not.toBe('');
  });

  test('commit check writes nothing', async () => {
    const s = open();
    await s.applyCommands(`set ${PKI} ROOT ca-identity X`, '<shell:1>');
    const r = await s.commit({ check: true });
    expect(r.value.messages).toEqual(['configuration check succeeds']);
    expect(store.history()).toEqual([]);
    expect(store.active()).toEqual({});
  });

  test('rollback N loads into the candidate; rollback 0 discards; missing revision', async () => {
    const s = open();
    await s.applyCommands(`set ${PKI} A ca-identity 1`, 'x');
    await s.commit();
    await s.applyCommands(`set ${PKI} A ca-identity 2`, 'x');
    await s.commit();
    await s.applyCommands(`set ${PKI} A ca-identity 3`, 'x');
    expect((await s.rollback(0)).value?.message).toBe('load complete');
    expect(s.compare().value).toBe('');
    await s.rollback(1);
    expect(s.compare().value).toBe(
      '[edit security pki ca-profile A]\n-     ca-identity 2;\n+     ca-identity 1;\n',
    );
    expect(s.compare({ rollback: 1 }).value).toBe('');
    const bad = await s.rollback(7);
    expect(bad.diagnostics[0]).toMatchObject({
      code: 'ROLLBACK_NOT_FOUND',
      message: 'rollback 7 does not exist',
    });
    expect((await s.rollback(50)).diagnostics[0].code).toBe('ROLLBACK_NOT_FOUND');
  });

  test('the shared candidate is shared between sessions', async () => {
    const a = open();
    const b = open({ user: 'bob' });
    await a.applyCommands(`set ${PKI} A ca-identity 1`, 'x');
    await b.applyCommands(`set ${PKI} B ca-identity 2`, 'x');
    const r = await b.commit();
    expect(r.value.ok).toBe(true);
    expect(Object.keys((store.active() as never)['security']['pki']['ca-profile'])).toEqual([
      '@order',
      'A',
      'B',
    ]);
    expect(a.compare().value).toBe('');
  });

  test('load merge / override / set / patch, with errors counted', async () => {
    const s = open();
    const base = { security: { pki: { 'ca-profile': { '@order': ['A'], A: { 'ca-identity': 'a' } } } } };
    expect((await s.load('override', JSON.stringify(base), 'f.json')).value.message).toBe('load complete');
    await s.commit();
    const more = { security: { pki: { 'ca-profile': { '@order': ['B'], B: { 'ca-identity': 'b' } } } } };
    await s.load('merge', JSON.stringify(more), 'g.json');
    expect(s.compare().value).toContain('+    ca-profile B {');
    await s.load('override', JSON.stringify(more), 'g.json');
    expect(s.compare().value).toContain('-    ca-profile A {');
    const bad = await s.load(
      'set',
      `set ${PKI} C ca-identity c\nfrobnicate x\nset ${PKI} D ca-identity d`,
      'h.set',
    );
    expect(bad.value).toEqual({ errors: 1, message: 'load complete (1 errors)' });
    expect(s.loadHadErrors).toBe(true);
    expect(s.compare().value).toContain('ca-profile D');
  });

  test('load relative puts statements below the edit level', async () => {
    const s = open();
    s.editPath = ['security', 'pki', 'ca-profile', 'A'];
    await s.load('merge', JSON.stringify({ 'ca-identity': 'x' }), 'f.json', { relative: true });
    expect(s.candidate()).toEqual({
      security: { pki: { 'ca-profile': { '@order': ['A'], A: { 'ca-identity': 'x' } } } },
    });
  });

  test('commit confirmed: message, pending in history, confirmed by commit check', async () => {
    let now = 1_700_000_000_000;
    store = new Store(dir, { durable: false, clock: () => now });
    const s = open();
    await s.applyCommands(`set ${PKI} A ca-identity 1`, 'x');
    await s.commit();
    await s.applyCommands(`set ${PKI} A ca-identity 2`, 'x');
    const r = await s.commit({ confirmed: 5 });
    expect(r.value.messages).toEqual([
      'commit confirmed will be automatically rolled back in 5 minutes unless confirmed',
      'commit complete',
    ]);
    expect(s.history()).toContain('by admin via cli commit confirmed, rollback in 5mins');
    now += 60_000;
    await s.commit({ check: true });
    expect(store.head().pending).toBeUndefined();
    now += 10 * 60_000;
    expect((await s.commit()).value.autoRollback).toBeUndefined();
    expect(store.active()).toMatchObject({
      security: { pki: { 'ca-profile': { A: { 'ca-identity': '2' } } } },
    });
  });

  test('unconfirmed commit is rolled back by the next writer', async () => {
    let now = 0;
    store = new Store(dir, { durable: false, clock: () => now });
    const s = open();
    await s.applyCommands(`set ${PKI} A ca-identity 1`, 'x');
    await s.commit();
    await s.applyCommands(`set ${PKI} A ca-identity 2`, 'x');
    await s.commit({ confirmed: 1 });
    now = 2 * 60_000;
    await s.applyCommands(`set ${PKI} B ca-identity 3`, 'x');
    const r = await s.commit();
    expect(store.history()[1]).toMatchObject({ user: 'root', via: 'other' });
    expect(store.active()).toMatchObject({
      security: { pki: { 'ca-profile': { A: { 'ca-identity': '1' } } } },
    });
    expect(r.value.ok).toBe(true);
  });

  test('confirmed minutes range', async () => {
    const s = open();
    expect((await s.commit({ confirmed: 0 })).value.messages).toEqual([
      'error: Value 0 is not within range (1..65535)',
    ]);
    expect((await s.commit({ confirmed: 65536 })).value.ok).toBe(false);
  });
});

describe('configure exclusive / private', () => {
  test('exclusive holds the lock; others are refused with the lock message', async () => {
    const ex = open({ mode: 'exclusive', user: 'netadmin', terminal: 'p0' });
    const other = open({ user: 'bob' });
    const r = await other.applyCommands(`set ${PKI} A ca-identity 1`, 'x');
    expect(r.diagnostics[0].code).toBe('COMMIT_LOCKED');
    expect(r.diagnostics[0].message).toMatch(
      /^error: configuration database locked by:\n {2}netadmin terminal p0 \(pid \d+\)/,
    );
    expect((await other.commit()).value.messages[0]).toMatch(/^error: configuration database locked by:\n/);
    const again = Session.open({ store, language: testLanguage, mode: 'exclusive' });
    expect(again.diagnostics[0].code).toBe('COMMIT_LOCKED');
    await ex.applyCommands(`set ${PKI} A ca-identity 1`, 'x');
    expect((await ex.commit()).value.ok).toBe(true);
    await ex.applyCommands(`set ${PKI} B ca-identity 2`, 'x');
    ex.close();
    expect(open().compare().value).toBe('');
  });

  test('an exclusive session that died without closing leaves its edits to nobody', async () => {
    const ex = open({ mode: 'exclusive', user: 'netadmin', terminal: 'p0' });
    await ex.applyCommands(`set ${PKI} STRAY ca-identity 1`, 'x');
    expect(open({ user: 'bob' }).isModified()).toBe(true); // visible while the session lives, as in Junos
    // the session's process is gone (SIGKILL): its lock names a dead pid
    const lockFile = join(dir, 'config', 'lock');
    const owner = JSON.parse(readFileSync(lockFile, 'utf8')) as { pid: number };
    writeFileSync(lockFile, JSON.stringify({ ...owner, pid: 2 ** 22 + 17 }));
    const next = open({ user: 'bob' });
    expect(next.isModified()).toBe(false);
    expect(next.compare().value).toBe('');
    await next.applyCommands(`set ${PKI} B ca-identity 2`, 'x');
    const c = await next.commit();
    expect(c.value.ok).toBe(true);
    expect(JSON.stringify(store.active())).not.toContain('STRAY');
    expect(JSON.stringify(store.active())).toContain('"B"');
  });

  test("a shared session's uncommitted edits outlive it (Junos keeps the shared candidate)", async () => {
    const s = open();
    await s.applyCommands(`set ${PKI} KEEP ca-identity 1`, 'x');
    s.close();
    expect(open({ user: 'bob' }).isModified()).toBe(true);
  });

  test('exclusive and private refused while the shared candidate is modified', async () => {
    const s = open();
    await s.applyCommands(`set ${PKI} A ca-identity 1`, 'x');
    expect(Session.open({ store, language: testLanguage, mode: 'exclusive' }).diagnostics[0].message).toBe(
      'error: configuration database modified',
    );
    expect(Session.open({ store, language: testLanguage, mode: 'private' }).diagnostics[0].message).toBe(
      'error: shared configuration database modified',
    );
  });

  test('private candidates merge at commit; conflicting edits are reported', async () => {
    const a = open({ mode: 'private', user: 'alice' });
    const b = open({ mode: 'private', user: 'bob' });
    await a.applyCommands(`set ${PKI} A ca-identity 1`, 'x');
    await b.applyCommands(`set ${PKI} B ca-identity 2`, 'x');
    expect(open().compare().value).toBe('');
    expect((await a.commit()).value.ok).toBe(true);
    expect((await b.commit()).value.ok).toBe(true);
    expect(store.active()).toMatchObject({ security: { pki: { 'ca-profile': { A: {}, B: {} } } } });
    const c = open({ mode: 'private', user: 'carol' });
    const d = open({ mode: 'private', user: 'dave' });
    await c.applyCommands(`set ${PKI} A ca-identity c`, 'x');
    await d.applyCommands(`set ${PKI} A ca-identity d`, 'x');
    expect((await c.commit()).value.ok).toBe(true);
    const r = await d.commit();
    expect(r.value.ok).toBe(false);
    expect(r.diagnostics[0]).toMatchObject({
      code: 'COMMIT_CONFLICT',
      path: ['security', 'pki', 'ca-profile', 'A'],
    });
    expect(store.active()).toMatchObject({
      security: { pki: { 'ca-profile': { A: { 'ca-identity': 'c' } } } },
    });
    expect((await d.commit({ confirmed: 3 })).value.messages[0]).toContain('not allowed in private mode');
  });
});

describe('appliers', () => {
  const calls: string[] = [];
  const mk = (name: string, fail?: 'check' | 'prepare' | 'apply'): Applier => {
    const err = (phase: string): Diagnostic[] =>
      fail === phase
        ? [{ code: 'INTERNAL', severity: 'error', stage: 'enroll', message: `${name} refuses` }]
        : [];
    return {
      name,
      check: (ctx) => (calls.push(`${name}.check:${ctx.changes.length}`), err('check')),
      prepare: () => (calls.push(`${name}.prepare`), err('prepare')),
      abort: () => void calls.push(`${name}.abort`),
      apply: () => (calls.push(`${name}.apply`), err('apply')),
    };
  };
  beforeEach(() => calls.splice(0));

  test('check -> prepare -> commit -> apply', async () => {
    const s = open({ appliers: [mk('x'), mk('y')] });
    await s.applyCommands(`set ${PKI} A ca-identity 1`, 'x');
    expect((await s.commit()).value.ok).toBe(true);
    expect(calls).toEqual(['x.check:1', 'y.check:1', 'x.prepare', 'y.prepare', 'x.apply', 'y.apply']);
  });
  test('prepare failure aborts the prepared ones and writes nothing', async () => {
    const s = open({ appliers: [mk('x'), mk('y', 'prepare')] });
    await s.applyCommands(`set ${PKI} A ca-identity 1`, 'x');
    const r = await s.commit();
    expect(r.value.ok).toBe(false);
    expect(r.value.messages).toEqual(['error: y refuses', 'error: commit failed']);
    expect(calls).toEqual(['x.check:1', 'y.check:1', 'x.prepare', 'y.prepare', 'x.abort', 'y.abort']);
    expect(store.history()).toEqual([]);
  });
  test('apply errors become warnings', async () => {
    const s = open({ appliers: [mk('x', 'apply')] });
    await s.applyCommands(`set ${PKI} A ca-identity 1`, 'x');
    const r = await s.commit();
    expect(r.value.ok).toBe(true);
    expect(r.value.messages).toEqual(['warning: x refuses', 'commit complete']);
  });
  test('commit check aborts after prepare', async () => {
    const s = open({ appliers: [mk('x')] });
    await s.applyCommands(`set ${PKI} A ca-identity 1`, 'x');
    await s.commit({ check: true });
    expect(calls).toEqual(['x.check:1', 'x.prepare', 'x.abort']);
  });
});

describe('load replace (real parser)', () => {
  test('replace: replaces the tagged statement; merge ignores the tag', async () => {
    const { defaultLanguage } = await import('../../../src/commit/default-language.js');
    const lang = defaultLanguage();
    const s = Session.open({ store, language: lang, user: 'admin' }).value as Session;
    await s.load(
      'merge',
      'security { pki { ca-profile A { ca-identity A; enrollment { url http://a/; retry 5; } } } }',
      'base.conf',
    );
    await s.commit();
    const incoming = 'security { pki { ca-profile A { replace: enrollment { url http://b/; } } } }';
    await s.load('replace', incoming, 'r.conf');
    expect(s.compare().value).toBe(
      '[edit security pki ca-profile A enrollment]\n-      url http://a/;\n+      url http://b/;\n-      retry 5;\n',
    );
    await s.rollback(0);
    await s.load('merge', incoming, 'r.conf');
    expect(s.compare().value).toBe(
      '[edit security pki ca-profile A enrollment]\n-      url http://a/;\n+      url http://b/;\n',
    );
    expect(JSON.stringify(s.candidate())).not.toContain('replace');
  });
});

test('enforceDeadline rolls back an unconfirmed commit (shell timer)', async () => {
  let now = 0;
  store = new Store(dir, { durable: false, clock: () => now });
  const s = Session.open({ store, language: testLanguage, user: 'admin' }).value as Session;
  await s.applyCommands('set security pki ca-profile A ca-identity 1', 'x');
  await s.commit();
  await s.applyCommands('set security pki ca-profile A ca-identity 2', 'x');
  await s.commit({ confirmed: 2 });
  expect(await s.enforceDeadline()).toBeUndefined();
  now = 3 * 60_000;
  const auto = await s.enforceDeadline();
  expect(auto?.record).toMatchObject({ user: 'root', via: 'other' });
  expect(store.active()).toMatchObject({
    security: { pki: { 'ca-profile': { A: { 'ca-identity': '1' } } } },
  });
});
