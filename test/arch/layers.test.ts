// Keeps the import direction of DESIGN.md true: stages import only downwards.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, dirname, resolve } from 'node:path';

const SRC = resolve('src');

/** Which stages each stage may import (besides itself). */
const ALLOWED: Record<string, readonly string[]> = {
  diag: [],
  tree: ['diag'],
  reftree: ['tree', 'diag'],
  syntax: ['reftree', 'tree', 'diag'],
  validate: ['syntax', 'reftree', 'tree', 'diag'],
  diff: ['syntax', 'reftree', 'tree', 'diag'],
  commit: ['validate', 'diff', 'syntax', 'reftree', 'tree', 'diag'],
  pki: ['diag'],
  protocols: ['pki', 'diag'],
  enroll: ['commit', 'validate', 'diff', 'syntax', 'reftree', 'tree', 'protocols', 'pki', 'diag'],
  ca: ['protocols', 'pki', 'diag'],
  shell: [
    'enroll',
    'commit',
    'ca',
    'validate',
    'diff',
    'syntax',
    'reftree',
    'tree',
    'protocols',
    'pki',
    'diag',
  ],
  cli: [
    'shell',
    'enroll',
    'commit',
    'ca',
    'validate',
    'diff',
    'syntax',
    'reftree',
    'tree',
    'protocols',
    'pki',
    'diag',
  ],
};

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

test('imports point down only', () => {
  const violations: string[] = [];
  for (const f of files(SRC)) {
    const stage = relative(SRC, f).split('/')[0];
    const allowed = ALLOWED[stage];
    expect(allowed).toBeDefined();
    const text = readFileSync(f, 'utf8');
    for (const m of text.matchAll(/from\s+'(\.{1,2}\/[^']+)'/g)) {
      const target = relative(SRC, resolve(dirname(f), m[1]));
      const tstage = target.split('/')[0];
      if (tstage.startsWith('..')) continue;
      if (tstage !== stage && !allowed.includes(tstage)) violations.push(`${relative(SRC, f)} -> ${target}`);
    }
  }
  expect(violations).toEqual([]);
});

test('no default exports in src', () => {
  const bad = files(SRC).filter((f) => /^export default /m.test(readFileSync(f, 'utf8')));
  expect(bad).toEqual([]);
});

test('security pki is read only through the PKI view (src/tree/pki-view.ts)', () => {
  // property reads of the hierarchy by hand: tree.security, x?.pki, x['ca-profile'] ...
  const HAND =
    /\[\s*'(auto-re-enrollment|ca-profile|ca-profile-name|enrollment)'\s*\]|\.security\b|\?\.pki\b|\.pki\?/;
  const offenders = files(SRC)
    .filter((f) => !f.endsWith(join('tree', 'pki-view.ts')))
    .filter((f) => HAND.test(readFileSync(f, 'utf8')))
    .map((f) => relative(SRC, f));
  expect(offenders).toEqual([]);
});
