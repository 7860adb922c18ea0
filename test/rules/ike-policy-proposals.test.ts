import { ikePolicyProposalsRule } from '../../src/validate/rules/ike-policy-proposals.js';
import { testRule } from './rule-tester.js';

const CERT = 'set security ike policy P certificate local-certificate c\n';

testRule(ikePolicyProposalsRule, {
  valid: [
    CERT + 'set security ike policy P proposal-set standard',
    CERT + 'set security ike policy P proposal-set suiteb-gcm-128',
  ],
  invalid: [
    {
      text: CERT + 'set security ike policy P proposals X\nset security ike policy P proposal-set standard',
      errors: [
        {
          code: 'IKE_POLICY_PROPOSALS',
          path: 'security ike policy P: proposal-set standard',
          line: 3,
          column: 40,
        },
      ],
    },
    {
      text: 'set security ike policy P proposal-set prime-256 pre-shared-key ascii-text x',
      errors: [
        {
          code: 'IKE_PROPOSAL_SET_CERT',
          path: 'security ike policy P: proposal-set prime-256',
          line: 1,
          column: 40,
        },
      ],
    },
  ],
});
