// The real store behind the shell: confirmed-commit countdown and automatic rollback.
import { makeRealShell } from './real.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runTranscript } from './transcript.js';

test('commit confirmed: countdown banner, then automatic rollback when not confirmed', async () => {
  const r = makeRealShell();
  try {
    const out1 = await runTranscript(r.sh, r.io, [
      'configure',
      'set security pki ca-profile CA1 ca-identity CA1',
      'commit',
      'set security pki ca-profile CA2 ca-identity CA2',
      'commit confirmed 2',
    ]);
    expect(out1).toMatch(
      /commit complete\n\n# commit confirmed will be rolled back in 2 minutes\n\[edit\]\n$/,
    );
    r.tick(61_000);
    expect(r.sh.banner()).toBe('# commit confirmed will be rolled back in 1 minute\n[edit]\n');
    r.tick(60_000);
    expect(r.sh.banner()).toBe('Commit was not confirmed; automatic rollback complete.\n[edit]\n');
    const out2 = await runTranscript(r.sh, r.io, [
      'run show system commit',
      'run show configuration | display set',
    ]);
    expect(out2).toContain('0   2026-11-27 03:02:01 UTC by root via other\n');
    expect(out2).toContain('set security pki ca-profile CA1 ca-identity CA1\n\n');
    expect(out2).not.toContain('CA2 ca-identity');
  } finally {
    r.cleanup();
  }
});

test('status: login time is when the user entered, edit level is where the user is now', async () => {
  const r = makeRealShell();
  try {
    await runTranscript(r.sh, r.io, [
      'configure',
      'edit security pki ca-profile CA1',
      'set ca-identity CA1',
      'up',
    ]);
    r.tick(120_000);
    const out = await runTranscript(r.sh, r.io, ['status']);
    expect(out).toContain(
      'Users currently editing the configuration:\n  admin terminal pts/0 (pid ' +
        `${process.pid}) on since 2026-11-27 03:00:00 UTC\n      [edit security pki]\n` +
        'The configuration has been changed but not committed\n',
    );
  } finally {
    r.cleanup();
  }
});

test('entering configuration mode lists the holder of an exclusive lock', async () => {
  const r = makeRealShell();
  try {
    const l = r.backend.store.lock({ user: 'netadmin', mode: 'exclusive', terminal: 'p0' });
    const out = await runTranscript(r.sh, r.io, ['configure']);
    expect(out).toMatch(
      /Entering configuration mode\nUsers currently editing the configuration:\n {2}netadmin terminal p0 \(pid \d+\) on since 2026-11-27 03:00:00 UTC\n {6}exclusive \[edit\]\n/,
    );
    if (l.ok) l.lock.release();
  } finally {
    r.cleanup();
  }
});

test('load errors in Junos form: set loads at the token start, text loads at its end with the [edit] block', async () => {
  const r = makeRealShell();
  try {
    writeFileSync(
      join(r.dir, 'bad.conf'),
      'security {\n    pki {\n        ca-profile X {\n            metric 65450;\n        }\n    }\n}\n',
    );
    writeFileSync(join(r.dir, 'bad.set'), 'set security pki ca-profile Y ca-identity Y metric 5\n');
    const out = await runTranscript(r.sh, r.io, ['configure', 'load merge bad.conf', 'load set bad.set']);
    expect(out).toContain(
      "bad.conf:4:(18) syntax error: metric\n  [edit security pki ca-profile X]\n    'metric 65450;'\n      syntax error\nload complete (1 errors)\n",
    );
    expect(out).toContain('bad.set:1:(44) syntax error: metric\nload complete (1 errors)\n');
  } finally {
    r.cleanup();
  }
});
