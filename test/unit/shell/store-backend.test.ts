// The real store behind the shell: confirmed-commit countdown and automatic rollback.
import { makeRealShell } from './real.js';
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
