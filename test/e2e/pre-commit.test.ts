/**
 * .pre-commit-hooks.yaml run by the real pre-commit (Debian's package; .ci/run
 * installs it): a repository of the hooks at a commit, a project using the
 * `pkicfg-validate-system` hook with `pkicfg` on PATH (the tsc build of this
 * checkout). The node-language hook has the same entry and file pattern; it
 * installs pkicfg from its repository with npm, which a test without network
 * cannot do.
 */
import { describe, expect, test } from '@jest/globals';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';

const ROOT = resolve('.');

interface Hook {
  id: string;
  entry: string;
  language: string;
  files: string;
}
const hooks = parseYaml(readFileSync(join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Hook[];

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.test', ...args], {
    cwd,
    encoding: 'utf8',
  });
}

describe('.pre-commit-hooks.yaml', () => {
  test('both hooks run the same command on the same files', () => {
    const [node, system] = ['pkicfg-validate', 'pkicfg-validate-system'].map((id) =>
      hooks.find((h) => h.id === id)!,
    );
    expect(node.language).toBe('node');
    expect(system.language).toBe('system');
    expect(system.entry).toBe(node.entry);
    expect(system.files).toBe(node.files);
    expect(new RegExp(node.files).test('srx.conf')).toBe(true);
    expect(new RegExp(node.files).test('notes.txt')).toBe(false);
  });

  test('the real pre-commit fails a commit with a configuration error, at file:line:col, and passes it once fixed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pkicfg-precommit-'));
    const hooksRepo = join(dir, 'hooks');
    mkdirSync(hooksRepo);
    copyFileSync(join(ROOT, '.pre-commit-hooks.yaml'), join(hooksRepo, '.pre-commit-hooks.yaml'));
    git(hooksRepo, 'init', '-q');
    git(hooksRepo, 'add', '.');
    git(hooksRepo, 'commit', '-qm', 'hooks');
    const rev = git(hooksRepo, 'rev-parse', 'HEAD').trim();

    const bin = join(dir, 'bin');
    mkdirSync(bin);
    writeFileSync(
      join(bin, 'pkicfg'),
      `#!/bin/sh\nexec "${process.execPath}" "${join(ROOT, 'dist', 'src', 'cli', 'main.js')}" "$@"\n`,
    );
    chmodSync(join(bin, 'pkicfg'), 0o755);

    const project = join(dir, 'project');
    mkdirSync(project);
    git(project, 'init', '-q');
    writeFileSync(
      join(project, '.pre-commit-config.yaml'),
      `repos:\n  - repo: ${hooksRepo}\n    rev: ${rev}\n    hooks:\n      - id: pkicfg-validate-system\n`,
    );
    writeFileSync(join(project, 'notes.txt'), 'set security nonsense\n');
    writeFileSync(
      join(project, 'srx.set'),
      'set security pki ca-profile ROOT ca-identity ROOT\nset security pki ca-profile ROOT revocation-check use-ocspp\n',
    );
    git(project, 'add', '.');
    const env = { PATH: `${bin}:${process.env.PATH}`, HOME: dir, PRE_COMMIT_HOME: join(dir, 'cache') };
    const run = () =>
      spawnSync('pre-commit', ['run', '--all-files', '--color', 'never'], {
        cwd: project,
        encoding: 'utf8',
        env,
        timeout: 120_000,
      });
    const bad = run();
    expect(bad.status).toBe(1);
    expect(bad.stdout).toMatch(/pkicfg validate \(pkicfg on PATH\)\.+Failed/);
    expect(bad.stdout).toMatch(/^srx\.set:2:\d+: error: .*\[UNKNOWN_STATEMENT\]$/m);
    expect(bad.stdout).not.toContain('notes.txt');

    writeFileSync(join(project, 'srx.set'), 'set security pki ca-profile ROOT ca-identity ROOT\n');
    git(project, 'add', '.');
    const good = run();
    expect(good.stdout).toMatch(/pkicfg validate \(pkicfg on PATH\)\.+Passed/);
    expect(good.status).toBe(0);
  }, 180_000);
});
