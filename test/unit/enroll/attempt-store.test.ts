/**
 * The attempt record (attempt-store.ts): consecutive failures and attempts of
 * the current renewal, the last result in words, the last success; written
 * atomically under STATE/enroll/attempts (0700), read back by another process
 * (it is on disk, not in memory). That reconcile masks the challenge password
 * in what it records is tested in reconcile.test.ts (a real enrolled state).
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listAttempts, loadAttempt, recordAttempt } from '../../../src/enroll/attempt-store.js';

const T0 = new Date('2026-03-01T10:00:00Z');
const later = (h: number): Date => new Date(T0.getTime() + h * 3_600_000);

let state: string;
beforeEach(() => {
  state = mkdtempSync(join(tmpdir(), 'pkicfg-attempts-'));
});
afterEach(() => rmSync(state, { recursive: true, force: true }));

describe('recordAttempt', () => {
  it('counts failures and attempts, a pending answer keeps the count, a success resets it', () => {
    expect(loadAttempt(state, 'c1')).toBeUndefined();
    expect(recordAttempt(state, 'c1', T0, 'failed', 'CA down')).toMatchObject({ failures: 1, attempts: 1 });
    expect(recordAttempt(state, 'c1', later(1), 'failed', 'CA down')).toMatchObject({
      failures: 2,
      attempts: 2,
      lastResult: 'failed',
      lastAttemptAt: later(1).toISOString(),
    });
    expect(recordAttempt(state, 'c1', later(3), 'pending', 'pending at the CA')).toMatchObject({
      failures: 2,
      attempts: 3,
    });
    const ok = recordAttempt(state, 'c1', later(4), 'succeeded', 'renewed c1 over SCEP: serial 0A');
    expect(ok).toMatchObject({ failures: 0, attempts: 4, lastSuccessAt: later(4).toISOString() });
    // the next renewal counts from one again, and remembers the last success
    expect(recordAttempt(state, 'c1', later(100), 'failed', 'x')).toMatchObject({
      failures: 1,
      attempts: 1,
      lastSuccessAt: later(4).toISOString(),
    });
  });

  it('is on disk: another process reads the same record; ids are file-safe; no temporary files stay', () => {
    recordAttempt(state, 'c1', T0, 'failed', 'CA down');
    recordAttempt(state, '../evil.id', T0, 'succeeded', 'ok');
    const dir = join(state, 'enroll', 'attempts');
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(readdirSync(dir).sort()).toEqual(['%2E%2E%2Fevil%2Eid.json', 'c1.json']);
    expect(existsSync(join(state, 'evil.id.json'))).toBe(false);
    // a fresh process (plain node reading the files the store wrote) sees the same records
    const other = execFileSync(
      process.execPath,
      [
        '-e',
        `const fs=require('fs'),p=require('path');const d=p.join(process.argv[1],'enroll','attempts');` +
          `console.log(JSON.stringify(fs.readdirSync(d).sort().map(f=>JSON.parse(fs.readFileSync(p.join(d,f),'utf8')))))`,
        state,
      ],
      { encoding: 'utf8' },
    );
    expect(JSON.parse(other)).toEqual(listAttempts(state).sort((a, b) => (a.certId < b.certId ? -1 : 1)));
    expect(listAttempts(state).map((a) => a.certId)).toEqual(['../evil.id', 'c1']);
  });
});
