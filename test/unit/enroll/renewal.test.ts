// Auto re-enrollment: trigger arithmetic (the planner and the daemon are tested in plan/reconcile/daemon tests).
import { renewalSchedule, renewalTriggerTime } from '../../../src/enroll/renewal.js';

const D = 86_400_000;
const nb = new Date('2026-01-01T00:00:00Z');
const na = new Date(nb.getTime() + 100 * D);

describe('renewal trigger time', () => {
  test.each([
    [{ percentage: 10 }, 90 * D],
    [{ percentage: 99 }, 1 * D],
    [{ days: 5 }, 95 * D],
    [{ hours: 48 }, 98 * D],
    [{ percent: 25 }, 75 * D],
    [{ percentage: 10, days: 30 }, 70 * D], // re-enroll-time wins
  ])('%j', (policy, offset) => {
    expect(renewalTriggerTime(nb, na, policy)?.getTime()).toBe(nb.getTime() + offset);
  });
  test('no policy, no trigger', () => expect(renewalTriggerTime(nb, na, {})).toBeUndefined());
  // a trigger at issuance: the first hour of the validity (CAs backdate notBefore), or its
  // first tenth when shorter; renewal then starts with one third of the validity left
  const H = 3_600_000;
  test.each([
    ['days 400 on 100 days', nb, na, { days: 400 }, true],
    ['percentage 100', nb, na, { percentage: 100 }, true],
    [
      'hours 24 on 1 day + 5 min (backdated)',
      nb,
      new Date(nb.getTime() + D + 5 * 60_000),
      { hours: 24 },
      true,
    ],
    ['hours 23 on 1 day + 5 min', nb, new Date(nb.getTime() + D + 5 * 60_000), { hours: 23 }, false],
    [
      'percent 95 on 10 hours (within the first tenth)',
      nb,
      new Date(nb.getTime() + 10 * H),
      { percent: 95 },
      true,
    ],
    ['percent 85 on 10 hours', nb, new Date(nb.getTime() + 10 * H), { percent: 85 }, false],
  ] as const)('%s', (_name, from, to, policy, fallback) => {
    const s = renewalSchedule(from, to, policy);
    const life = to.getTime() - from.getTime();
    if (fallback) {
      expect(s?.at.getTime()).toBe(to.getTime() - life / 3);
      expect(s?.configuredAt).toBeDefined();
    } else {
      expect(s?.configuredAt).toBeUndefined();
      expect(s?.at.getTime()).toBeGreaterThan(from.getTime());
    }
    expect(renewalTriggerTime(from, to, policy)?.getTime()).toBe(s?.at.getTime());
  });
});
