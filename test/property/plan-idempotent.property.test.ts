/**
 * Reconcile is level-triggered (STYLE.md): after the effects of a plan are
 * applied to the observed state, planning again finds nothing to execute —
 * plan(desired, observedAfter(plan)) has no effectful action — and planning
 * is deterministic.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  isEffect,
  plan,
  type Action,
  type DesiredRenewal,
  type DesiredState,
  type ObservedState,
} from '../../src/enroll/plan.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 1);
const IDS = ['a', 'b', 'c', 'd'];
const PROFILES = ['P', 'Q', 'R'];

const policy = fc.oneof(
  fc.record({ percentage: fc.integer({ min: 1, max: 99 }) }),
  fc.record({ days: fc.integer({ min: 0, max: 400 }) }),
  fc.record({ hours: fc.integer({ min: 0, max: 9000 }) }),
  fc.record({ percent: fc.integer({ min: 1, max: 99 }) }),
  fc.record({ percentage: fc.integer({ min: 1, max: 99 }), days: fc.integer({ min: 0, max: 400 }) }),
  fc.constant({}),
);

const renewal: fc.Arbitrary<DesiredRenewal> = fc.record({
  protocol: fc.constantFrom('scep' as const, 'cmpv2' as const),
  certId: fc.constantFrom(...IDS),
  legacy: fc.boolean(),
  caProfile: fc.constantFrom(...PROFILES, 'Missing'),
  policy,
  regenerateKey: fc.boolean(),
});

const desired: fc.Arbitrary<DesiredState> = fc.record({
  renewals: fc.uniqueArray(renewal, { selector: (r) => r.certId, maxLength: 4 }),
  caProfiles: fc.subarray(PROFILES).chain((names) =>
    fc
      .tuple(...names.map(() => fc.option(fc.constant('http://ca.example/x'), { nil: undefined })))
      .map((urls) =>
        names.map((name, i) => ({
          name,
          ...(urls[i] !== undefined ? { url: urls[i] } : {}),
          retry: 10,
          retryIntervalSec: 900,
        })),
      ),
  ),
});

const observed: fc.Arbitrary<ObservedState> = fc.record({
  localCerts: fc
    .uniqueArray(
      fc.record({
        certId: fc.constantFrom(...IDS),
        start: fc.integer({ min: -800, max: 800 }),
        life: fc.integer({ min: 0, max: 800 }),
      }),
      { selector: (c) => c.certId },
    )
    .map((cs) =>
      cs.map((c) => ({
        certId: c.certId,
        notBefore: new Date(T0 + c.start * DAY),
        notAfter: new Date(T0 + (c.start + c.life) * DAY),
      })),
    ),
  caCerts: fc.uniqueArray(
    fc.record({
      profile: fc.constantFrom(...PROFILES, 'Old', '0000000000004711'),
      chainParent: fc.option(fc.constantFrom(...PROFILES, 'Old'), { nil: undefined }),
    }),
    { selector: (c) => c.profile },
  ),
  pendingJobs: fc.subarray(IDS),
});

/** The state reconcile would leave: renewed certificates start now with the same lifetime; removed CA certificates are gone. */
function observedAfter(o: ObservedState, actions: readonly Action[], now: Date): ObservedState {
  const renewed = new Set(
    actions.flatMap((a) => (a.kind === 'renew-scep' || a.kind === 'renew-cmpv2' ? [a.certId] : [])),
  );
  const removed = new Set(actions.flatMap((a) => (a.kind === 'remove-ca-certificate' ? [a.caProfile] : [])));
  return {
    localCerts: o.localCerts.map((c) =>
      renewed.has(c.certId)
        ? {
            certId: c.certId,
            notBefore: now,
            notAfter: new Date(now.getTime() + c.notAfter.getTime() - c.notBefore.getTime()),
          }
        : c,
    ),
    caCerts: o.caCerts.filter((c) => !removed.has(c.profile)),
    pendingJobs: o.pendingJobs,
  };
}

const clean = ({
  chainParent,
  ...rest
}: {
  profile: string;
  chainParent?: string;
}): ObservedState['caCerts'][number] => (chainParent === undefined ? rest : { ...rest, chainParent });

describe('plan is level-triggered', () => {
  it('plan(desired, observedAfter(plan)) has no effectful action', () => {
    let effects = 0;
    fc.assert(
      fc.property(desired, observed, fc.integer({ min: -900, max: 1700 }), (d, o0, nowDay) => {
        const o = { ...o0, caCerts: o0.caCerts.map(clean) };
        const now = new Date(T0 + nowDay * DAY);
        const first = plan(d, o, now);
        effects += first.filter(isEffect).length;
        const second = plan(d, observedAfter(o, first, now), now);
        expect(second.filter(isEffect)).toEqual([]);
        // and running the effects once more changes nothing
        expect(observedAfter(observedAfter(o, first, now), second, now)).toEqual(
          observedAfter(o, first, now),
        );
      }),
      { numRuns: 500 },
    );
    expect(effects).toBeGreaterThan(100); // not vacuous
  });

  it('is deterministic', () => {
    fc.assert(
      fc.property(desired, observed, fc.integer({ min: -900, max: 1700 }), (d, o0, nowDay) => {
        const o = { ...o0, caCerts: o0.caCerts.map(clean) };
        const now = new Date(T0 + nowDay * DAY);
        expect(plan(d, o, now)).toEqual(plan(d, o, now));
      }),
      { numRuns: 200 },
    );
  });
});
