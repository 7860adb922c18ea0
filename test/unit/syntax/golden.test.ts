/**
 * Golden fixtures: test/fixtures/syntax/<case>/input.{set,conf,json,yaml} ->
 * tree.json, display-set.txt, canonical.conf, diagnostics.json (code,
 * severity, path and line:col ranges; message wording is not pinned here).
 * Uses the small test schema so that schema work does not move these files.
 * UPDATE_GOLDEN=1 rewrites them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LineIndex } from '../../../src/diag/line-index.js';
import { parseConfig } from '../../../src/syntax/parse-config.js';
import { printCurly } from '../../../src/syntax/print-curly.js';
import { printSet } from '../../../src/syntax/print-set.js';
import { treesEqual } from '../../../src/tree/tree-ops.js';
import { expectGolden } from '../../golden.js';
import { MINI } from '../reftree/mini-schema.js';

const ROOT = 'test/fixtures/syntax';
const cases = readdirSync(ROOT, { withFileTypes: true })
  .filter((d) => d.isDirectory() && d.name !== 'schema')
  .map((d) => d.name);

describe.each(cases)('%s', (name) => {
  const dir = join(ROOT, name);
  const input = readdirSync(dir).find((f) => f.startsWith('input.'))!;
  const text = readFileSync(join(dir, input), 'utf8');
  const r = parseConfig(text, input, { reftree: MINI });
  const tree = r.value.tree;
  const canonical = printCurly(tree, { reftree: MINI });

  test('goldens', () => {
    const li = new LineIndex(text);
    const pos = (o: number) => {
      const p = li.lineCol(o);
      return `${p.line}:${p.col}`;
    };
    const diags = r.diagnostics.map((d) => ({
      code: d.code,
      severity: d.severity,
      ...(d.path ? { path: d.path.join(' ') } : {}),
      range: d.span ? `${pos(d.span.start)}-${pos(d.span.end)}` : null,
    }));
    expectGolden(join(dir, 'diagnostics.json'), JSON.stringify(diags, null, 2) + '\n');
    // $9$ output is random per run: pin secrets as a placeholder
    const stable = (s: string) => s.replace(/\$9\$[^"\s]+/g, '$9$<secret>');
    expectGolden(join(dir, 'tree.json'), stable(JSON.stringify(sortKeys(tree), null, 2)) + '\n');
    expectGolden(join(dir, 'display-set.txt'), stable(printSet(tree, { reftree: MINI })));
    expectGolden(join(dir, 'canonical.conf'), stable(canonical));
  });

  test('every diagnostic has a span', () => {
    expect(r.diagnostics.every((d) => d.span !== undefined)).toBe(true);
  });

  test('canonical text parses to the same tree and prints identically', () => {
    const again = parseConfig(canonical, 'canonical.conf', { reftree: MINI });
    expect(again.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(printCurly(again.value.tree, { reftree: MINI })).toBe(canonical);
    expect(treesEqual(stripAfter(again.value.tree), stripAfter(tree))).toBe(true);
    const viaSet = parseConfig(printSet(tree, { reftree: MINI }), 'display-set', { reftree: MINI });
    expect(printSet(viaSet.value.tree, { reftree: MINI })).toBe(printSet(tree, { reftree: MINI }));
  });
});

/** Opaque `after` anchors may differ (set input has none); their printed order is compared above. */
function stripAfter(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stripAfter);
  if (typeof v !== 'object' || v === null) return v;
  const o: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) if (k !== 'after') o[k] = stripAfter(x);
  return o;
}

/** Object key order carries no meaning in the tree ("@order" does): sort keys so the golden is stable. */
function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (typeof v !== 'object' || v === null) return v;
  const o: Record<string, unknown> = {};
  for (const k of Object.keys(v).sort()) o[k] = sortKeys((v as Record<string, unknown>)[k]);
  return o;
}
