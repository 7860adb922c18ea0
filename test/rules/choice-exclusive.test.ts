import { choiceExclusiveRule } from '../../src/validate/rules/choice-exclusive.js';
import { validateTree } from '../../src/validate/validate.js';
import type { ConfigTree } from '../../src/tree/config-tree.js';
import { testRule } from './rule-tester.js';

testRule(choiceExclusiveRule, {
  valid: [
    // In every text format a later member of the choice replaces the earlier one.
    'set security pki ca-profile A revocation-check use-crl\nset security pki ca-profile A revocation-check disable',
    'security {\n    pki {\n        ca-profile A {\n            revocation-check {\n                use-crl;\n                disable;\n            }\n        }\n    }\n}\n',
  ],
  invalid: [],
});

test('a tree built by other means (API, hand-made JSON tree) with two members of a choice', () => {
  const tree = {
    security: { pki: { 'ca-profile': { A: { 'revocation-check': { 'use-crl': true, disable: true } } } } },
  } as ConfigTree;
  const ds = validateTree(tree, undefined, { rules: [choiceExclusiveRule] }).filter(
    (d) => d.stage === 'semantic',
  );
  expect(ds.map((d) => [d.code, d.path?.join(' '), d.statement, d.message])).toEqual([
    [
      'CHOICE_CONFLICT',
      'security pki ca-profile A revocation-check',
      'disable',
      "Only one of 'use-crl', 'use-ocsp', 'disable' may be configured ('use-crl' is)",
    ],
  ]);
});
