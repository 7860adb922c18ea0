// Files the user names (`save FILE`, `| save FILE`, `generate-certificate-request
// ... filename F`) are mode 0600 whatever the umask, and a symlink (or a hard
// link) planted at the name is refused, its target left untouched.
import { linkSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeExportFile } from '../../../src/op/export-file.js';
import { applyTextPipes } from '../../../src/shell/pipes.js';
import { makeRealShell } from '../shell/real.js';
import { runTranscript } from '../shell/transcript.js';
import { op } from './op-harness.js';

let dir: string;
let oldUmask: number;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pkicfg-export-'));
  oldUmask = process.umask(0);
});
afterEach(() => {
  process.umask(oldUmask);
  rmSync(dir, { recursive: true, force: true });
});

const mode = (p: string): number => statSync(p).mode & 0o777;

describe('writeExportFile', () => {
  test('a new file is 0600 under umask 000', () => {
    const f = join(dir, 'new.txt');
    expect(writeExportFile(f, 'x\n')).toEqual({ ok: true });
    expect(mode(f)).toBe(0o600);
    expect(readFileSync(f, 'utf8')).toBe('x\n');
  });

  test('an existing regular file of ours is replaced and made 0600', () => {
    const f = join(dir, 'old.txt');
    writeFileSync(f, 'a much longer previous content\n', { mode: 0o666 });
    expect(writeExportFile(f, 'new\n')).toEqual({ ok: true });
    expect(readFileSync(f, 'utf8')).toBe('new\n');
    expect(mode(f)).toBe(0o600);
  });

  test('a symlink at the name is refused and its target untouched', () => {
    const target = join(dir, 'victim');
    writeFileSync(target, 'precious\n', { mode: 0o644 });
    const link = join(dir, 'link');
    symlinkSync(target, link);
    expect(writeExportFile(link, 'secret\n')).toEqual({
      ok: false,
      reason: 'it is a symbolic link (not followed)',
    });
    expect(readFileSync(target, 'utf8')).toBe('precious\n');
    expect(mode(target)).toBe(0o644);
    // a dangling symlink would otherwise create its target
    const dangling = join(dir, 'dangling');
    symlinkSync(join(dir, 'created-through-link'), dangling);
    expect(writeExportFile(dangling, 'secret\n').ok).toBe(false);
    expect(() => statSync(join(dir, 'created-through-link'))).toThrow();
  });

  test('a file with another hard link is refused', () => {
    const target = join(dir, 'victim');
    writeFileSync(target, 'precious\n');
    linkSync(target, join(dir, 'hard'));
    expect(writeExportFile(join(dir, 'hard'), 'secret\n')).toEqual({
      ok: false,
      reason: 'it has other hard links',
    });
    expect(readFileSync(target, 'utf8')).toBe('precious\n');
  });

  test('a directory is not a regular file', () => {
    expect(writeExportFile(dir, 'x').ok).toBe(false);
  });
});

describe('the commands that write user-named files', () => {
  test('save FILE: 0600 with the $9$ secret inside; through a symlink: a Junos error, target untouched', async () => {
    const r = makeRealShell();
    try {
      const victim = join(r.dir, 'victim');
      writeFileSync(victim, 'precious\n', { mode: 0o644 });
      symlinkSync(victim, join(r.dir, 'trap.conf'));
      const out = await runTranscript(r.sh, r.io, [
        'configure',
        'set security pki auto-re-enrollment scep certificate-id c1 ca-profile-name CA1',
        'set security pki auto-re-enrollment scep certificate-id c1 challenge-password s3cret',
        'save saved.conf',
        'save trap.conf',
        'show | save piped.conf',
        'show | save trap.conf',
      ]);
      expect(readFileSync(join(r.dir, 'saved.conf'), 'utf8')).toContain('$9$');
      expect(mode(join(r.dir, 'saved.conf'))).toBe(0o600);
      expect(mode(join(r.dir, 'piped.conf'))).toBe(0o600);
      expect(out).toContain("error: could not write 'trap.conf': it is a symbolic link (not followed)");
      expect(out.split('could not write').length).toBe(3);
      expect(readFileSync(victim, 'utf8')).toBe('precious\n');
    } finally {
      r.cleanup();
    }
  });

  test('| save FILE (text pipe) is 0600', () => {
    expect(applyTextPipes('a\n', [{ kind: 'save', file: 'p.txt' }], dir).error).toBeUndefined();
    expect(mode(join(dir, 'p.txt'))).toBe(0o600);
  });

  test('generate-certificate-request filename F: 0600; a symlink at F is refused', async () => {
    const h = { stateDir: join(dir, 'state'), cwd: dir };
    expect((await op(h, 'request security pki generate-key-pair certificate-id k1 size 1024')).code).toBe(0);
    const req = 'request security pki generate-certificate-request certificate-id k1 subject CN=r1';
    expect((await op(h, `${req} filename r1.csr`)).code).toBe(0);
    expect(mode(join(dir, 'r1.csr'))).toBe(0o600);
    expect(readFileSync(join(dir, 'r1.csr'), 'utf8')).toContain('BEGIN CERTIFICATE REQUEST');
    writeFileSync(join(dir, 'victim'), 'precious\n');
    symlinkSync(join(dir, 'victim'), join(dir, 'trap.csr'));
    const r = await op(h, `${req} filename trap.csr`);
    expect(r.code).toBe(1);
    expect(r.err).toContain("could not write file 'trap.csr': it is a symbolic link (not followed)");
    expect(readFileSync(join(dir, 'victim'), 'utf8')).toBe('precious\n');
  });
});
