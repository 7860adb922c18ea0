/**
 * plan(desired, observed, now) as a table (ESLint RuleTester style): each
 * case is a committed configuration (set lines), the PKI state and an
 * instant, and the exact plan expected.
 */
import { describe, expect, it } from '@jest/globals';
import {
  desiredFromConfig,
  plan,
  renderPlan,
  isEffect,
  type Action,
  type ObservedState,
} from '../../../src/enroll/plan.js';
import type { ConfigTree } from '../../../src/tree/config-tree.js';
import { parseConfig } from '../../../src/syntax/parse-config.js';

const DAY = 86_400_000;
const NB = new Date('2026-01-01T00:00:00Z');
const NA = new Date(NB.getTime() + 365 * DAY);

/** The committed configuration of a case, read by the real set parser. */
function tree(lines: string[]): ConfigTree {
  const r = parseConfig(lines.join('\n'), 'case.set');
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return r.value!.tree;
}

const PROFILES = [
  'set security pki ca-profile P enrollment url http://ca.example/scep',
  'set security pki ca-profile C enrollment url http://ca.example/pkix/',
];

const observed = (o: Partial<ObservedState> = {}): ObservedState => ({
  localCerts: [{ certId: 'ca-ipsec', notBefore: NB, notAfter: NA }],
  caCerts: [{ profile: 'P' }, { profile: 'C' }],
  pendingJobs: [],
  ...o,
});

interface Case {
  name: string;
  config: string[];
  observed?: ObservedState;
  now: Date;
  expected: Action[];
}

const at = (ms: number): Date => new Date(ms);
const scep = (extra: Partial<Action> = {}): Action =>
  ({
    kind: 'renew-scep',
    certId: 'ca-ipsec',
    caProfile: 'P',
    url: 'http://ca.example/scep',
    at: at(NB.getTime() + 328.5 * DAY),
    regenerateKey: false,
    retry: 10,
    retryIntervalSec: 900,
    backoff: { retryIntervalSec: 900, retryIntervalConfigured: false },
    ...extra,
  }) as Action;

