// User-facing dates are in Junos's layouts only: a pending SCEP job's next poll
// (`show security pki local-certificate` enrollment line) is a certificate-style
// date, and log lines start with the commit-time layout, never an ISO string.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { enrollmentStatuses, saveJob, type ScepJob } from '../../../src/enroll/job-store.js';
import { formatJunosDate, formatJunosTime } from '../../../src/pki/junos-date.js';

const ISO = /\d{4}-\d\d-\d\dT\d\d:\d\d/;

test('a pending job says when it polls next in the Junos layout', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pkicfg-dates-'));
  try {
    const job: ScepJob = {
      version: 1,
      certId: 'gw',
      caProfile: 'P',
      url: 'http://127.0.0.1:1/scep',
      state: 'pending',
      renewal: false,
      transactionID: 'T1',
      signerCert: '',
      newKey: true,
      retry: 10,
      retryIntervalSec: 60,
      polls: 2,
      nextPollAt: '2026-12-06T12:34:28.006Z',
      createdAt: '2026-12-06T12:30:00.000Z',
      updatedAt: '2026-12-06T12:33:28.006Z',
      warnings: [],
    };
    saveJob(dir, job);
    const [s] = enrollmentStatuses(dir);
    expect(s.detail).toBe(
      'waiting for CA approval, poll 2 of 10, next 12- 6-2026 12:34 UTC (transaction T1)',
    );
    expect(s.detail).not.toMatch(ISO);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the two Junos layouts', () => {
  const d = new Date('2026-03-04T05:06:07.890Z');
  expect(formatJunosDate(d)).toBe(' 3- 4-2026 05:06 UTC');
  expect(formatJunosTime(d)).toBe('2026-03-04 05:06:07 UTC');
});
