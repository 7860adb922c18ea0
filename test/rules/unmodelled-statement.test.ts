import { unmodelledStatementRule } from '../../src/validate/rules/unmodelled-statement.js';
import { ruleErrors, testRule } from './rule-tester.js';

const TEXT = 'set system host-name r1\nset interfaces ge-0/0/0 unit 0 family inet address 192.0.2.1/24';

testRule(
  unmodelledStatementRule,
  {
    valid: ['set system host-name r1\nset security pki ca-profile A ca-identity A'],
    invalid: [
      {
        text: 'set system host-name r1\nset system services ssh',
        // The set line that holds the opaque statement is shown.
        errors: [
          {
            code: 'UNMODELLED_STATEMENT',
            path: 'system: services',
            line: 2,
            column: 1,
            severity: 'warning',
          },
        ],
      },
    ],
  },
  true,
);

test('without --strict unmodelled statements are silent', () => {
  expect(ruleErrors(unmodelledStatementRule, TEXT, false)).toEqual([]);
  expect(ruleErrors(unmodelledStatementRule, TEXT, true).map((e) => e.path)).toEqual([': interfaces']);
});
