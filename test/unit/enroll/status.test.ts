/**
 * The status rows (status.ts) for each state, from a real committed
 * configuration (set parser) and an observed PKI state: Ready, Renewing,
 * Pending (a SCEP request waiting at the CA, and a configured certificate not
 * enrolled yet), Failed (retry scheduled by the backoff), Expired; ca-profile
 * rows. Then the text of `show security pki enrollment` and its timeline
 * (golden files under test/fixtures/render/, Junos date layouts) and the JSON
 * of `| display json` / `pkicfg status --json` (ISO 8601).
 */
import { describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import type { AttemptRecord } from '../../../src/enroll/attempt-store.js';
import { desiredFromConfig, type ObservedState } from '../../../src/enroll/plan.js';
import { enrollmentStatus, statusJson, type StatusRow } from '../../../src/enroll/status.js';
import {
  renderEnrollmentStatus,
  renderEnrollmentTimeline,
} from '../../../src/op/render/render-enrollment.js';
import { parseConfig } from '../../../src/syntax/parse-config.js';
import { expectGolden } from '../../golden.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = new Date('2026-12-07T12:00:00Z');
const ago = (d: number): Date => new Date(NOW.getTime() - d * DAY);

const CONFIG = [
  'set security pki ca-profile P ca-identity P',
  'set security pki ca-profile P enrollment url http://ca.example/scep',
  'set security pki ca-profile C ca-identity C',
  'set security pki ca-profile C enrollment url http://ca.example/pkix/',
  'set security pki ca-profile N ca-identity N',
  ...['ready', 'renewing', 'pending', 'failed', 'expired', 'new'].map(
    (id) =>
      `set security pki auto-re-enrollment scep certificate-id ${id} ca-profile-name P re-enroll-trigger-time-percentage 10`,
  ),
  'set security pki auto-re-enrollment cmpv2 certificate-id cmp ca-profile-name C re-enroll-time percent 20',
];

function desired() {
  const r = parseConfig(CONFIG.join('\n'), 'status.set');
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return desiredFromConfig(r.value!.tree);
}

const failedAttempt: AttemptRecord = {
  certId: 'failed',
  failures: 2,
  attempts: 2,
  lastAttemptAt: new Date(NOW.getTime() - 30 * 60_000).toISOString(),
  lastResult: 'failed',
  lastMessage: 'renewal of failed over SCEP failed: no answer from 127.0.0.1:8080 (connection refused)',
  lastSuccessAt: ago(9).toISOString(),
};

/** Ten-day certificates at different ages (the 10 % trigger comes at day 9). */
const observed: ObservedState = {
  localCerts: [
    { certId: 'ready', notBefore: ago(2), notAfter: ago(-8) },
    { certId: 'renewing', notBefore: ago(9.5), notAfter: ago(-0.5) },
    { certId: 'pending', notBefore: ago(9.5), notAfter: ago(-0.5) },
    { certId: 'failed', notBefore: ago(9.2), notAfter: ago(-0.8) },
    { certId: 'expired', notBefore: ago(11), notAfter: ago(1) },
    { certId: 'cmp', notBefore: ago(1), notAfter: ago(-9) },
    // in the store but not under auto-re-enrollment
    { certId: 'manual', notBefore: ago(1), notAfter: ago(-29) },
  ],
  caCerts: [{ profile: 'P' }, { profile: 'C' }],
  caNotAfter: new Map([
    ['P', ago(-3650)],
    ['C', ago(1)],
  ]),
  pendingJobs: ['pending'],
  attempts: [failedAttempt],
};

const byName = (rows: readonly StatusRow[]) => new Map(rows.map((r) => [r.name, r]));

describe('enrollmentStatus', () => {
  const rows = enrollmentStatus(desired(), observed, NOW);
  const row = byName(rows);

  it('one row per configured certificate, then stored ones, then the ca-profiles', () => {
    expect(rows.map((r) => `${r.type === 'ca-profile' ? 'ca:' : ''}${r.name}`)).toEqual([
      'ready',
      'renewing',
      'pending',
      'failed',
      'expired',
      'new',
      'cmp',
      'manual',
      'ca:P',
      'ca:C',
      'ca:N',
    ]);
  });

  it('each state', () => {
    expect(Object.fromEntries(rows.map((r) => [`${r.type}:${r.name}`, r.state]))).toEqual({
      'local-certificate:cmp': 'Ready',
      'local-certificate:ready': 'Ready',
      'local-certificate:renewing': 'Renewing',
      'local-certificate:pending': 'Pending',
      'local-certificate:failed': 'Failed',
      'local-certificate:expired': 'Expired',
      'local-certificate:new': 'Pending',
      'local-certificate:manual': 'Ready',
      'ca-profile:P': 'Ready',
      'ca-profile:C': 'Expired',
      'ca-profile:N': 'Pending',
    });
  });

  it('the renewal trigger, the failed attempts and the backoff retry (2 failures: 2 h after the last)', () => {
    expect(row.get('ready')!.renewalAt).toEqual(ago(-7));
    expect(row.get('cmp')!.renewalAt).toEqual(ago(-7)); // percent 20 of 10 days before not-after
    expect(row.get('manual')!.renewalAt).toBeUndefined();
    const f = row.get('failed')!;
    expect(f).toMatchObject({ attempts: 2, failures: 2, lastResult: failedAttempt.lastMessage });
    expect(f.nextRetryAt).toEqual(new Date(Date.parse(failedAttempt.lastAttemptAt) + 2 * HOUR));
    expect(row.get('renewing')!.nextRetryAt).toBeUndefined();
    expect(row.get('new')!.notAfter).toBeUndefined();
  });

  it('renders the table (Junos dates), the timeline and the JSON', () => {
    const text = renderEnrollmentStatus(rows);
    expect(text.split('\n')[0]).toMatch(
      /^Certificate +Type +State +Not after +Renewal trigger +Attempts +Next retry$/,
    );
    expect(text).toMatch(
      /^failed +SCEP +Failed +12- 8-2026 \d\d:\d\d UTC +12- 7-2026 \d\d:\d\d UTC +2 +12- 7-2026 13:30 UTC$/m,
    );
    expect(text).toContain(`  Last attempt 12- 7-2026 11:30 UTC: ${failedAttempt.lastMessage}`);
    expect(text).toContain(
      '  CA certificate not loaded: run request security pki ca-certificate enroll ca-profile N',
    );
    expect(text).not.toMatch(/\d{4}-\d\d-\d\dT/); // no ISO dates in the text
    expectGolden(join(process.cwd(), 'test/fixtures/render/enrollment-status.txt'), text);
    expectGolden(
      join(process.cwd(), 'test/fixtures/render/enrollment-timeline.txt'),
      renderEnrollmentTimeline(rows, NOW),
    );
    const json = statusJson(rows, NOW) as {
      'enrollment-status': { now: string; entries: Record<string, unknown>[] };
    };
    expect(json['enrollment-status'].now).toBe('2026-12-07T12:00:00.000Z');
    expect(json['enrollment-status'].entries.find((e) => e.name === 'failed')).toMatchObject({
      type: 'local-certificate',
      'ca-profile': 'P',
      protocol: 'scep',
      state: 'Failed',
      attempts: 2,
      'failed-attempts': 2,
      'next-retry-time': '2026-12-07T13:30:00.000Z',
      'last-attempt-result': failedAttempt.lastMessage,
    });
  });
});
