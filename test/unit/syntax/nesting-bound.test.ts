/**
 * Input nesting bound (src/syntax/input-limits.ts): a file nested far past the
 * limit is a NESTING_TOO_DEEP diagnostic in each format, and the tree that
 * comes out goes through validation without overflowing the stack (before the
 * bound, 500 levels of curly were an uncaught RangeError).
 */
import { parseConfig } from '../../../src/syntax/parse-config.js';
import { validateTree } from '../../../src/validate/validate.js';

const DEPTH = 500;

function curly(depth: number): string {
  let s = 'leaf x;';
  for (let i = depth - 1; i >= 0; i--) s = `n${i} { ${s} }`;
  return `protocols { ${s} }\n`;
}

function json(depth: number): string {
  let o: unknown = { leaf: 'x' };
  for (let i = depth - 1; i >= 0; i--) o = { [`n${i}`]: o };
  return JSON.stringify({ configuration: { protocols: o } });
}

test.each([
  ['curly', 'deep.conf', curly(DEPTH)],
  ['json', 'deep.json', json(DEPTH)],
])('%s nested 500 deep: NESTING_TOO_DEEP, and validation runs on the rest', (_f, file, text) => {
  const r = parseConfig(text, file);
  expect(r.diagnostics.map((d) => d.code)).toContain('NESTING_TOO_DEEP');
  expect(() => validateTree(r.value.tree, r.value.spans)).not.toThrow();
});

test('nesting at the limit is accepted', () => {
  const r = parseConfig(curly(60), 'ok.conf');
  expect(r.diagnostics.map((d) => d.code)).not.toContain('NESTING_TOO_DEEP');
});
