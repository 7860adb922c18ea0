/**
 * The schema is the single source of truth: a leaf added to a copy of the
 * schema is parsed, printed, validated and offered by `?` help with no code
 * change, only by handing the copy to buildReftree and validateTree.
 */
import { readFileSync } from 'node:fs';
import { buildReftree, findSchemaFile, scopeOf } from '../../../src/reftree/reftree.js';
import { parseConfig } from '../../../src/syntax/parse-config.js';
import { printCurly } from '../../../src/syntax/print-curly.js';
import { printSet } from '../../../src/syntax/print-set.js';
import { validateTree } from '../../../src/validate/validate.js';
import { getAt } from '../../../src/tree/tree-ops.js';

type Json = { [k: string]: Json } & { properties: Record<string, Json>; additionalProperties: Json };

const original = JSON.parse(readFileSync(findSchemaFile(), 'utf8')) as Json;
const copy = structuredClone(original);
const caProfileEntry = copy.properties.security.properties.pki.properties['ca-profile'].additionalProperties;
caProfileEntry.properties['renewal-window'] = {
  'x-kind': 'leaf',
  description: 'Days before expiry to start renewal (1..30 days)',
  type: 'integer',
  minimum: 1,
  maximum: 30,
} as unknown as Json;

const reftree = buildReftree(copy);
const TEXT =
  'set security pki ca-profile CA ca-identity CA\nset security pki ca-profile CA renewal-window 14\n';

describe('a leaf added only to a copy of the schema', () => {
  test('is unknown to the project schema', () => {
    const r = parseConfig(TEXT, 'input');
    expect(r.diagnostics.some((d) => d.severity === 'error')).toBe(true);
  });

  test('parses, prints, validates and has help', () => {
    const parsed = parseConfig(TEXT, 'input', { reftree });
    expect(parsed.diagnostics).toEqual([]);
    expect(getAt(parsed.value.tree, ['security', 'pki', 'ca-profile', 'CA', 'renewal-window'])).toBe(14);

    expect(printSet(parsed.value.tree, { reftree })).toContain(
      'set security pki ca-profile CA renewal-window 14',
    );
    expect(printCurly(parsed.value.tree, { reftree })).toContain('renewal-window 14;');

    expect(validateTree(parsed.value.tree, parsed.value.spans, { schema: copy })).toEqual([]);
    const bad = parseConfig(TEXT.replace('14', '45'), 'input', { reftree });
    expect(
      validateTree(bad.value.tree, bad.value.spans, { schema: copy }).map((d) => [
        d.code,
        d.message,
        d.statement,
      ]),
    ).toEqual([['VALUE_OUT_OF_RANGE', 'Value 45 is not within range (1..30)', 'renewal-window 45']]);

    const profile = scopeOf(reftree.nodeAt(['security', 'pki', 'ca-profile'])!);
    expect(profile.order).toContain('renewal-window');
    expect(profile.children.get('renewal-window')?.help).toBe(
      'Days before expiry to start renewal (1..30 days)',
    );
  });
});
