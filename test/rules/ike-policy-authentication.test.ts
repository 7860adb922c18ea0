import { ikePolicyAuthenticationRule } from '../../src/validate/rules/ike-policy-authentication.js';
import { testRule } from './rule-tester.js';

testRule(ikePolicyAuthenticationRule, {
  valid: [
    'set security ike policy P certificate local-certificate cert1',
    'set security ike policy P pre-shared-key ascii-text secret',
    'set security ike policy P seeded-pre-shared-key ascii-text secret',
  ],
  invalid: [
    {
      text: 'set security ike policy P mode main',
      errors: [{ code: 'IKE_POLICY_AUTH', path: 'security ike: policy P', line: 1, column: 25 }],
    },
    {
      text: 'set security ike policy P certificate local-certificate cert1\nset security ike policy P pre-shared-key ascii-text secret',
      errors: [{ code: 'IKE_POLICY_AUTH', path: 'security ike: policy P', line: 1, column: 25 }],
    },
  ],
});
