/**
 * Round trips on trees generated from the schema:
 * parseConfig(printX(t)) ≡ t for curly, set (minus annotations), JSON, YAML,
 * and printCurly(parseConfig(printCurly(t))) === printCurly(t) (idempotence).
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { buildReftree, findSchemaFile, type Reftree } from '../../src/reftree/reftree.js';
import type { ConfigTree } from '../../src/tree/config-tree.js';
import { treesEqual } from '../../src/tree/tree-ops.js';
import { parseConfig } from '../../src/syntax/parse-config.js';
import { printCurly } from '../../src/syntax/print-curly.js';
import { printJson, printYaml } from '../../src/syntax/print-json.js';
import { printSet } from '../../src/syntax/print-set.js';
import { MINI } from '../unit/reftree/mini-schema.js';
import { treeArb, withoutAnnotations } from './arbitraries.js';

const REAL = buildReftree(JSON.parse(readFileSync(findSchemaFile(), 'utf8')) as object);

function roundTrip(rt: Reftree, runs: number): void {
  const arb = treeArb(rt, { meta: true });
  const check = (print: (t: ConfigTree) => string, expectTree: (t: ConfigTree) => unknown) =>
    fc.assert(
      fc.property(arb, (t) => {
        const text = print(t);
        const r = parseConfig(text, 'prop', { reftree: rt });
        if (r.diagnostics.some((d) => d.severity === 'error'))
          throw new Error(`diagnostics for:\n${text}\n${JSON.stringify(r.diagnostics)}`);
        if (!treesEqual(r.value.tree, expectTree(t))) {
          throw new Error(`differs:\n${text}\n${JSON.stringify(t)}\n${JSON.stringify(r.value.tree)}`);
        }
      }),
      { numRuns: runs },
    );
  test('curly', () =>
    check(
      (t) => printCurly(t, { reftree: rt }),
      (t) => t,
    ));
  test('set (annotations are not part of display set)', () =>
    check(
      (t) => printSet(t, { reftree: rt }),
      (t) => withoutAnnotations(t),
    ));
  test('json', () =>
    check(
      (t) => printJson(t, { reftree: rt }),
      (t) => t,
    ));
  test('yaml', () =>
    check(
      (t) => printYaml(t, { reftree: rt }),
      (t) => t,
    ));
  test('printCurly is idempotent', () =>
    fc.assert(
      fc.property(arb, (t) => {
        const once = printCurly(t, { reftree: rt });
        const twice = printCurly(parseConfig(once, 'p', { reftree: rt }).value.tree, { reftree: rt });
        expect(twice).toBe(once);
      }),
      { numRuns: runs },
    ));
}

const SCALE = Number(process.env.PROPERTY_SCALE ?? '1');
describe('round trips, test schema', () => roundTrip(MINI, 60 * SCALE));
describe('round trips, project schema', () => roundTrip(REAL, 20 * SCALE));
