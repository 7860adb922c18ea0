/**
 * `pkicfg plan`: the configuration diff and the enrollment actions of a
 * candidate file, Terraform's detailed exit codes, plan.json valid against
 * schemas/plan.schema.json, and nothing written but --out.
 */
import { describe, expect, test } from '@jest/globals';
import { existsSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { planCommand } from '../../../src/cli/commands/plan.js';
import { loadCommand } from '../../../src/cli/commands/load.js';
import { requestCommand } from '../../../src/cli/commands/op.js';
import type { CliIO } from '../../../src/cli/run.js';
import { capturedIo, runCaptured } from '../../cli-io.js';
import { openPkiStore } from '../../../src/pki/pki-store.js';
import { snapshot, tempDir } from '../pki/helpers.js';

type Cmd = (args: readonly string[], io: CliIO) => Promise<number>;

const run = (cmd: Cmd, args: string[]) => runCaptured(cmd, args);

const addFormats = addFormatsModule as unknown as (a: Ajv) => Ajv;
const ajv = addFormats(new Ajv({ allErrors: true }));
const validPlan = ajv.compile(JSON.parse(readFileSync('schemas/plan.schema.json', 'utf8')) as object);
function expectValidPlan(doc: unknown): void {
  const ok = validPlan(doc);
  expect(validPlan.errors ?? []).toEqual([]);
  expect(ok).toBe(true);
}

const BASE = [
  'set security pki ca-profile ROOT ca-identity ROOT',
  'set security pki ca-profile ROOT enrollment url http://127.0.0.1:9/scep',
  'set security pki auto-re-enrollment scep certificate-id c1 ca-profile-name ROOT challenge-password s3cretpw re-enroll-trigger-time-percentage 50',
];

function file(dir: string, name: string, lines: string[]): string {
  const p = join(dir, name);
  writeFileSync(p, lines.join('\n') + '\n');
  return p;
}

describe('pkicfg plan', () => {
  test('against an empty state: everything is a change (exit 2 detailed, 0 plain); no state directory is created', async () => {
    const dir = tempDir();
    const state = join(dir, 'state');
    const cand = file(dir, 'cand.set', BASE);
    const r = await run(planCommand, ['--state', state, '--detailed-exitcode', cand]);
    expect(r.err).toBe('');
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/^\[edit\]\n\+ {2}security \{\n\+ {6}pki \{\n\+ {10}ca-profile ROOT \{/);
    expect(r.out).toContain('Enrollment plan: auto-re-enrollment scep c1: no local certificate yet\n');
    expect(r.out).toMatch(/Plan: 1 configuration change, 0 enrollment actions at commit, 0 scheduled\.\n$/);
    expect(r.out).not.toContain('s3cretpw');
    expect(existsSync(state)).toBe(false);
    expect((await run(planCommand, ['--state', state, cand])).code).toBe(0);
  });

  test('after the candidate is committed: no changes, exit 0; one changed leaf is one change at its path', async () => {
    const dir = tempDir();
    const state = join(dir, 'state');
    const cand = file(dir, 'cand.set', BASE);
    expect((await run(loadCommand, ['override', cand, '--commit', '--state', state])).code).toBe(0);
    const before = snapshot(state);
    const same = await run(planCommand, ['--state', state, '--detailed-exitcode', cand]);
    expect(same.code).toBe(0);
    expect(same.out).toBe(
      'Enrollment plan: auto-re-enrollment scep c1: no local certificate yet\nNo changes. The active configuration matches the candidate.\n',
    );
    const changed = file(dir, 'changed.set', [
      ...BASE.slice(0, 2),
      BASE[2].replace('percentage 50', 'percentage 20'),
    ]);
    const out = join(dir, 'plan.json');
    const r = await run(planCommand, ['--state', state, '--detailed-exitcode', '--out', out, changed]);
    expect(r.code).toBe(2);
    expect(r.out).toContain(
      '[edit security pki auto-re-enrollment scep certificate-id c1]\n-       re-enroll-trigger-time-percentage 50;\n+       re-enroll-trigger-time-percentage 20;\n',
    );
    const doc = JSON.parse(readFileSync(out, 'utf8')) as {
      configuration: { changes: unknown[]; compare: string };
      summary: { changed: boolean };
    };
    expectValidPlan(doc);
    expect(doc.configuration.changes).toEqual([
      {
        op: 'modify',
        path: [
          'security',
          'pki',
          'auto-re-enrollment',
          'scep',
          'certificate-id',
          'c1',
          're-enroll-trigger-time-percentage',
        ],
      },
    ]);
    expect(doc.configuration.compare).toBe(r.out.slice(0, doc.configuration.compare.length));
    expect(statSync(out).mode & 0o777).toBe(0o600);
    // planning wrote nothing in the state directory
    expect(snapshot(state)).toEqual(before);
  });

  test('--against FILE compares with that file; configuration errors exit 1 with file:line:col', async () => {
    const dir = tempDir();
    const active = file(dir, 'active.set', BASE);
    const cand = file(dir, 'cand.set', [
      ...BASE,
      'set security pki ca-profile ROOT revocation-check use-ocspp',
    ]);
    const r = await run(planCommand, ['--against', active, '--detailed-exitcode', '--format', 'json', cand]);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.out) as { valid: boolean; diagnostics: { code: string; file: string }[] };
    expectValidPlan(doc);
    expect(doc.valid).toBe(false);
    expect(doc.diagnostics.map((d) => [d.code, d.file])).toEqual([['UNKNOWN_STATEMENT', cand]]);
    const text = await run(planCommand, ['--against', active, cand]);
    expect(text.code).toBe(1);
    expect(text.err).toMatch(new RegExp(`^${cand.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:4:\\d+: error: `));
    const ok = await run(planCommand, ['--against', active, '--format', 'github', active]);
    expect(ok).toEqual({
      code: 0,
      out: '::notice title=pkicfg plan::No changes. The active configuration matches the candidate.\n',
      err: '',
    });
  });

  test('a renewal due at --at is an enrollment action at commit: exit 2 even with the configuration unchanged', async () => {
    const dir = tempDir();
    const state = join(dir, 'state');
    const quiet = capturedIo().io;
    await requestCommand(
      ['security', 'pki', 'generate-key-pair', 'certificate-id', 'c1', 'size', '1024', '--state', state],
      quiet,
    );
    await requestCommand(
      `security pki local-certificate generate-self-signed certificate-id c1 subject CN=c1 add-ca-constraint --state ${state}`.split(
        ' ',
      ),
      quiet,
    );
    const store = openPkiStore(state, { durable: false });
    store.commit([{ op: 'put', kind: 'ca', id: 'ROOT', pem: store.readPem('local', 'c1')! }]);
    const cand = file(dir, 'cand.set', BASE);
    expect((await run(loadCommand, ['override', cand, '--commit', '--state', state])).code).toBe(0);

    const now = await run(planCommand, ['--state', state, '--detailed-exitcode', '--format', 'json', cand]);
    expect(now.code).toBe(0);
    const scheduled = JSON.parse(now.out) as { enrollment: { kind: string; atCommit: boolean }[] };
    expectValidPlan(scheduled);
    expect(scheduled.enrollment.map((a) => [a.kind, a.atCommit])).toEqual([['scheduled', false]]);

    const later = await run(planCommand, [
      '--state',
      state,
      '--detailed-exitcode',
      '--at',
      '2200-01-01T00:00:00Z',
      cand,
    ]);
    expect(later.code).toBe(2);
    expect(later.out).toMatch(
      /^Enrollment plan: renew c1 over SCEP now \(due .* UTC, ca-profile ROOT, same key pair\)\n/,
    );
    expect(later.out).toMatch(
      /Plan: 0 configuration changes, 1 enrollment action at commit, 0 scheduled\.\n$/,
    );
    expect(later.out).not.toContain('s3cretpw');
  });

  test('usage and I/O errors: 2, or 1 under --detailed-exitcode; --out never follows a symlink', async () => {
    const dir = tempDir();
    const cand = file(dir, 'cand.set', BASE);
    expect((await run(planCommand, [])).code).toBe(2);
    expect((await run(planCommand, ['--detailed-exitcode'])).code).toBe(1);
    const missing = await run(planCommand, ['--detailed-exitcode', join(dir, 'nope.set')]);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain("could not read '");
    expect((await run(planCommand, ['--at', 'tomorrow', cand])).err).toContain(
      "--at takes an ISO 8601 time, not 'tomorrow'",
    );
    const target = file(dir, 'target.txt', ['keep']);
    const link = join(dir, 'plan.json');
    symlinkSync(target, link);
    const r = await run(planCommand, ['--state', join(dir, 's'), '--out', link, cand]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('symbolic link');
    expect(readFileSync(target, 'utf8')).toBe('keep\n');
  });
});
