import { ikeGatewayDynamicIdentityRule } from '../../src/validate/rules/ike-gateway-dynamic-identity.js';
import { testRule } from './rule-tester.js';

testRule(ikeGatewayDynamicIdentityRule, {
  valid: [
    'set security ike gateway G dynamic hostname peer.example.net',
    'set security ike gateway G address 192.0.2.1 remote-identity distinguished-name',
  ],
  invalid: [
    {
      text: 'set security ike gateway G dynamic hostname peer.example.net\nset security ike gateway G remote-identity hostname peer',
      errors: [
        {
          code: 'IKE_GATEWAY_DYNAMIC_IDENTITY',
          path: 'security ike gateway G: remote-identity',
          line: 2,
          column: 28,
        },
      ],
    },
  ],
});
