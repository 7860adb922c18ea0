import { enrollmentUrlRequiredRule } from '../../src/validate/rules/enrollment-url-required.js';
import { testRule } from './rule-tester.js';

const ARE = (kind: string) =>
  `set security pki auto-re-enrollment ${kind}certificate-id C re-enroll-trigger-time-percentage 10 ca-profile-name CA`;

testRule(enrollmentUrlRequiredRule, {
  valid: [
    'set security pki ca-profile CA ca-identity CA enrollment url http://192.0.2.1/scep\n' + ARE('scep '),
    // A missing profile is reference-exists' finding, not this rule's.
    ARE('cmpv2 '),
  ],
  invalid: [
    {
      text: 'set security pki ca-profile CA ca-identity CA\n' + ARE('scep '),
      errors: [
        {
          code: 'REFERENCE_NO_ENROLLMENT_URL',
          path: 'security pki auto-re-enrollment scep certificate-id C: ca-profile-name CA',
          line: 2,
          column: 112,
        },
      ],
    },
    {
      // the legacy bare form and cmpv2 are checked alike
      text: 'set security pki ca-profile CA ca-identity CA\n' + ARE('') + '\n' + ARE('cmpv2 '),
      errors: [
        {
          code: 'REFERENCE_NO_ENROLLMENT_URL',
          path: 'security pki auto-re-enrollment certificate-id C: ca-profile-name CA',
          line: 2,
          column: 107,
        },
        {
          code: 'REFERENCE_NO_ENROLLMENT_URL',
          path: 'security pki auto-re-enrollment cmpv2 certificate-id C: ca-profile-name CA',
          line: 3,
          column: 113,
        },
      ],
    },
  ],
});
