// Hostile input through the real entry point: `pkicfg validate FILE` in a child
// process, so that a stack overflow or an out-of-memory abort (which no
// in-process test can catch) fails the test. Nesting past the limit of
// src/syntax/input-limits.ts is a diagnostic at file:line:col, in every format,
// at every depth; never a stack trace. Needs `npm run build` first (npm test does it).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_NESTING_DEPTH } from '../../src/syntax/input-limits.js';

const MAIN = join(process.cwd(), 'dist/src/cli/main.js');
let dir: string;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'pkicfg-bounds-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function validate(name: string, text: string, ...args: string[]): { rc: number | null; out: string } {
  const file = join(dir, name);
  writeFileSync(file, text);
  const r = spawnSync(process.execPath, [MAIN, 'validate', ...args, file], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  const out = `${r.stdout}${r.stderr}`;
  // never a crash: no signal, no uncaught exception, a documented exit code
  expect(r.signal).toBeNull();
  expect(out).not.toMatch(/RangeError|Maximum call stack|heap out of memory|^\s+at /m);
  expect([0, 1]).toContain(r.status);
  return { rc: r.status, out };
}

const curly = (n: number, leaf = ''): string =>
  Array.from({ length: n }, (_, i) => `a${i} {`).join('\n') + '\n' + leaf + '}\n'.repeat(n);

describe('nesting depth, whole process', () => {
  test.each([500, 5_000, 100_000])('curly nested %i deep: one error at the first { past the limit', (n) => {
    const { rc, out } = validate(`curly-${n}.conf`, curly(n));
    expect(rc).toBe(1);
    // line L+1 is `aL {`: its `{` is at column 2 + digits
    const col = 2 + String(MAX_NESTING_DEPTH).length + 1;
    expect(out).toContain(
      `curly-${n}.conf:${MAX_NESTING_DEPTH + 1}:${col}: error: syntax error, nesting too deep (limit ${MAX_NESTING_DEPTH}) [NESTING_TOO_DEEP]`,
    );
    expect(out.match(/NESTING_TOO_DEEP/g)).toHaveLength(1);
  });

  test('curly at exactly the limit is accepted, under an unmodelled hierarchy too', () => {
    expect(validate('at-limit.conf', curly(MAX_NESTING_DEPTH, 'x;\n')).rc).toBe(0);
    // a hierarchy the YANG schema does not check (`a1` in an interface is an unknown statement)
    const under = 'logical-systems {\n' + curly(MAX_NESTING_DEPTH - 1, 'x;\n') + '}\n';
    expect(validate('at-limit-logical-systems.conf', under).rc).toBe(0);
  });

  test.each([500, 100_000])('unclosed curly blocks %i deep (the grammar error path)', (n) => {
    const { rc, out } = validate(`open-${n}.conf`, 'a {\n'.repeat(n));
    expect(rc).toBe(1);
    expect(out).toContain('NESTING_TOO_DEEP');
  });

  test('a syntax error at the deepest level the limit allows', () => {
    const text = 'a {\n'.repeat(MAX_NESTING_DEPTH) + '] x;\n' + '}\n'.repeat(MAX_NESTING_DEPTH);
    const { rc, out } = validate('deep-error.conf', text);
    expect(rc).toBe(1);
    expect(out).toContain(`deep-error.conf:${MAX_NESTING_DEPTH + 1}:1: error: syntax error`);
  });

  test.each([500, 100_000])('a set line nesting %i levels by shape (groups g groups g ...)', (n) => {
    const { rc, out } = validate(`groups-${n}.set`, 'set ' + 'groups g '.repeat(n) + 'interfaces x\n');
    expect(rc).toBe(1);
    // `groups g` opens two blocks: the (L/2+1)th `groups` opens block L+1
    const col = 5 + 9 * (MAX_NESTING_DEPTH / 2);
    expect(out).toContain(`groups-${n}.set:1:${col}: error: syntax error, nesting too deep`);
  });

  test('set lines that nest one level more each (the divergence rule)', () => {
    const lines: string[] = [];
    const words = ['zz'];
    for (let i = 0; i < 300; i++) {
      lines.push('set ' + words.concat(`w${i}`).join(' '));
      words.push(`w${i}`);
    }
    const { rc, out } = validate('diverge.set', lines.join('\n') + '\n');
    expect(rc).toBe(1);
    expect(out).toContain('NESTING_TOO_DEEP');
  });

  test.each([500, 100_000])('JSON nested %i deep', (n) => {
    const text = '{"configuration":' + '{"a":'.repeat(n) + 'null' + '}'.repeat(n + 1);
    const { rc, out } = validate(`deep-${n}.json`, text);
    expect(rc).toBe(1);
    expect(out).toMatch(new RegExp(`deep-${n}\\.json:1:\\d+: error: syntax error, nesting too deep`));
  });

  test('JSON at exactly the limit is accepted', () => {
    const n = MAX_NESTING_DEPTH + 1; // the first object is "configuration"'s
    expect(
      validate('at-limit.json', '{"configuration":' + '{"a":'.repeat(n) + 'null' + '}'.repeat(n + 1)).rc,
    ).toBe(0);
  });

  test('YAML nested 3,000 deep', () => {
    const lines = ['---', 'configuration:'];
    for (let i = 0; i < 3000; i++) lines.push(' '.repeat(i + 1) + `a${i}:`);
    const { rc, out } = validate('deep.yaml', lines.join('\n') + ' x\n');
    expect(rc).toBe(1);
    expect(out).toContain('NESTING_TOO_DEEP');
  });
});

describe('long lines, whole process', () => {
  test('one set line of 1.5M words parses (it took the heap before)', () => {
    const words = Array.from({ length: 1_500_000 }, (_, i) => `w${i}`);
    const { rc, out } = validate('long.set', `set interfaces ${words.join(' ')}\n`, '--strict');
    expect(rc).toBe(1); // --strict: the unmodelled statement is a warning, and warnings fail
    expect(out).toMatch(/long\.set:1:1: warning: 'interfaces' is not modelled .*UNMODELLED_STATEMENT/);
  }, 120_000);
});
