// Auto re-enrollment: trigger arithmetic (the planner and the daemon are tested in plan/reconcile/daemon tests).
import { renewalTriggerTime } from '../../../src/enroll/renewal.js';

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
});
