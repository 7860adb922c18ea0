/**
 * The schema is the single source of truth: a leaf added to a copy of the
 * project's schema is parsed, applied, printed in all formats and read back
 * with no code change.
 */
import { readFileSync } from 'node:fs';
import { buildReftree, defaultReftree, findSchemaFile } from '../../../src/reftree/reftree.js';
import { getAt } from '../../../src/tree/tree-ops.js';
import { parseConfig } from '../../../src/syntax/parse-config.js';
import { printCurly } from '../../../src/syntax/print-curly.js';
import { printJson, printYaml } from '../../../src/syntax/print-json.js';
import { printSet } from '../../../src/syntax/print-set.js';

type S = { properties: Record<string, S>; additionalProperties: S };

test('defaultReftree finds schemas/junos.schema.json by walking up', () => {
  expect(findSchemaFile()).toMatch(/schemas\/junos\.schema\.json$/);
  expect(defaultReftree().nodeAt(['security', 'pki', 'ca-profile'])?.kind).toBe('list');
});

test('a leaf added to a copy of the schema works everywhere', () => {
  const schema = JSON.parse(readFileSync(findSchemaFile(), 'utf8')) as S;
  const entry = schema.properties.security.properties.pki.properties['ca-profile'].additionalProperties;
  entry.properties['lucky-number'] = {
    'x-kind': 'leaf',
    type: 'integer',
    description: 'A leaf that exists only in this test',
  } as unknown as S;
  const rt = buildReftree(schema);
  expect(rt.nodeAt(['security', 'pki', 'ca-profile', 'X', 'lucky-number'])?.help).toBe(
    'A leaf that exists only in this test',
  );
  const r = parseConfig('set security pki ca-profile A ca-identity A lucky-number 7\n', 'in', {
    reftree: rt,
  });
  expect(r.diagnostics).toEqual([]);
  expect(getAt(r.value.tree, ['security', 'pki', 'ca-profile', 'A', 'lucky-number'])).toBe(7);
  const curly = printCurly(r.value.tree, { reftree: rt });
  expect(curly).toContain('lucky-number 7;');
  for (const text of [
    curly,
    printSet(r.value.tree, { reftree: rt }),
    printJson(r.value.tree, { reftree: rt }),
    printYaml(r.value.tree, { reftree: rt }),
  ]) {
    const back = parseConfig(text, 'in', { reftree: rt });
    expect(back.diagnostics).toEqual([]);
    expect(printCurly(back.value.tree, { reftree: rt })).toBe(curly);
  }
  // the project's schema does not know it: a closed container reports it
  const strict = parseConfig('set security pki ca-profile A lucky-number 7\n', 'in');
  expect(strict.diagnostics.map((d) => d.code)).toEqual(['UNKNOWN_STATEMENT']);
});
