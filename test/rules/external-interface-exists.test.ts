import {
  externalInterfaceExistsRule,
  splitInterface,
} from '../../src/validate/rules/external-interface-exists.js';
import { testRule } from './rule-tester.js';

const GW = 'set security ike gateway G ike-policy P external-interface ';

testRule(externalInterfaceExistsRule, {
  valid: [
    'set interfaces ge-0/0/0 unit 0 family inet address 192.0.2.1/24\n' + GW + 'ge-0/0/0.0',
    'set interfaces ge-0/0/0 unit 0 family inet address 192.0.2.1/24\n' + GW + 'ge-0/0/0',
    'interfaces {\n    reth0 {\n        unit 12 {\n            family inet;\n        }\n    }\n}\n' +
      'security {\n    ike {\n        gateway G {\n            external-interface reth0.12;\n        }\n    }\n}\n',
  ],
  invalid: [
    {
      text: 'set interfaces ge-0/0/0 unit 0 family inet address 192.0.2.1/24\n' + GW + 'ge-0/0/0.5',
      errors: [
        {
          code: 'REFERENCE_UNDEFINED',
          path: 'security ike gateway G: external-interface ge-0/0/0.5',
          line: 2,
          column: 60,
        },
      ],
    },
    {
      // An inactive interface does not count.
      text:
        'set interfaces ge-0/0/1 unit 0 family inet\ndeactivate interfaces ge-0/0/1\n' + GW + 'ge-0/0/1.0',
      errors: [
        {
          code: 'REFERENCE_UNDEFINED',
          path: 'security ike gateway G: external-interface ge-0/0/1.0',
          line: 3,
          column: 60,
        },
      ],
    },
  ],
});

test('splitInterface', () => {
  expect(splitInterface('ge-0/0/0.10')).toEqual(['ge-0/0/0', '10']);
  expect(splitInterface('st0')).toEqual(['st0', '0']);
});
