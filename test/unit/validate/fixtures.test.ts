/**
 * Golden validation cases, one directory per behaviour under
 * test/fixtures/validate/<case>/: input.conf or input.set, and the pinned
 * diagnostics.json (code, severity, path, statement, line:column range) and
 * frame.txt (wording, with code frames). A case with no diagnostics has an
 * empty list. Rewrite with UPDATE_GOLDEN=1.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfig } from '../../../src/syntax/parse-config.js';
import { validateTree } from '../../../src/validate/validate.js';
import { toJsonReport } from '../../../src/diag/render-json.js';
import { renderText } from '../../../src/diag/render-text.js';
import { expectGolden } from '../../golden.js';

const ROOT = join('test', 'fixtures', 'validate');
const cases = readdirSync(ROOT).filter(
  (d) =>
    statSync(join(ROOT, d)).isDirectory() && readdirSync(join(ROOT, d)).some((f) => f.startsWith('input.')),
);

test('there are fixture cases', () => expect(cases.length).toBeGreaterThan(5));

test.each(cases.map((c) => [c]))('%s', (name) => {
  const dir = join(ROOT, name);
  const input = readdirSync(dir).find((f) => f.startsWith('input.'))!;
  const file = join(dir, input);
  const text = readFileSync(file, 'utf8');
  const parsed = parseConfig(text, file);
  expect(parsed.diagnostics).toEqual([]);
  const ds = validateTree(parsed.value.tree, parsed.value.spans);
  for (const d of ds) expect(d.span).toBeDefined();
  const sources = new Map([[file, text]]);
  const pinned = toJsonReport(ds, sources).diagnostics.map((d) => ({
    code: d.code,
    severity: d.severity,
    path: d.path,
    statement: d.statement,
    range: `${d.line}:${d.column}-${d.endLine}:${d.endColumn}`,
  }));
  expectGolden(join(dir, 'diagnostics.json'), JSON.stringify(pinned, null, 2) + '\n');
  expectGolden(join(dir, 'frame.txt'), renderText(ds, { sources, frame: true }));
});
