import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { run } from '../../../src/cli/run.js';
import { Store } from '../../../src/commit/store.js';
import { showConfigurationCli } from '../../../src/op/show-configuration.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pkicfg-cli-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function io(): {
  stdout: PassThrough;
  stderr: PassThrough;
  out: () => string;
  err: () => string;
  env: NodeJS.ProcessEnv;
  stdin: PassThrough;
} {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let o = '';
  let e = '';
  stdout.on('data', (d: Buffer) => (o += d.toString()));
  stderr.on('data', (d: Buffer) => (e += d.toString()));
  return {
    stdout,
    stderr,
    stdin: new PassThrough(),
    env: { PKICFG_STATE: join(dir, 'state'), USER: 'admin' },
    out: () => o,
    err: () => e,
  };
}

async function pk(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const i = io();
  const code = await run(argv, i);
  await new Promise((r) => setImmediate(r));
  return { code, out: i.out(), err: i.err() };
}

function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

const GOOD = `set security pki ca-profile ROOT ca-identity ROOT-CA
set security pki ca-profile ROOT enrollment url http://ca.example.com/scep
`;

describe('pkicfg load/commit/compare/rollback/history', () => {
  test('load set, compare, commit, history, show configuration', async () => {
    expect(await pk('load', 'set', file('a.set', GOOD))).toEqual({
      code: 0,
      out: 'load complete\n',
      err: '',
    });
    const cmp = await pk('compare');
    expect(cmp.out).toContain('[edit]\n+  security {');
    expect(await pk('commit', '--comment', 'first')).toEqual({ code: 0, out: 'commit complete\n', err: '' });
    expect((await pk('compare')).out).toBe('');
    const h = await pk('history');
    expect(h.out).toMatch(/^0 {3}\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC by admin via cli\n {4}first\n$/);
    const i = io();
    expect(await showConfigurationCli(['security', 'pki', '--display', 'set'], i)).toBe(0);
    await new Promise((r) => setImmediate(r));
    expect(i.out()).toBe(
      'set security pki ca-profile ROOT ca-identity ROOT-CA\nset security pki ca-profile ROOT enrollment url http://ca.example.com/scep\n',
    );
    const j = io();
    await showConfigurationCli([], j);
    await new Promise((r) => setImmediate(r));
    expect(j.out()).toMatch(/^## Last commit: .* UTC by admin\nsecurity \{\n {4}pki \{\n/);
  });

  test('load --commit in one step; revisions are readable curly files', async () => {
    expect((await pk('load', 'merge', file('a.set', GOOD), '--commit')).out).toBe(
      'load complete\ncommit complete\n',
    );
    const store = new Store(join(dir, 'state'));
    expect(store.active()).toMatchObject({
      security: { pki: { 'ca-profile': { ROOT: { 'ca-identity': 'ROOT-CA' } } } },
    });
    // the manifest names the chunks whose concatenation is the curly text
    expect(store.revisionText(1)).toBe(
      'security {\n    pki {\n        ca-profile ROOT {\n            ca-identity ROOT-CA;\n            enrollment {\n                url http://ca.example.com/scep;\n            }\n        }\n    }\n}\n',
    );
    expect(existsSync(join(dir, 'state', 'config', 'revisions', '1.manifest'))).toBe(true);
  });

  test('a load with errors keeps what parsed, reports file:line:col, and --commit refuses', async () => {
    const f = file('bad.set', `${GOOD}frobnicate now\n`);
    const r = await pk('load', 'set', f, '--commit');
    expect(r.code).toBe(1);
    expect(r.out).toBe('load complete (1 errors)\n');
    expect(r.err).toContain(`${f}:3:1: error:`);
    expect(r.err).toContain('not committing');
    expect((await pk('compare')).out).toContain('ca-profile ROOT');
    expect((await pk('history')).out).toBe('');
  });

  test('a warning from a load is rendered once as warning: (no double prefix)', async () => {
    const f = file('w.set', `${GOOD}delete security pki ca-profile NOPE\n`);
    const r = await pk('load', 'set', f);
    expect(r.code).toBe(0);
    expect(r.out).toBe('load complete\n');
    expect(r.err).toContain(`${f}:3:1: warning: statement not found`);
    expect(r.err).not.toContain('warning: warning:');
  });

  test('load merge --relative reads curly text at the edit level (entries appended, errors at file:line:col)', async () => {
    await pk('load', 'set', file('a.set', GOOD), '--commit');
    const f = file('rel.conf', 'ca-profile RC {\n    ca-identity RC;\n    bogus 1;\n}\n');
    const r = await pk('load', 'merge', f, '--relative', 'security pki');
    expect(r.out).toBe('load complete (1 errors)\n');
    expect(r.err).toContain(`${f}:3:5: error:`);
    expect((await pk('compare')).out).toBe(
      '[edit security pki]\n     ca-profile ROOT { ... }\n+    ca-profile RC {\n+        ca-identity RC;\n+    }\n',
    );
  });

  test('commit --comment without changes records the comment (blank commit)', async () => {
    await pk('load', 'set', file('a.set', GOOD), '--commit');
    expect((await pk('commit', '--comment', 'CR-42')).out).toBe('commit complete\n');
    const h = (await pk('history')).out;
    expect(h).toMatch(/^0 {3}.* by admin via cli\n {4}CR-42\n1 {3}/);
  });

  test('commit without changes and without comment is recorded too (history, rollback 1)', async () => {
    await pk('load', 'set', file('a.set', GOOD), '--commit');
    expect(await pk('commit')).toEqual({ code: 0, out: 'commit complete\n', err: '' });
    const h = (await pk('history')).out;
    expect(h).toMatch(/^0 {3}.* by admin via cli\n1 {3}.* by admin via cli\n$/);
    expect((await pk('compare', '--rollback', '1')).out).toBe('');
    expect(new Store(join(dir, 'state')).head().seq).toBe(2);
  });

  test('compare PATH shows the part of an added hierarchy below PATH', async () => {
    await pk('load', 'set', file('a.set', GOOD));
    expect((await pk('compare', 'security', 'pki')).out).toBe(
      '[edit security]\n+   pki {\n+       ca-profile ROOT {\n+           ca-identity ROOT-CA;\n+           enrollment {\n+               url http://ca.example.com/scep;\n+           }\n+       }\n+   }\n',
    );
    expect((await pk('compare', 'security', 'pki', 'ca-profile', 'ROOT', 'ca-identity')).out).toBe(
      '[edit security pki ca-profile ROOT]\n+     ca-identity ROOT-CA;\n',
    );
    expect((await pk('compare', 'security', 'ike')).out).toBe('');
  });

  test('failed commit: Junos blocks, exit 1, nothing written; commit check', async () => {
    await pk('load', 'set', file('a.set', 'set security pki ca-profile ROOT enrollment url http://x/\n'));
    const r = await pk('commit');
    expect(r.code).toBe(1);
    expect(r.err).toContain("[edit security pki]\n  'ca-profile ROOT'\n");
    expect(r.err).toMatch(
      /error: (commit failed|configuration check-out failed): \(missing mandatory statements\)\n$/,
    );
    const c = await pk('commit', '--check');
    expect(c.code).toBe(1);
    expect((await pk('history')).out).toBe('');
  });

  test('rollback N, rollback --commit, compare --rollback, missing revision', async () => {
    await pk('load', 'set', file('a.set', GOOD), '--commit');
    await pk(
      'load',
      'set',
      file('b.set', 'set security pki ca-profile ROOT ca-identity OTHER\n'),
      '--commit',
    );
    expect((await pk('compare', '--rollback', '1')).out).toBe(
      '[edit security pki ca-profile ROOT]\n-     ca-identity ROOT-CA;\n+     ca-identity OTHER;\n',
    );
    expect(await pk('rollback', '1')).toEqual({ code: 0, out: 'load complete\n', err: '' });
    expect((await pk('compare')).out).toContain('+     ca-identity ROOT-CA;');
    expect((await pk('rollback', '0')).out).toBe('load complete\n');
    expect((await pk('compare')).out).toBe('');
    expect((await pk('rollback', '1', '--commit')).out).toBe('load complete\ncommit complete\n');
    expect((await pk('history')).out.split('\n').filter((l) => /^\d/.test(l))).toHaveLength(3);
    expect(await pk('rollback', '9')).toEqual({
      code: 1,
      out: '',
      err: 'error: rollback 9 does not exist\n',
    });
  });

  test('commit confirmed prints the Junos notice and shows in history', async () => {
    await pk('load', 'set', file('a.set', GOOD));
    const r = await pk('commit', '--confirmed', '5');
    expect(r.out).toBe(
      'commit confirmed will be automatically rolled back in 5 minutes unless confirmed\ncommit complete\n',
    );
    expect((await pk('history')).out).toContain('commit confirmed, rollback in 5mins');
    expect((await pk('commit', '--check')).out).toBe('configuration check succeeds\n');
    // Junos's commit log keeps the note once the commit is confirmed (junos-cli.md §5.4)
    expect((await pk('history')).out).toMatch(/^0 {3}.* via cli commit confirmed, rollback in 5mins\n/m);
  });

  test('usage errors exit 2', async () => {
    expect((await pk('load', 'sideways', 'x')).code).toBe(2);
    expect((await pk('load', 'merge', join(dir, 'missing.conf'))).code).toBe(2);
    expect((await pk('commit', '--confirmed', 'soon')).code).toBe(2);
    expect((await pk('rollback', 'x')).code).toBe(2);
    expect(await pk('rollback', '50')).toMatchObject({
      code: 2,
      err: expect.stringContaining('Value 50 is not within range (0..49)'),
    });
    expect((await pk('compare', '--rollback', '50')).code).toBe(2);
    expect((await pk('compare', '--rollback', 'x')).code).toBe(2);
  });

  test('a held lock refuses with the Junos lock message (exit 3)', async () => {
    const store = new Store(join(dir, 'state'));
    const l = store.lock({ user: 'netadmin', mode: 'exclusive', terminal: 'p0' });
    const r = await pk('load', 'set', file('a.set', GOOD));
    expect(r.code).toBe(3);
    expect(r.err).toMatch(
      /^error: configuration database locked by:\n {2}netadmin terminal p0 \(pid \d+\) on since/,
    );
    if (l.ok) l.lock.release();
  });

  test('every command that takes the lock exits 3 when it is held, 1 stays for configuration errors', async () => {
    expect((await pk('load', 'set', file('a.set', GOOD))).code).toBe(0);
    const store = new Store(join(dir, 'state'));
    const l = store.lock({ user: 'netadmin', mode: 'exclusive', terminal: 'p0' });
    try {
      const locked = /^error: configuration database locked by:$/m;
      for (const argv of [
        ['commit'],
        ['commit', '--check'],
        [
          'load',
          'merge',
          file('b.conf', 'security { pki { ca-profile B { ca-identity B; } } }\n'),
          '--commit',
        ],
        ['rollback', '0'],
        ['rollback', '0', '--commit'],
        ['shell', '-c', 'configure; set security pki ca-profile X ca-identity X; commit'],
        ['shell', '-c', 'configure exclusive; set security pki ca-profile X ca-identity X'],
      ]) {
        const r = await pk(...argv);
        expect({ argv, code: r.code }).toEqual({ argv, code: 3 });
        expect(r.err).toMatch(locked);
      }
    } finally {
      if (l.ok) l.lock.release();
    }
    // the same commands without the lock held: a configuration error is still 1
    expect((await pk('load', 'set', file('bad.set', 'set security pki ca-profile\n'), '--commit')).code).toBe(
      1,
    );
    expect((await pk('shell', '-c', 'configure; set security nonsense')).code).toBe(1);
  });

  test('--wait SECONDS waits with a bound, then refuses with exit 3; PKICFG_WAIT is its default', async () => {
    const store = new Store(join(dir, 'state'));
    const l = store.lock({ user: 'netadmin', terminal: 'p0' });
    try {
      let t = Date.now();
      const r = await pk('commit', '--wait', '0.4');
      expect(r.code).toBe(3);
      expect(r.err).toMatch(/^error: configuration database locked by:/);
      expect(Date.now() - t).toBeGreaterThanOrEqual(400);
      expect(Date.now() - t).toBeLessThan(5000);
      t = Date.now();
      const i = io();
      i.env.PKICFG_WAIT = '0.3';
      expect(await run(['rollback', '0'], i)).toBe(3);
      expect(Date.now() - t).toBeGreaterThanOrEqual(300);
      i.env.PKICFG_WAIT = 'soon';
      expect(await run(['commit'], i)).toBe(2);
      expect(i.err()).toContain('PKICFG_WAIT takes seconds');
    } finally {
      if (l.ok) l.lock.release();
    }
    for (const cmd of ['commit', 'load', 'rollback', 'shell']) {
      expect((await pk(cmd, '--help')).out).toMatch(/--wait SECONDS[\s\S]*3 (the configuration )?database/);
      expect((await pk(cmd, '--wait', '-1')).code).toBe(2);
    }
  });

  test('load --comment without --commit is a usage error and changes nothing', async () => {
    const r = await pk('load', 'set', file('a.set', GOOD), '--comment', 'CR-1');
    expect(r.code).toBe(2);
    expect(r.err).toContain('--comment needs --commit or --confirmed');
    expect(new Store(join(dir, 'state')).history()).toHaveLength(0);
    expect((await pk('load', 'set', file('a.set', GOOD), '--comment', 'CR-1', '--commit')).code).toBe(0);
    expect(new Store(join(dir, 'state')).history()[0].comment).toBe('CR-1');
  });
});
