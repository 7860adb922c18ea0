// The catalogue (src/diag/codes/) and the code that emits diagnostics agree:
// every catalogued code is emitted somewhere, every diagnostic written as a
// literal says its code's catalogued stage, and constructors go through
// diag/diagnostic.ts `diagnostic()` (stage from the catalogue) instead of
// writing a stage of their own.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { CATALOGUE, RETIRED_CODES } from '../../src/diag/codes.js';
import { diagnostic } from '../../src/diag/diagnostic.js';

const SRC = resolve('src');
const CODES_DIR = join(SRC, 'diag', 'codes');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}
const sources = files(SRC)
  .filter((f) => !f.startsWith(CODES_DIR))
  .map((f) => ({ file: relative(SRC, f), text: readFileSync(f, 'utf8') }));

test('every catalogued code is emitted somewhere in src', () => {
  const all = sources.map((s) => s.text).join('\n');
  const never = Object.keys(CATALOGUE).filter((c) => !new RegExp(`['\`]${c}['\`]`).test(all));
  expect(never).toEqual([]);
  expect(Object.keys(CATALOGUE).filter((c) => RETIRED_CODES.includes(c))).toEqual([]);
});

test('a diagnostic written as a literal has its code’s catalogued stage', () => {
  const wrong: string[] = [];
  let seen = 0;
  for (const { file, text } of sources)
    for (const m of text.matchAll(/\{[^{}]*\}/g)) {
      const code = /\bcode: '([A-Z][A-Z0-9_]*)'/.exec(m[0])?.[1];
      const stage = /\bstage: '(\w+)'/.exec(m[0])?.[1];
      if (code === undefined || stage === undefined) continue;
      seen++;
      const info = (CATALOGUE as Record<string, { stage: string }>)[code];
      if (info?.stage !== stage) wrong.push(`${file}: ${code} as ${stage}, catalogued ${info?.stage}`);
    }
  expect(wrong).toEqual([]);
  expect(seen).toBeGreaterThan(3); // the scan finds the literals it checks
});

test('no constructor writes its own stage for a code it is handed', () => {
  // `{ code, severity, stage: 'enroll', message }`: the shape that let SCEP_* codes out as
  // stage enroll while the catalogue says protocol
  const own = sources.flatMap(({ file, text }) =>
    [...text.matchAll(/\{[^{}]*\bcode,[^{}]*\bstage: '\w+'[^{}]*\}/g)].map(() => file),
  );
  expect(own).toEqual([]);
});

test('diagnostic() takes stage and default severity from the catalogue', () => {
  expect(diagnostic('SCEP_TIMEOUT', 'm')).toEqual({
    code: 'SCEP_TIMEOUT',
    severity: CATALOGUE.SCEP_TIMEOUT.severity,
    stage: 'protocol',
    message: 'm',
  });
  expect(diagnostic('ENROLL_PLAN', 'p', { severity: 'warning', path: ['a'] })).toEqual({
    code: 'ENROLL_PLAN',
    severity: 'warning',
    stage: 'enroll',
    message: 'p',
    path: ['a'],
  });
  expect(Object.keys(diagnostic('INTERNAL', 'x', { path: undefined }))).not.toContain('path');
});
