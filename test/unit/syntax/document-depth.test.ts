/**
 * The pre-parse depth guard of JSON/YAML (src/syntax/document-depth.ts): real
 * documents stay far below it, hostile ones are refused before the yaml
 * library recurses (inside jest's deeper stack, a 1,280-level YAML list
 * aborted the whole process in V8's regular expression compiler).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { depthPastGuard, DOCUMENT_DEPTH_GUARD } from '../../../src/syntax/document-depth.js';
import { parseConfig } from '../../../src/syntax/parse-config.js';
import { printJson, printYaml } from '../../../src/syntax/print-json.js';

const G = DOCUMENT_DEPTH_GUARD;

test('the documents of samples/ and their printed JSON/YAML are below the guard', () => {
  const dir = 'samples';
  const files = readdirSync(dir).filter((f) => /\.(json|ya?ml|conf|set)$/.test(f));
  expect(files.length).toBeGreaterThan(2);
  for (const f of files) {
    const text = readFileSync(join(dir, f), 'utf8');
    if (/\.(json|ya?ml)$/.test(f)) expect(depthPastGuard(text)).toBe(-1);
    const tree = parseConfig(text, f).value.tree;
    expect(depthPastGuard(printJson(tree))).toBe(-1);
    expect(depthPastGuard(printYaml(tree))).toBe(-1);
  }
});

test.each([
  ['flow objects', (n: number) => '{"a":'.repeat(n) + 'null' + '}'.repeat(n)],
  ['flow lists', (n: number) => '['.repeat(n) + ']'.repeat(n)],
  ['block maps', (n: number) => Array.from({ length: n }, (_, i) => ' '.repeat(i) + 'a:').join('\n')],
  ['dash markers', (n: number) => '- '.repeat(n) + 'x'],
])('%s: refused past the guard, at the opening that passes it', (_, make) => {
  expect(depthPastGuard(make(G - 2))).toBe(-1);
  const past = depthPastGuard(make(G + 10));
  expect(past).toBeGreaterThanOrEqual(0);
  expect(past).toBeLessThan(make(G + 10).length);
});

test('brackets inside quoted strings and comments do not count', () => {
  const inner = '['.repeat(G * 2);
  expect(depthPastGuard(`{"a": "${inner}", 'b': '${inner}'}`)).toBe(-1);
  expect(depthPastGuard(`a: 1 # ${inner}\n`)).toBe(-1);
  // a comment line at column 0 (or indented) is skipped, not read again forever
  expect(depthPastGuard(`# ${inner}\na: 1\n  # x\n#\n`)).toBe(-1);
  expect(depthPastGuard(`{"a": "\\"${inner}"}`)).toBe(-1);
});

test.each([false, true])('a 1,280-level list document (yaml %s) is NESTING_TOO_DEEP, not a crash', (yaml) => {
  const n = 1280;
  const text = '{"configuration":{' + '"a":[{"name":"n",'.repeat(n) + '"x":null' + '}]'.repeat(n) + '}}';
  const r = parseConfig(yaml ? '---\n' + text : text, yaml ? 'f.yaml' : 'f.json');
  expect(r.diagnostics.map((d) => d.code)).toContain('NESTING_TOO_DEEP');
});
