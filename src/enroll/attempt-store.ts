/**
 * The recorded enrollment state of each local certificate, under
 * STATE/enroll/attempts/<certId>.json (0700 directory, files replaced
 * atomically): when renewal was last tried, its result in plain words, how
 * many consecutive attempts failed and when it last succeeded. reconcile.ts
 * writes it after every renewal; observeState reads it so that plan()
 * (backoff.ts) and the status view (status.ts) see the same record.
 */
import { join } from 'node:path';
import { listJsonRecords, loadJsonRecord, saveJsonRecord } from '../durable/json-records.js';

export type AttemptResult = 'succeeded' | 'failed' | 'pending';

export interface AttemptRecord {
  readonly certId: string;
  /** Consecutive failed attempts (0 after a success). */
  readonly failures: number;
  /** Attempts of the current renewal (since the previous success), the last one included. */
  readonly attempts: number;
  readonly lastAttemptAt: string;
  readonly lastResult: AttemptResult;
  /** What happened, one line, no secret. */
  readonly lastMessage: string;
  readonly lastSuccessAt?: string;
}

function dir(stateDir: string): string {
  return join(stateDir, 'enroll', 'attempts');
}

const fileOf = (stateDir: string, certId: string): string =>
  join(dir(stateDir), `${encodeURIComponent(certId).replace(/\./g, '%2E')}.json`);

export function loadAttempt(stateDir: string, certId: string): AttemptRecord | undefined {
  return loadJsonRecord<AttemptRecord>(fileOf(stateDir, certId));
}

export function listAttempts(stateDir: string): AttemptRecord[] {
  return listJsonRecords<AttemptRecord>(dir(stateDir), (a, b) => a.certId.localeCompare(b.certId));
}

/** Records the outcome of one renewal attempt of CERTID at AT. */
export function recordAttempt(
  stateDir: string,
  certId: string,
  at: Date,
  result: AttemptResult,
  message: string,
): AttemptRecord {
  const prev = loadAttempt(stateDir, certId);
  const ok = result === 'succeeded';
  const rec: AttemptRecord = {
    certId,
    failures: result === 'failed' ? (prev?.failures ?? 0) + 1 : ok ? 0 : (prev?.failures ?? 0),
    attempts: (prev?.lastResult === 'succeeded' || !prev ? 0 : prev.attempts) + 1,
    lastAttemptAt: at.toISOString(),
    lastResult: result,
    lastMessage: message,
    ...(ok
      ? { lastSuccessAt: at.toISOString() }
      : prev?.lastSuccessAt
        ? { lastSuccessAt: prev.lastSuccessAt }
        : {}),
  };
  saveJsonRecord(dir(stateDir), fileOf(stateDir, certId), rec);
  return rec;
}
