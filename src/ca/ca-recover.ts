/**
 * What a CA process killed in the middle of a write leaves behind, repaired
 * when `pkicfg ca serve` starts (before it takes requests):
 *   - temp files of writeAtomic (`<file>.<pid>.<ms>.tmp`) of a dead process;
 *   - a torn last line of index.jsonl (a crash inside the append of an
 *     issuance or of a revocation: that revocation did not happen);
 *   - a certificate in issued/ without its index line (killed between the
 *     two writes of recordIssued): it was signed, so it is recorded; the index
 *     is the list of everything the CA signed.
 * Returns one line per repair (the server logs them).
 */
import { X509Certificate } from 'node:crypto';
import { appendFileSync, existsSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EmbeddedCa, IssuedRecord } from './ca-store.js';
import { processAlive as alive } from '../durable/process-alive.js';

const TEMP = /^.+\.(\d+)\.\d+\.tmp$/;

export function recoverCaStore(ca: EmbeddedCa): string[] {
  const done: string[] = [];
  for (const sub of ['', 'issued', 'pending']) {
    const dir = join(ca.dir, sub);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir)) {
      const m = TEMP.exec(name);
      if (m && !alive(Number(m[1]))) {
        unlinkSync(join(dir, name));
        done.push(`removed ${join(sub, name)} left by a stopped process`);
      }
    }
  }
  const indexPath = join(ca.dir, 'index.jsonl');
  let text = existsSync(indexPath) ? readFileSync(indexPath, 'utf8') : '';
  if (text !== '' && !text.endsWith('\n')) {
    text = text.slice(0, text.lastIndexOf('\n') + 1);
    writeFileSync(indexPath, text, { mode: 0o600 });
    done.push('dropped a torn last line of index.jsonl');
  }
  const recorded = new Set<string>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    try {
      const rec = JSON.parse(line) as Partial<IssuedRecord>;
      // revocation lines (revoke.ts) name no `serial`: they record no issuance
      if (typeof rec.serial === 'string') recorded.add(rec.serial.toUpperCase());
    } catch {
      /* a damaged line stays as it is: the index is an audit trail, not rewritten */
    }
  }
  for (const name of readdirSync(join(ca.dir, 'issued')).sort()) {
    const m = /^([0-9A-Fa-f]+)\.pem$/.exec(name);
    if (!m || recorded.has(m[1].toUpperCase())) continue;
    let cert: X509Certificate;
    try {
      cert = new X509Certificate(readFileSync(join(ca.dir, 'issued', name)));
    } catch {
      continue; // not written by recordIssued (its files appear whole, by rename)
    }
    const rec: IssuedRecord = {
      serial: cert.serialNumber,
      subject: cert.subject.replace(/\n/g, ', '),
      notBefore: new Date(cert.validFrom).toISOString(),
      notAfter: new Date(cert.validTo).toISOString(),
    };
    appendFileSync(indexPath, JSON.stringify(rec) + '\n', { mode: 0o600 });
    done.push(`recorded issued/${name} in index.jsonl (the CA stopped before recording it)`);
  }
  return done;
}
