/**
 * action.yml run as the GitHub runner runs a composite step: the step's `env`
 * with `${{ inputs.* }}` filled from the inputs (and their defaults), its
 * `run` under bash with GITHUB_ACTION_PATH, GITHUB_OUTPUT and
 * GITHUB_STEP_SUMMARY set. The action path holds action.yml, the script and a
 * dist/bundle/main.js that starts the tsc build of this checkout (the bundle
 * itself is tested by bundle.test.ts).
 */
import { describe, expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse as parseYaml } from 'yaml';

const ROOT = resolve('.');

interface Step {
  id?: string;
  shell: string;
  env?: Record<string, string>;
  run: string;
}
interface Action {
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}
const action = parseYaml(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as Action;

function actionPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pkicfg-action-'));
  mkdirSync(join(dir, 'scripts'));
  mkdirSync(join(dir, 'dist', 'bundle'), { recursive: true });
  copyFileSync(join(ROOT, 'action.yml'), join(dir, 'action.yml'));
  copyFileSync(join(ROOT, 'scripts', 'github-action.sh'), join(dir, 'scripts', 'github-action.sh'));
  const main = pathToFileURL(join(ROOT, 'dist', 'src', 'cli', 'main.js')).href;
  writeFileSync(join(dir, 'dist', 'bundle', 'main.js'), `import ${JSON.stringify(main)};\n`);
  return dir;
}

/** Runs the action's steps in WORKSPACE with INPUTS; returns exit status, log, outputs and summary. */
function runAction(workspace: string, inputs: Record<string, string>) {
  const path = actionPath();
  const outFile = join(path, 'output');
  const summaryFile = join(path, 'summary');
  writeFileSync(outFile, '');
  writeFileSync(summaryFile, '');
  const value = (name: string): string => inputs[name] ?? action.inputs[name]?.default ?? '';
  let status: number | null = 0;
  let log = '';
  for (const step of action.runs.steps) {
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(step.env ?? {}))
      env[k] = v.replace(/\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g, (_, n: string) => value(n));
    const r = spawnSync('bash', ['-c', step.run], {
      cwd: workspace,
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH,
        HOME: workspace,
        GITHUB_ACTION_PATH: path,
        GITHUB_OUTPUT: outFile,
        GITHUB_STEP_SUMMARY: summaryFile,
        ...env,
      },
      timeout: 60_000,
    });
    status = r.status;
    log += r.stdout + r.stderr;
    if (status !== 0) break;
  }
  const outputs = Object.fromEntries(
    readFileSync(outFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  return { status, log, outputs, summary: readFileSync(summaryFile, 'utf8') };
}

const GOOD = [
  'set security pki ca-profile ROOT ca-identity ROOT',
  'set security pki ca-profile ROOT enrollment url http://127.0.0.1:9/scep',
];

function workspace(files: Record<string, string[]>): string {
  const dir = mkdtempSync(join(tmpdir(), 'pkicfg-ws-'));
  for (const [name, lines] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), lines.join('\n') + '\n');
  }
  return dir;
}

describe('action.yml', () => {
  test('is a composite action whose run lines take no ${{ }} expression (inputs only through env)', () => {
    expect(action.runs.using).toBe('composite');
    for (const step of action.runs.steps) {
      expect(step.run).not.toContain('${{');
      for (const v of Object.values(step.env ?? {})) {
        const names = [...v.matchAll(/\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g)].map((m) => m[1]);
        expect(names.length).toBe(1);
        expect(Object.keys(action.inputs)).toContain(names[0]);
      }
    }
    const ids = action.runs.steps.map((s) => s.id);
    for (const o of Object.values(action.outputs)) {
      const m = /^\$\{\{ steps\.([\w-]+)\.outputs\.([\w-]+) \}\}$/.exec(o.value);
      expect(m).not.toBeNull();
      expect(ids).toContain(m![1]);
    }
  });

  test('a file with an error: annotation at its line and column, exit 1, valid=false', () => {
    const ws = workspace({
      'configs/a.set': GOOD,
      'configs/deep/b.set': [...GOOD, 'set security pki ca-profile ROOT revocation-check use-ocspp'],
    });
    const r = runAction(ws, { files: 'configs/**/*.set' });
    expect(r.status).toBe(1);
    expect(r.log).toMatch(/^::error file=configs\/deep\/b\.set,line=3,col=\d+,.*title=UNKNOWN_STATEMENT::/m);
    expect(r.log).not.toContain('configs/a.set');
    expect(r.outputs).toEqual({ valid: 'false' });
  });

  test('a candidate against its baseline: valid, changed=true, plan.json and the compare text in the job summary', () => {
    const ws = workspace({
      'base.set': GOOD,
      'cand.set': [...GOOD, 'set security pki ca-profile ROOT enrollment retry 5'],
    });
    const r = runAction(ws, { files: 'base.set cand.set', candidate: 'cand.set', against: 'base.set' });
    expect(r.log).toContain('Plan: 1 configuration change, 0 enrollment actions at commit, 0 scheduled.');
    expect(r.status).toBe(0);
    expect(r.outputs).toEqual({ valid: 'true', plan: 'plan.json', changed: 'true' });
    expect(r.summary).toContain('### pkicfg plan: `cand.set`');
    expect(r.summary).toContain('[edit security pki ca-profile ROOT enrollment]\n+');
    const plan = JSON.parse(readFileSync(join(ws, 'plan.json'), 'utf8')) as { summary: { changed: boolean } };
    expect(plan.summary.changed).toBe(true);
    const same = runAction(ws, { candidate: 'base.set', against: 'base.set' });
    expect(same.status).toBe(0);
    expect(same.outputs).toEqual({ plan: 'plan.json', changed: 'false' });
  });

  test('a file name that is shell code is a file name', () => {
    const ws = workspace({ 'a.set': GOOD });
    const r = runAction(ws, { files: 'a.set', candidate: '$(touch pwned)', against: 'a.set' });
    expect(r.status).toBe(1);
    expect(r.log).toContain("could not read '$(touch pwned)'");
    expect(spawnSync('test', ['-e', join(ws, 'pwned')]).status).toBe(1);
  });
});