const cases: Case[] = [
  {
    name: '10 % remaining of a 365-day certificate: trigger 328.5 days after notBefore (scheduled)',
    config: [
      ...PROFILES,
      'set security pki auto-re-enrollment scep certificate-id ca-ipsec ca-profile-name P re-enroll-trigger-time-percentage 10',
    ],
    now: at(NB.getTime() + 300 * DAY),
    expected: [
      { kind: 'scheduled', protocol: 'scep', certId: 'ca-ipsec', at: at(NB.getTime() + 328.5 * DAY) },
    ],
  },
  {
    name: 'trigger time reached: renew over SCEP with the same key',
    config: [
      ...PROFILES,
      'set security pki auto-re-enrollment scep certificate-id ca-ipsec ca-profile-name P re-enroll-trigger-time-percentage 10',
    ],
    now: at(NB.getTime() + 328.5 * DAY),
    expected: [scep()],
  },
  {
    name: 're-generate-keypair, challenge password and SCEP algorithms are carried',
    config: [
      ...PROFILES,
      'set security pki ca-profile P enrollment retry 3',
      'set security pki ca-profile P enrollment retry-interval 60',
      'set security pki auto-re-enrollment scep certificate-id ca-ipsec ca-profile-name P re-enroll-trigger-time-percentage 10',
      'set security pki auto-re-enrollment scep certificate-id ca-ipsec re-generate-keypair',
      'set security pki auto-re-enrollment scep certificate-id ca-ipsec challenge-password s3cret',
      'set security pki auto-re-enrollment scep certificate-id ca-ipsec scep-encryption-algorithm des3',
      'set security pki auto-re-enrollment scep certificate-id ca-ipsec scep-digest-algorithm sha1',
    ],
    now: at(NB.getTime() + 340 * DAY),
    expected: [
      scep({
        regenerateKey: true,
        retry: 3,
        retryIntervalSec: 60,
        backoff: { retryIntervalSec: 60, retryIntervalConfigured: true },
        challengePassword: expect.stringMatching(/^\$9\$/) as unknown as string,
        scepCipher: 'des3',
        scepDigest: 'sha1',
      } as Partial<Action>),
    ],
  },
  {
    name: 're-enroll-time days: 30 days before expiry',
    config: [
      ...PROFILES,
      'set security pki auto-re-enrollment scep certificate-id ca-ipsec ca-profile-name P re-enroll-time days 30',
    ],
    now: at(NB.getTime()),
    expected: [{ kind: 'scheduled', protocol: 'scep', certId: 'ca-ipsec', at: at(NA.getTime() - 30 * DAY) }],
  },
  {
    name: 're-enroll-time hours: 12 hours before expiry',
    config: [
      ...PROFILES,
      'set security pki auto-re-enrollment scep certificate-id ca-ipsec ca-profile-name P re-enroll-time hours 12',
    ],
    now: at(NB.getTime()),
    expected: [
      { kind: 'scheduled', protocol: 'scep', certId: 'ca-ipsec', at: at(NA.getTime() - 12 * 3_600_000) },
    ],
  },
  {
    name: 're-enroll-time percent 20 wins over re-enroll-trigger-time-percentage 10',
    config: [
      ...PROFILES,
      'set security pki auto-re-enrollment scep certificate-id ca-ipsec ca-profile-name P re-enroll-trigger-time-percentage 10',
      'set security pki auto-re-enrollment scep certificate-id ca-ipsec re-enroll-time percent 20',
    ],
    now: at(NB.getTime()),
    expected: [{ kind: 'scheduled', protocol: 'scep', certId: 'ca-ipsec', at: at(NB.getTime() + 292 * DAY) }],
  },
  {
    name: 're-enroll-time days wins over the percentage and is due',
    config: [
      ...PROFILES,
      'set security pki auto-re-enrollment scep certificate-id ca-ipsec ca-profile-name P re-enroll-trigger-time-percentage 10',
      'set security pki auto-re-enrollment scep certificate-id ca-ipsec re-enroll-time days 60',
    ],
    now: at(NA.getTime() - 59 * DAY),
    expected: [scep({ at: at(NA.getTime() - 60 * DAY) } as Partial<Action>)],
  },
  {
    name: 'legacy bare certificate-id form is SCEP',
    config: [
      ...PROFILES,
      'set security pki auto-re-enrollment certificate-id ca-ipsec ca-profile-name P re-enroll-trigger-time-percentage 10',
    ],
    now: at(NA.getTime() - DAY),
    expected: [scep()],
  },
  {
    name: 'cmpv2: kur with a new key',
    config: [
      ...PROFILES,
      'set security pki auto-re-enrollment cmpv2 certificate-id ca-ipsec ca-profile-name C re-enroll-trigger-time-percentage 10',
      'set security pki auto-re-enrollment cmpv2 certificate-id ca-ipsec re-generate-keypair',
    ],
    now: at(NA.getTime() - DAY),
    expected: [
      {
        kind: 'renew-cmpv2',
        certId: 'ca-ipsec',
        caProfile: 'C',
        url: 'http://ca.example/pkix/',
        at: at(NB.getTime() + 328.5 * DAY),
        regenerateKey: true,
        backoff: { retryIntervalSec: 900, retryIntervalConfigured: false },
      },
    ],
  },
  {
    name: 'an expired certificate is still renewed',
    config: [
      ...PROFILES,
      'set security pki auto-re-enrollment scep certificate-id ca-ipsec ca-profile-name P re-enroll-trigger-time-percentage 10',
    ],
    now: at(NA.getTime() + DAY),
    expected: [scep()],
  },
  {
    name: 'no local certificate yet',
    config: [
      ...PROFILES,
      'set security pki auto-re-enrollment scep certificate-id ca-ipsec ca-profile-name P re-enroll-trigger-time-percentage 10',
    ],
    observed: observed({ localCerts: [] }),
    now: NB,
    expected: [
      {
        kind: 'note',
        certId: 'ca-ipsec',
        message: 'auto-re-enrollment scep ca-ipsec: no local certificate yet',
      },
    ],
  },
  {
    name: 'CA certificate missing (Junos rule 2: the CA certificate must be present)',
    config: [
      ...PROFILES,
      'set security pki auto-re-enrollment scep certificate-id ca-ipsec ca-profile-name P re-enroll-trigger-time-percentage 10',
    ],
    observed: observed({ caCerts: [{ profile: 'C' }] }),
    now: NA,
    expected: [
      {
        kind: 'note',
        certId: 'ca-ipsec',
        message:
          'CA certificate missing for ca-profile P: run request security pki ca-certificate enroll ca-profile P',
      },
    ],
  },
  {
    name: 'CMPv2: the issuer under another profile is enough (the CA of a CMPv2 response may live there)',
    config: [
      ...PROFILES,
      'set security pki auto-re-enrollment cmpv2 certificate-id ca-ipsec ca-profile-name C re-enroll-trigger-time-percentage 10',
    ],
    observed: observed({
      localCerts: [{ certId: 'ca-ipsec', notBefore: NB, notAfter: NA, issuerInStore: true }],
      caCerts: [{ profile: 'P' }],
    }),
    now: NA,
    expected: [
      {
        kind: 'renew-cmpv2',
        certId: 'ca-ipsec',
        caProfile: 'C',
        url: 'http://ca.example/pkix/',
        at: at(NB.getTime() + 328.5 * DAY),
        regenerateKey: false,
        backoff: { retryIntervalSec: 900, retryIntervalConfigured: false },
      },
    ],
  },
  {
    name: 'a job in progress is not started twice',
    config: [
      ...PROFILES,
      'set security pki auto-re-enrollment scep certificate-id ca-ipsec ca-profile-name P re-enroll-trigger-time-percentage 10',
    ],
    observed: observed({ pendingJobs: ['ca-ipsec'] }),
    now: NA,
    expected: [
      {
        kind: 'note',
        certId: 'ca-ipsec',
        message: 'auto-re-enrollment scep ca-ipsec: enrollment in progress (resumed by the daemon)',
      },
    ],
  },
  {
    name: 'a trigger before the certificate starts would renew forever: renewed with one third of the validity left',
    config: [
      ...PROFILES,
      'set security pki auto-re-enrollment scep certificate-id ca-ipsec ca-profile-name P re-enroll-time days 400',
    ],
    now: at(NB.getTime() + 200 * DAY),
    expected: [
      {
        kind: 'scheduled',
        protocol: 'scep',
        certId: 'ca-ipsec',
        at: at(NA.getTime() - (365 * DAY) / 3),
      },
    ],
  },
  {
    name: 'a trigger at issuance (within the CA backdating of notBefore) is due only at the fallback',
    config: [
      ...PROFILES,
      'set security pki auto-re-enrollment scep certificate-id ca-ipsec ca-profile-name P re-enroll-time hours 24',
    ],
    observed: observed({
      localCerts: [{ certId: 'ca-ipsec', notBefore: NB, notAfter: at(NB.getTime() + DAY + 5 * 60_000) }],
    }),
    now: at(NB.getTime() + 5 * 60_000),
    expected: [
      {
        kind: 'scheduled',
        protocol: 'scep',
        certId: 'ca-ipsec',
        at: at(NB.getTime() + ((DAY + 5 * 60_000) * 2) / 3),
      },
    ],
  },
  {
    name: 'no trigger configured',
    config: [
      ...PROFILES,
      'set security pki auto-re-enrollment scep certificate-id ca-ipsec ca-profile-name P',
    ],
    now: NA,
    expected: [
      {
        kind: 'note',
        certId: 'ca-ipsec',
        message:
          'auto-re-enrollment scep ca-ipsec: neither re-enroll-trigger-time-percentage nor re-enroll-time is configured',
      },
    ],
  },
  {
    name: 'an inactive auto-re-enrollment entry counts as absent',
    config: [
      ...PROFILES,
      'set security pki auto-re-enrollment scep certificate-id ca-ipsec ca-profile-name P re-enroll-trigger-time-percentage 10',
      'deactivate security pki auto-re-enrollment scep certificate-id ca-ipsec',
    ],
    now: NA,
    expected: [],
  },
  {
    name: 'Junos rule 12: a deleted ca-profile loses its CA certificate; chain certificates are kept',
    config: ['set security pki ca-profile P enrollment url http://ca.example/scep'],
    observed: observed({
      localCerts: [],
      caCerts: [{ profile: 'P' }, { profile: 'C' }, { profile: '0000000000001234', chainParent: 'C' }],
    }),
    now: NB,
    expected: [{ kind: 'remove-ca-certificate', caProfile: 'C' }],
  },
  {
    name: 'Junos rule 12: a deactivated ca-profile counts as deleted',
    config: [...PROFILES, 'deactivate security pki ca-profile C'],
    observed: observed({ localCerts: [] }),
    now: NB,
    expected: [{ kind: 'remove-ca-certificate', caProfile: 'C' }],
  },
  {
    // found by plan-idempotent.property (seed 722440495): renewing it would bring another like it, every pass
    name: 'a certificate valid for no time (notAfter = notBefore) is reported, not renewed on every pass',
    config: [
      ...PROFILES,
      'set security pki auto-re-enrollment scep certificate-id ca-ipsec ca-profile-name P re-enroll-time days 0',
    ],
    observed: observed({ localCerts: [{ certId: 'ca-ipsec', notBefore: NB, notAfter: NB }] }),
    now: NB,
    expected: [
      {
        kind: 'note',
        certId: 'ca-ipsec',
        message:
          'auto-re-enrollment scep ca-ipsec: certificate has an empty validity period (not after its not-before date); not renewed automatically',
      },
    ],
  },
];

