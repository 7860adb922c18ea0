import { validateTree } from '../../../src/validate/validate.js';
import { SpanMap } from '../../../src/tree/span-map.js';
import type { ConfigTree } from '../../../src/tree/config-tree.js';

const summary = (tree: ConfigTree, strict = false) =>
  validateTree(tree, new SpanMap(), { strict }).map((d) => ({
    code: d.code,
    severity: d.severity,
    path: (d.path ?? []).join(' '),
    statement: d.statement,
    message: d.message,
  }));

const pki = (p: object): ConfigTree => ({ security: { pki: p } }) as ConfigTree;

describe('validateTree (hand-made trees)', () => {
  test('a complete seed-like tree is valid', () => {
    const t = pki({
      'ca-profile': {
        '@order': ['ca-profile-ipsec'],
        'ca-profile-ipsec': {
          'ca-identity': 'microsoft-2008',
          enrollment: { url: 'http://198.51.100.230:8080/scep/WIN-01/' },
        },
      },
      'auto-re-enrollment': {
        scep: {
          'certificate-id': {
            'ca-ipsec': {
              'ca-profile-name': 'ca-profile-ipsec',
              'challenge-password': '$9$abc',
              're-enroll-trigger-time-percentage': 10,
              're-generate-keypair': true,
            },
          },
        },
      },
    });
    expect(summary(t)).toEqual([]);
  });

  test('schema errors in Junos words', () => {
    const t = pki({
      'ca-profile': {
        'a.b': { 'ca-identity': 'x', enrollment: { url: 'u', retry: 2000 } },
        ok: { enrollment: {} },
      },
    });
    expect(summary(t)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          code: 'INVALID_NAME',
          message: "Must not contain '/', %, '.' or a space",
          statement: 'ca-profile a.b',
        }),
        expect.objectContaining({
          code: 'VALUE_OUT_OF_RANGE',
          message: 'Value 2000 is not within range (0..1080)',
          statement: 'retry 2000',
          path: 'security pki ca-profile a.b enrollment',
        }),
        expect.objectContaining({
          code: 'MISSING_MANDATORY',
          message: "Missing mandatory statement: 'ca-identity'",
          statement: 'ca-profile ok',
          path: 'security pki',
        }),
        expect.objectContaining({
          code: 'MISSING_MANDATORY',
          message: "Missing mandatory statement: 'url'",
          statement: 'enrollment',
        }),
      ]),
    );
  });

  test('references, enrollment url, trigger', () => {
    const t = pki({
      'ca-profile': { P: { 'ca-identity': 'P' } },
      'auto-re-enrollment': {
        cmpv2: {
          'certificate-id': {
            A: { 'ca-profile-name': 'P' },
            B: { 'ca-profile-name': 'Q', 're-enroll-time': { days: 3 } },
          },
        },
      },
    });
    expect(summary(t).map((d) => [d.code, d.statement])).toEqual([
      ['REFERENCE_UNDEFINED', 'ca-profile-name Q'],
      ['REFERENCE_NO_ENROLLMENT_URL', 'ca-profile-name P'],
      ['REENROLL_TRIGGER_MISSING', 'certificate-id A'],
    ]);
  });
});
