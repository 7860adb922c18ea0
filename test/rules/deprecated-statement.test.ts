import { deprecatedStatementRule } from '../../src/validate/rules/deprecated-statement.js';
import { testRule } from './rule-tester.js';

testRule(deprecatedStatementRule, {
  valid: ['set security pki auto-re-enrollment scep certificate-id C re-enroll-trigger-time-percentage 10'],
  invalid: [
    {
      text: 'set security pki auto-re-enrollment certificate-id C re-enroll-trigger-time-percentage 10',
      errors: [
        {
          code: 'DEPRECATED_STATEMENT',
          path: 'security pki auto-re-enrollment: certificate-id C',
          line: 1,
          column: 52,
          severity: 'warning',
        },
      ],
    },
    {
      text: 'set security ike policy P certificate trusted-ca use-all',
      errors: [
        {
          code: 'DEPRECATED_STATEMENT',
          path: 'security ike policy P certificate trusted-ca: use-all',
          line: 1,
          column: 50,
          severity: 'warning',
        },
      ],
    },
  ],
});