describe('plan', () => {
  for (const c of cases) {
    it(c.name, () => {
      expect(plan(desiredFromConfig(tree(c.config)), c.observed ?? observed(), c.now)).toEqual(c.expected);
    });
  }

  it('is deterministic and pure (same input, same output; input not mutated)', () => {
    const d = desiredFromConfig(tree(cases[1].config));
    const o = observed();
    const snapshot = JSON.stringify(o);
    expect(plan(d, o, cases[1].now)).toEqual(plan(d, o, cases[1].now));
    expect(JSON.stringify(o)).toBe(snapshot);
  });

  it('renders terraform-style lines without secrets', () => {
    const d = desiredFromConfig(tree(cases[2].config));
    const lines = renderPlan(plan(d, observed(), cases[2].now));
    expect(lines).toEqual([
      'Enrollment plan: renew ca-ipsec over SCEP now (due 11-25-2026 12:00 UTC, ca-profile P, new key pair)',
    ]);
    expect(lines.join('\n')).not.toMatch(/\$9\$|s3cret/);
    const later = renderPlan(plan(desiredFromConfig(tree(cases[0].config)), observed(), cases[0].now));
    expect(later).toEqual(['Enrollment plan: renew ca-ipsec over SCEP at 11-25-2026 12:00 UTC']);
  });

  it('isEffect separates executable actions from scheduled and notes', () => {
    expect(
      cases
        .flatMap((c) => plan(desiredFromConfig(tree(c.config)), c.observed ?? observed(), c.now))
        .filter(isEffect)
        .map((a) => a.kind),
    ).toEqual([
      'renew-scep',
      'renew-scep',
      'renew-scep',
      'renew-scep',
      'renew-cmpv2',
      'renew-scep',
      'renew-cmpv2',
      'remove-ca-certificate',
      'remove-ca-certificate',
    ]);
  });
});
