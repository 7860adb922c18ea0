// Keeps the import direction of DESIGN.md true: stages import only downwards,
// by static and dynamic import() alike; grammar/ (the Chevrotain grammar, at
// the repository root) is the stage under syntax.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, dirname, resolve } from 'node:path';

const SRC = resolve('src');
const GRAMMAR = resolve('grammar');

/** What the enrollment stage stands on; op, shell and cli stand on enroll and all of it. */
const UNDER_ENROLL = [
  'durable',
  'commit',
  'validate',
  'diff',
  'syntax',
  'grammar',
  'reftree',
  'tree',
  'protocols',
  'pki',
  'diag',
] as const;

/** Which stages each stage may import (besides itself). */
const ALLOWED: Record<string, readonly string[]> = {
  diag: [],
  durable: [],
  grammar: [],
  tree: ['diag'],
  reftree: ['tree', 'diag'],
  syntax: ['grammar', 'reftree', 'tree', 'diag'],
  validate: ['syntax', 'grammar', 'reftree', 'tree', 'diag'],
  diff: ['syntax', 'grammar', 'reftree', 'tree', 'diag'],
  commit: ['durable', 'validate', 'diff', 'syntax', 'grammar', 'reftree', 'tree', 'diag'],
  pki: ['durable', 'diag'],
  protocols: ['pki', 'diag'],
  enroll: UNDER_ENROLL,
  ca: ['durable', 'protocols', 'pki', 'diag'],
  op: ['enroll', ...UNDER_ENROLL],
  shell: ['op', 'ca', 'enroll', ...UNDER_ENROLL],
  cli: ['shell', 'op', 'ca', 'enroll', ...UNDER_ENROLL],
};

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** The stage of a file: its folder under src/, or grammar. */
function stageOf(file: string): string | undefined {
  const g = relative(GRAMMAR, file);
  if (!g.startsWith('..')) return 'grammar';
  const s = relative(SRC, file);
  return s.startsWith('..') ? undefined : s.split('/')[0];
}

/** Relative module names a file imports: `from '...'`, `import '...'` and `import('...')`. */
function importsOf(text: string): string[] {
  return [...text.matchAll(/(?:from\s+|import\s*\(?\s*)'(\.{1,2}\/[^']+)'/g)].map((m) => m[1]);
}

test('the import scan sees static, side-effect and dynamic imports', () => {
  expect(
    importsOf(
      `import { a } from './a.js';\nimport './b.js';\nconst c = await import('../c.js');\nimport('./d.js')`,
    ),
  ).toEqual(['./a.js', './b.js', '../c.js', './d.js']);
});

test('imports point down only', () => {
  const violations: string[] = [];
  for (const f of [...files(SRC), ...files(GRAMMAR)]) {
    const stage = stageOf(f)!;
    const allowed = ALLOWED[stage];
    expect(allowed).toBeDefined();
    const text = readFileSync(f, 'utf8');
    for (const spec of importsOf(text)) {
      const target = resolve(dirname(f), spec);
      const tstage = stageOf(target);
      if (tstage === undefined) continue;
      if (tstage !== stage && !allowed.includes(tstage))
        violations.push(`${relative(resolve('.'), f)} -> ${relative(resolve('.'), target)}`);
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

test('every document a source comment cites is in the repository', () => {
  // citations of other projects' documents, not ours
  const FOREIGN = new Set(['08_errors.md' /* eemeli/yaml's docs, cited as a model */]);
  const ours = new Set<string>();
  const walk = (dir: string): void => {
    for (const n of readdirSync(dir)) {
      if (n === 'node_modules' || n === 'dist' || n.startsWith('.')) continue;
      const p = join(dir, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (n.endsWith('.md')) ours.add(n);
    }
  };
  walk(resolve('.'));
  const missing: string[] = [];
  for (const f of [...files(SRC), ...files(GRAMMAR)])
    for (const m of readFileSync(f, 'utf8').matchAll(/\b([A-Za-z0-9_-]+\.md)(?!\w)/g))
      if (!ours.has(m[1]) && !FOREIGN.has(m[1])) missing.push(`${relative(resolve('.'), f)}: ${m[1]}`);
  expect(missing).toEqual([]);
  expect([...ours]).toEqual(
    expect.arrayContaining(['DESIGN.md', 'STYLE.md', 'junos-cli.md', 'junos-pki.md']),
  );
});
