/**
 * The device serial number used for a bare `SN` in a subject DN. Junos reads
 * it from the chassis; pkicfg takes, in order: env PKICFG_SERIAL_NUMBER, the
 * first line of STATE/pki/serial-number, else a stable value derived from the
 * host name (`PKICFG` + 10 hex digits).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

export function deviceSerialNumber(stateDir?: string, env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.PKICFG_SERIAL_NUMBER?.trim();
  if (fromEnv) return fromEnv;
  if (stateDir === undefined) return derived();
  try {
    const fromFile = readFileSync(join(stateDir, 'pki', 'serial-number'), 'utf8')
      .split('\n')[0]
      .trim();
    if (fromFile) return fromFile;
  } catch {
    /* not configured */
  }
  return derived();
}

function derived(): string {
  return 'PKICFG' + createHash('sha256').update(hostname()).digest('hex').slice(0, 10).toUpperCase();
}
