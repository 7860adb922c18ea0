/**
 * Revocation at the embedded CA (`pkicfg ca revoke SERIAL [reason]`): one
 * line `{"revoked": SERIAL, "revokedAt": ..., "reason": ...}` appended to
 * STATE/ca/index.jsonl, the same append-only index that records every
 * issuance, written and fsync'd in one write. A crash inside the append
 * leaves a torn last line that recoverCaStore drops at the next start: the
 * revocation did not happen (and `ca revoke` had not said it did). The CRL
 * (crl-issue.ts) is built from these lines.
 *
 * Reasons are RFC 5280 §5.3.1 CRLReason names. `removeFromCRL` is refused:
 * it only has a meaning in delta CRLs, which this CA does not publish.
 */
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { diagnostic, type Diagnostic, type Result } from '../diag/diagnostic.js';
import { loadIssued, type EmbeddedCa } from './ca-store.js';

/** RFC 5280 §5.3.1 CRLReason codes by name (7 is unused). */
export const CRL_REASONS = {
  unspecified: 0,
  keyCompromise: 1,
  cACompromise: 2,
  affiliationChanged: 3,
  superseded: 4,
  cessationOfOperation: 5,
  certificateHold: 6,
  privilegeWithdrawn: 9,
  aACompromise: 10,
} as const;

type CrlReason = keyof typeof CRL_REASONS;

export interface RevokedRecord {
  /** Serial number, upper-case hex as node prints it (the issued/<serial>.pem name). */
  readonly revoked: string;
  readonly revokedAt: string;
  readonly reason: CrlReason;
}

/** A serial as typed by a user (`0a:1b...`, `0x0A1B`, lower case) in the CA's spelling. */
function normalizeSerial(text: string): string | undefined {
  const hex = text
    .trim()
    .replace(/^0x/i, '')
    .replace(/[:\s]/g, '')
    .toUpperCase()
    .replace(/^(00)+(?=.)/, '');
  if (!/^[0-9A-F]+$/.test(hex)) return undefined;
  // node prints whole bytes (`05AB...`); a user may drop the leading zero
  return hex.length % 2 === 1 ? `0${hex}` : hex;
}

/** The reason name, matched without regard to case; undefined when it is not one. */
function parseReason(text: string): CrlReason | undefined {
  return (Object.keys(CRL_REASONS) as CrlReason[]).find((r) => r.toLowerCase() === text.toLowerCase());
}

/** Every revocation recorded in the index, oldest first; a damaged line is skipped. */
export function listRevoked(ca: EmbeddedCa): RevokedRecord[] {
  const path = join(ca.dir, 'index.jsonl');
  if (!existsSync(path)) return [];
  const out: RevokedRecord[] = [];
  const seen = new Set<string>();
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.includes('"revoked"')) continue;
    try {
      const r = JSON.parse(line) as Partial<RevokedRecord>;
      if (typeof r.revoked !== 'string' || typeof r.revokedAt !== 'string') continue;
      if (seen.has(r.revoked)) continue;
      seen.add(r.revoked);
      out.push({
        revoked: r.revoked,
        revokedAt: r.revokedAt,
        reason: parseReason(r.reason ?? '') ?? 'unspecified',
      });
    } catch {
      /* a torn line (recoverCaStore drops it at the next start) */
    }
  }
  return out;
}

function fail(d: Diagnostic): Result<RevokedRecord | undefined> {
  return { value: undefined, diagnostics: [d] };
}

/** Revokes a certificate this CA issued; a diagnostic for an unknown serial, reason, or a second revocation. */
export function revokeCertificate(
  ca: EmbeddedCa,
  serialText: string,
  reasonText: string | undefined,
  now: Date,
): Result<RevokedRecord | undefined> {
  const serial = normalizeSerial(serialText);
  if (!serial)
    return fail(diagnostic('PKI_SERIAL_UNKNOWN', `'${serialText}' is not a serial number (hexadecimal)`));
  const reason = reasonText === undefined ? 'unspecified' : parseReason(reasonText);
  if (!reason) {
    return fail(
      diagnostic(
        'PKI_REVOCATION_REASON_UNKNOWN',
        `unknown revocation reason '${reasonText}' (one of: ${Object.keys(CRL_REASONS).join(', ')})`,
      ),
    );
  }
  if (!loadIssued(ca, serial)) {
    return fail(
      diagnostic('PKI_SERIAL_UNKNOWN', `no certificate with serial number ${serial} was issued by this CA`),
    );
  }
  const before = listRevoked(ca).find((r) => r.revoked === serial);
  if (before) {
    return fail(
      diagnostic(
        'PKI_ALREADY_REVOKED',
        `certificate ${serial} is already revoked (${before.reason}, at ${before.revokedAt})`,
      ),
    );
  }
  const rec: RevokedRecord = { revoked: serial, revokedAt: now.toISOString(), reason };
  // one write then fsync: the line is whole on disk before the command says so
  const fd = openSync(join(ca.dir, 'index.jsonl'), 'a', 0o600);
  try {
    writeSync(fd, JSON.stringify(rec) + '\n');
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return { value: rec, diagnostics: [] };
}
