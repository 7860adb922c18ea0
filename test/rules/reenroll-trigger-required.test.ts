import { reenrollTriggerRequiredRule } from '../../src/validate/rules/reenroll-trigger-required.js';
import { testRule } from './rule-tester.js';

testRule(reenrollTriggerRequiredRule, {
  valid: [
    'set security pki auto-re-enrollment scep certificate-id C re-enroll-trigger-time-percentage 10',
    'set security pki auto-re-enrollment cmpv2 certificate-id C re-enroll-time days 30',
    'set security pki auto-re-enrollment acme certificate-id C re-enroll-time percent 20',
  ],
  invalid: [
    {
      text: 'set security pki auto-re-enrollment scep certificate-id C ca-profile-name CA re-generate-keypair',
      errors: [
        {
          code: 'REENROLL_TRIGGER_MISSING',
          path: 'security pki auto-re-enrollment scep: certificate-id C',
          line: 1,
          column: 57,
        },
      ],
    },
  ],
});
