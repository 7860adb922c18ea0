/**
 * Pins the effective-tree skip (validate/incremental.ts sharedEffectiveTree):
 * a tree its TreeWriter finished without seeing an inactive mark is taken as
 * its own effective tree, without the walk. For generated trees parsed from
 * set and curly text (inactive: prefixes, deactivate lines) and then edited
 * (activate, deactivate, delete, rename, copy), a tree marked so must hold no
 * inactive mark anywhere, and validating it must give the same diagnostics as
 * validating an unmarked copy of it (the walk's path).
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { buildReftree, findSchemaFile } from '../../src/reftree/reftree.js';
import { deepFreeze, type ConfigTree } from '../../src/tree/config-tree.js';
import { withoutInactive } from '../../src/tree/tree-writer.js';
import { applyCommands, type EditState } from '../../src/syntax/apply-commands.js';
import { parseCommands } from '../../src/syntax/parse-commands.js';
import { parseConfig } from '../../src/syntax/parse-config.js';
import { printCurly } from '../../src/syntax/print-curly.js';
import { printSet } from '../../src/syntax/print-set.js';
import { validateTree } from '../../src/validate/validate.js';
import type { SpanMap } from '../../src/tree/span-map.js';
import { treeArb } from './arbitraries.js';

const RT = buildReftree(JSON.parse(readFileSync(findSchemaFile(), 'utf8')) as object);

/** Whether any object of the tree holds an inactive mark ("@" or "@<leaf>"), by a full scan. */
function hasInactiveMark(v: unknown): boolean {
  if (typeof v !== 'object' || v === null) return false;
  if (Array.isArray(v)) return v.some(hasInactiveMark);
  for (const [k, x] of Object.entries(v)) {
    if (k.startsWith('@') && typeof x === 'object' && x !== null && (x as { inactive?: unknown }).inactive)
      return true;
    if (hasInactiveMark(x)) return true;
  }
  return false;
}

const EDITS = [
  'deactivate security pki ca-profile CA-1',
  'deactivate security pki ca-profile CA-1 enrollment url',
  'activate security pki ca-profile CA-1',
  'activate security pki ca-profile CA-1 enrollment url',
  'set security pki ca-profile CA-1 enrollment url http://a/b',
  'set security pki ca-profile CA-2 ca-identity x',
  'set security pki auto-re-enrollment scep certificate-id c1 ca-profile-name CA-1',
  'set security pki auto-re-enrollment scep certificate-id c1 re-enroll-trigger-time-percentage 10',
  'delete security pki ca-profile CA-1',
  'rename security pki ca-profile CA-1 to CA-3',
  'copy security pki ca-profile CA-1 to CA-4',
  'annotate security pki ca-profile CA-2 "note"',
  'protect security pki ca-profile CA-2',
  'deactivate system',
  'activate system',
];

let marked = 0;
let withMarks = 0;

function check(tree: ConfigTree, spans: SpanMap | undefined): void {
  const has = hasInactiveMark(tree);
  if (has) withMarks++;
  if (!withoutInactive(tree)) return;
  marked++;
  expect(has).toBe(false);
  // an unmarked structural copy goes the walk's way
  const copy = deepFreeze(JSON.parse(JSON.stringify(tree)) as ConfigTree);
  expect(withoutInactive(copy)).toBe(false);
  expect(validateTree(tree, spans)).toEqual(validateTree(copy, spans));
}

test('a tree marked without inactive statements has none, and validates as an unmarked copy does', () => {
  fc.assert(
    fc.property(
      fc.oneof(treeArb(RT, { meta: true, maxDepth: 6 }), treeArb(RT, { meta: false, maxDepth: 6 })),
      fc.boolean(),
      fc.array(fc.constantFrom(...EDITS), { maxLength: 6 }),
      (t, curly, edits) => {
        const text = curly ? printCurly(t) : printSet(t, { reftree: RT });
        const parsed = parseConfig(text, curly ? 'f.conf' : 'f.set', { reftree: RT });
        check(parsed.value.tree, parsed.value.spans);
        let state: EditState = { tree: parsed.value.tree, spans: parsed.value.spans, editPath: [] };
        for (const line of edits) {
          const commands = parseCommands(line, 'edit').value;
          state = applyCommands(state, commands, { reftree: RT }).value;
          check(state.tree, state.spans);
        }
      },
    ),
    { numRuns: 150 },
  );
  // both sides of the property were exercised
  expect(marked).toBeGreaterThan(50);
  expect(withMarks).toBeGreaterThan(50);
});

test('the bench shape: a set file without inactive statements is marked, one with one is not', () => {
  const lines = [
    'set security pki ca-profile CA-1 ca-identity CA-1',
    'set security pki ca-profile CA-1 enrollment url http://ca/',
    'set security pki auto-re-enrollment scep certificate-id c1 ca-profile-name CA-1',
  ];
  expect(withoutInactive(parseConfig(lines.join('\n'), 'a.set', { reftree: RT }).value.tree)).toBe(true);
  const off = [...lines, 'deactivate security pki ca-profile CA-1 enrollment url'];
  expect(withoutInactive(parseConfig(off.join('\n'), 'b.set', { reftree: RT }).value.tree)).toBe(false);
});
