/**
 * The enrollment status of every local certificate and CA profile: what
 * `show security pki enrollment`, `pkicfg status`, the timeline and the
 * daemon's metrics show. It is computed from the same plan() as commit check,
 * commit and the daemon (plan.ts, observe.ts), so the status never disagrees
 * with what the engines will do. Pure: the state directory is read by
 * observeState, and the clock is an argument.
 *
 * States (cert-manager's Ready / Issuing conditions and certmonger's status
 * words, in Junos capitalisation): Ready (valid, nothing due), Renewing (the
 * trigger has come: the next run renews), Pending (a request waits for the CA
 * operator's approval), Failed (the last attempt failed; a retry is scheduled),
 * Expired (not-after has passed), Revoked (listed in a stored CRL of its CA:
 * verify refuses it; a renewal, due or forced, replaces it).
 */
import { renewalSchedule } from './renewal.js';
import { formatJunosDate } from '../pki/junos-date.js';
import { plan, type Action, type DesiredState, type ObservedState, type RenewalProtocol } from './plan.js';

export type EnrollmentState = 'Ready' | 'Renewing' | 'Pending' | 'Failed' | 'Expired' | 'Revoked';

export interface StatusRow {
  readonly type: 'local-certificate' | 'ca-profile';
  /** certificate-id or ca-profile name. */
  readonly name: string;
  readonly caProfile?: string;
  readonly protocol?: RenewalProtocol;
  readonly state: EnrollmentState;
  readonly notBefore?: Date;
  readonly notAfter?: Date;
  /** When renewal starts (the auto-re-enrollment trigger). */
  readonly renewalAt?: Date;
  readonly lastAttemptAt?: Date;
  /** The last attempt's result in plain words. */
  readonly lastResult?: string;
  /** Attempts of the current renewal. */
  readonly attempts: number;
  /** Consecutive failed attempts. */
  readonly failures: number;
  readonly nextRetryAt?: Date;
  /** Why nothing is planned, when that is the case (plan notes). */
  readonly note?: string;
}

/** One row per local certificate (configured or stored), then one per ca-profile. */
export function enrollmentStatus(desired: DesiredState, observed: ObservedState, now: Date): StatusRow[] {
  const actions: Action[] = plan(desired, observed, now);
  const certs = new Map(observed.localCerts.map((c) => [c.certId, c]));
  const attempts = new Map((observed.attempts ?? []).map((a) => [a.certId, a]));
  const renewals = new Map(desired.renewals.map((r) => [r.certId, r]));
  const pending = new Set(observed.pendingJobs);
  const ids = [...desired.renewals.map((r) => r.certId)];
  for (const c of observed.localCerts) if (!ids.includes(c.certId)) ids.push(c.certId);
  const rows: StatusRow[] = [];
  for (const id of ids) {
    const cert = certs.get(id);
    const r = renewals.get(id);
    const rec = attempts.get(id);
    const mine = actions.filter((a) => a.kind !== 'remove-ca-certificate' && a.certId === id);
    const due = mine.find((a) => a.kind === 'renew-scep' || a.kind === 'renew-cmpv2');
    const retry = mine.find(
      (a): a is Extract<Action, { kind: 'scheduled' }> =>
        a.kind === 'scheduled' && a.retryAfter !== undefined,
    );
    const note = mine.find((a) => a.kind === 'note');
    const renewalAt = cert && r ? renewalSchedule(cert.notBefore, cert.notAfter, r.policy)?.at : undefined;
    let state: EnrollmentState;
    if (pending.has(id)) state = 'Pending';
    else if (cert && cert.notAfter.getTime() <= now.getTime()) state = 'Expired';
    else if (cert?.revoked) state = 'Revoked';
    else if (retry) state = 'Failed';
    else if (due) state = rec?.lastResult === 'failed' ? 'Failed' : 'Renewing';
    else if (!cert) state = rec?.lastResult === 'failed' ? 'Failed' : 'Pending';
    else state = 'Ready';
    rows.push({
      type: 'local-certificate',
      name: id,
      ...(r?.caProfile !== undefined ? { caProfile: r.caProfile } : {}),
      ...(r ? { protocol: r.protocol } : {}),
      state,
      ...(cert ? { notBefore: cert.notBefore, notAfter: cert.notAfter } : {}),
      ...(renewalAt ? { renewalAt } : {}),
      ...(rec ? { lastAttemptAt: new Date(rec.lastAttemptAt), lastResult: rec.lastMessage } : {}),
      attempts: rec?.attempts ?? 0,
      failures: rec?.failures ?? 0,
      ...(retry
        ? { nextRetryAt: retry.at }
        : due && rec?.lastResult === 'failed'
          ? { nextRetryAt: now }
          : {}),
      ...(cert?.revoked
        ? {
            note: `revoked ${formatJunosDate(cert.revoked.at)}${cert.revoked.reason ? ` (${cert.revoked.reason})` : ''}, CRL of ca-profile ${cert.revoked.caProfile}`,
          }
        : note?.kind === 'note'
          ? { note: note.message }
          : {}),
    });
  }
  const cas = new Set(observed.caCerts.map((c) => c.profile));
  for (const p of desired.caProfiles) {
    const notAfter = observed.caNotAfter?.get(p.name);
    const state: EnrollmentState = !cas.has(p.name)
      ? 'Pending'
      : notAfter && notAfter.getTime() <= now.getTime()
        ? 'Expired'
        : 'Ready';
    rows.push({
      type: 'ca-profile',
      name: p.name,
      caProfile: p.name,
      state,
      ...(notAfter ? { notAfter } : {}),
      attempts: 0,
      failures: 0,
      ...(!cas.has(p.name)
        ? {
            note: `CA certificate not loaded: run request security pki ca-certificate enroll ca-profile ${p.name}`,
          }
        : {}),
    });
  }
  return rows;
}

/** The rows as JSON for tools (`pkicfg status --json`, `| display json`): ISO 8601 UTC dates. */
export function statusJson(rows: readonly StatusRow[], now: Date): object {
  const iso = (d: Date | undefined): string | undefined => d?.toISOString();
  return {
    'enrollment-status': {
      now: now.toISOString(),
      entries: rows.map((r) => ({
        type: r.type,
        name: r.name,
        'ca-profile': r.caProfile,
        protocol: r.protocol,
        state: r.state,
        'not-before': iso(r.notBefore),
        'not-after': iso(r.notAfter),
        'renewal-time': iso(r.renewalAt),
        'last-attempt-time': iso(r.lastAttemptAt),
        'last-attempt-result': r.lastResult,
        attempts: r.attempts,
        'failed-attempts': r.failures,
        'next-retry-time': iso(r.nextRetryAt),
        note: r.note,
      })),
    },
  };
}
