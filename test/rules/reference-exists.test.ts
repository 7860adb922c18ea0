import { referenceExistsRule } from '../../src/validate/rules/reference-exists.js';
import { testRule } from './rule-tester.js';

const CA = 'set security pki ca-profile CA ca-identity CA enrollment url http://192.0.2.1/scep\n';
const ARE = 'set security pki auto-re-enrollment scep certificate-id C re-enroll-trigger-time-percentage 10 ';

testRule(referenceExistsRule, {
  valid: [
    CA + ARE + 'ca-profile-name CA',
    CA + 'set security ike policy P certificate trusted-ca ca-profile CA',
    CA +
      'set security pki trusted-ca-group G ca-profiles CA\nset security ike policy P certificate trusted-ca trusted-ca-group G',
    'set security ike proposal X authentication-method rsa-signatures\nset security ike policy P proposals X',
    CA + 'set security pki trap ca-identity CA 30',
    // Names that are Object.prototype members are names like any other.
    CA.replace(/CA/g, 'constructor') + ARE + 'ca-profile-name constructor',
    // A local certificate is a runtime object of the PKI store: never a configuration reference.
    'set security ike policy P certificate local-certificate not-in-config',
    CA + 'set security pki cloud-certificate-profile K trusted-ca CA',
    // Opaque targets: unmodelled hierarchies written as set lines.
    'set routing-instances VR instance-type virtual-router\nset security pki ca-profile CA ca-identity CA routing-instance VR',
    'set services proxy profile PX protocol http host 192.0.2.9\nset security pki ca-profile CA ca-identity CA proxy-profile PX',
    // ... and in curly form, split over nested blocks.
    'services {\n    proxy {\n        profile PX {\n            protocol {\n                http {\n                    host 192.0.2.9;\n                }\n            }\n        }\n    }\n}\nsecurity {\n    pki {\n        ca-profile CA {\n            ca-identity CA;\n            proxy-profile PX;\n        }\n    }\n}\n',
  ],
  invalid: [
    ...['constructor', 'toString', 'hasOwnProperty'].map((name) => ({
      // Undefined although Object.prototype has a member of that name.
      text: CA + ARE + `ca-profile-name ${name}`,
      errors: [
        {
          code: 'REFERENCE_UNDEFINED',
          path: `security pki auto-re-enrollment scep certificate-id C: ca-profile-name ${name}`,
          line: 2,
          column: 112,
        },
      ],
    })),
    {
      text: ARE + 'ca-profile-name NOPE',
      errors: [
        {
          code: 'REFERENCE_UNDEFINED',
          path: 'security pki auto-re-enrollment scep certificate-id C: ca-profile-name NOPE',
          line: 1,
          column: 112,
        },
      ],
    },
    {
      // A reference to an inactive ca-profile counts as missing.
      text: CA + 'deactivate security pki ca-profile CA\n' + ARE + 'ca-profile-name CA',
      errors: [
        {
          code: 'REFERENCE_UNDEFINED',
          path: 'security pki auto-re-enrollment scep certificate-id C: ca-profile-name CA',
          line: 3,
          column: 112,
        },
      ],
    },
    {
      text: 'set security ike policy P certificate trusted-ca ca-profile NOPE',
      errors: [
        {
          code: 'REFERENCE_UNDEFINED',
          path: 'security ike policy P certificate trusted-ca: ca-profile NOPE',
          line: 1,
          column: 61,
        },
      ],
    },
    {
      text: 'set security ike policy P certificate trusted-ca trusted-ca-group G',
      errors: [
        {
          code: 'REFERENCE_UNDEFINED',
          path: 'security ike policy P certificate trusted-ca: trusted-ca-group G',
          line: 1,
          column: 67,
        },
      ],
    },
    {
      text: 'set security ike gateway GW ike-policy NOPE',
      errors: [
        {
          code: 'REFERENCE_UNDEFINED',
          path: 'security ike gateway GW: ike-policy NOPE',
          line: 1,
          column: 40,
        },
      ],
    },
    {
      text: 'set security pki trap ca-identity NOPE 30',
      errors: [
        { code: 'REFERENCE_UNDEFINED', path: 'security pki trap: ca-identity NOPE', line: 1, column: 35 },
      ],
    },
    {
      text: 'set security pki ca-profile CA ca-identity CA routing-instance VR\nset security pki ca-profile CA proxy-profile PX',
      errors: [
        {
          code: 'REFERENCE_UNDEFINED',
          path: 'security pki ca-profile CA: routing-instance VR',
          line: 1,
          column: 64,
        },
        {
          code: 'REFERENCE_UNDEFINED',
          path: 'security pki ca-profile CA: proxy-profile PX',
          line: 2,
          column: 46,
        },
      ],
    },
    {
      // trusted-ca-group members have no Junos must rule: a warning only.
      text: 'set security pki trusted-ca-group G ca-profiles GHOST',
      errors: [
        {
          code: 'REFERENCE_DANGLING',
          path: 'security pki trusted-ca-group G: ca-profiles GHOST',
          line: 1,
          column: 49,
          severity: 'warning',
        },
      ],
    },
  ],
});
