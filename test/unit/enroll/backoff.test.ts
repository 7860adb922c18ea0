/**
 * Backoff after failed renewals (backoff.ts) and how plan() applies it: the
 * ca-profile's `enrollment retry-interval` where configured, else 1 hour
 * doubling to 32 hours as cert-manager does; `enrollment retry` keeps its Junos
 * meaning (polls of one SCEP attempt) and reaches the renewal action. Planned
 * from a real committed configuration (the set parser), so commit check,
 * commit and the daemon, which all call plan(), schedule the same retry.
 */
import { describe, expect, it } from '@jest/globals';
import { BACKOFF_MAX_MS, nextRetryAt, retryDelayMs } from '../../../src/enroll/backoff.js';
import type { AttemptRecord } from '../../../src/enroll/attempt-store.js';
import { describeAction, desiredFromConfig, plan, type ObservedState } from '../../../src/enroll/plan.js';
import { parseConfig } from '../../../src/syntax/parse-config.js';
import type { ConfigTree } from '../../../src/tree/config-tree.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NB = new Date('2026-01-01T00:00:00Z');
const NA = new Date(NB.getTime() + 10 * DAY);
/** 90 % of the validity: past the 10 % trigger at day 9. */
const DUE = new Date(NB.getTime() + 9.5 * DAY);

function tree(lines: string[]): ConfigTree {
  const r = parseConfig(lines.join('\n'), 'case.set');
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return r.value!.tree;
}

const config = (profileExtra: string[] = []): ConfigTree =>
  tree([
    'set security pki ca-profile P enrollment url http://ca.example/scep',
    ...profileExtra,
    'set security pki auto-re-enrollment scep certificate-id c1 ca-profile-name P re-enroll-trigger-time-percentage 10',
  ]);

const failed = (failures: number, at: Date): AttemptRecord => ({
  certId: 'c1',
  failures,
  attempts: failures,
  lastAttemptAt: at.toISOString(),
  lastResult: 'failed',
  lastMessage: 'renewal of c1 over SCEP failed: connection refused',
});

const observed = (attempts: AttemptRecord[] = []): ObservedState => ({
  localCerts: [{ certId: 'c1', notBefore: NB, notAfter: NA }],
  caCerts: [{ profile: 'P' }],
  pendingJobs: [],
  attempts,
});

describe('retryDelayMs', () => {
  it('defaults to 1 h after the first failure, doubling, at most 32 h', () => {
    const policy = { retryIntervalSec: 900 };
    expect([1, 2, 3, 4, 5, 6, 7, 8, 50].map((n) => retryDelayMs(n, policy) / HOUR)).toEqual([
      1, 2, 4, 8, 16, 32, 32, 32, 32,
    ]);
    expect(BACKOFF_MAX_MS).toBe(32 * HOUR);
  });

  it('keeps to a configured retry-interval whatever the number of failures', () => {
    const policy = { retryIntervalSec: 600, retryIntervalConfigured: true };
    expect([1, 2, 10].map((n) => retryDelayMs(n, policy))).toEqual([600_000, 600_000, 600_000]);
    expect(nextRetryAt(DUE, 3, policy).getTime()).toBe(DUE.getTime() + 600_000);
  });
});

describe('plan() with recorded failures', () => {
  it('a due renewal without failures is executed now; the Junos retry count reaches the action', () => {
    const [a] = plan(
      desiredFromConfig(config(['set security pki ca-profile P enrollment retry 3'])),
      observed(),
      DUE,
    );
    expect(a).toMatchObject({ kind: 'renew-scep', certId: 'c1', retry: 3, retryIntervalSec: 900 });
  });

  it('after 1 failure the default waits 1 h, after 3 failures 4 h, then it is due again', () => {
    const desired = desiredFromConfig(config());
    const one = plan(desired, observed([failed(1, DUE)]), new Date(DUE.getTime() + 1000));
    expect(one).toEqual([
      {
        kind: 'scheduled',
        protocol: 'scep',
        certId: 'c1',
        at: new Date(DUE.getTime() + HOUR),
        retryAfter: 1,
      },
    ]);
    expect(describeAction(one[0])).toBe(
      'retry renewal of c1 over SCEP at  1-10-2026 13:00 UTC (1 failed attempt)',
    );
    const three = plan(desired, observed([failed(3, DUE)]), new Date(DUE.getTime() + 3 * HOUR));
    expect(three[0]).toMatchObject({
      kind: 'scheduled',
      at: new Date(DUE.getTime() + 4 * HOUR),
      retryAfter: 3,
    });
    const again = plan(desired, observed([failed(3, DUE)]), new Date(DUE.getTime() + 4 * HOUR));
    expect(again[0]).toMatchObject({ kind: 'renew-scep', certId: 'c1' });
  });

  it('a configured retry-interval replaces the exponential default', () => {
    const desired = desiredFromConfig(
      config(['set security pki ca-profile P enrollment retry-interval 120']),
    );
    expect(desired.caProfiles[0]).toMatchObject({ retryIntervalSec: 120, retryIntervalConfigured: true });
    const r = plan(desired, observed([failed(5, DUE)]), DUE);
    expect(r[0]).toMatchObject({ kind: 'scheduled', at: new Date(DUE.getTime() + 120_000), retryAfter: 5 });
  });

  it('a failure recorded before the current certificate was issued does not hold its renewal back', () => {
    const before = new Date(NB.getTime() - DAY);
    const [a] = plan(desiredFromConfig(config()), observed([failed(4, before)]), DUE);
    expect(a.kind).toBe('renew-scep');
  });
});
