// What a killed `pkicfg ca serve` leaves is repaired when the next one starts
// (the crash test kills it at random; this is the deterministic case).
import { spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCa, type IssuedRecord } from '../../../src/ca/ca-store.js';
import { startCaServer } from '../../../src/ca/serve.js';

test('ca serve start: temp files of dead writers go, a torn index line goes, an unrecorded certificate is recorded', async () => {
  const state = mkdtempSync(join(tmpdir(), 'pkicfg-ca-recover-'));
  try {
    const ca = openCa(state);
    const serial = new X509Certificate(readFileSync(ca.certPath)).serialNumber;
    const good: IssuedRecord = { serial: 'AA01', subject: 'CN=a', notBefore: 'x', notAfter: 'y' };
    copyFileSync(ca.certPath, join(ca.dir, 'issued', 'AA01.pem'));
    // killed between the certificate file and its index line
    copyFileSync(ca.certPath, join(ca.dir, 'issued', `${serial}.pem`));
    writeFileSync(join(ca.dir, 'index.jsonl'), `${JSON.stringify(good)}\n{"serial":"BB`);
    const dead = spawnSync(process.execPath, ['-e', '0']).pid as number;
    const tmp = join(ca.dir, 'issued', `CC02.pem.${dead}.1700000000000.tmp`);
    const live = join(ca.dir, 'pending', `T1.json.${process.pid}.1700000000000.tmp`);
    writeFileSync(tmp, '-----BEGIN CERT');
    writeFileSync(live, '{');
    const log: string[] = [];
    const server = await startCaServer({ stateDir: state, port: 0, log: (l) => log.push(l) });
    await server.close();
    expect(existsSync(tmp)).toBe(false);
    expect(existsSync(live)).toBe(true); // a live process is still writing it
    const lines = readFileSync(join(ca.dir, 'index.jsonl'), 'utf8').split('\n');
    expect(lines.pop()).toBe('');
    const index = lines.map((l) => JSON.parse(l) as IssuedRecord);
    expect(index.map((r) => r.serial)).toEqual(['AA01', serial]);
    expect(index[1].subject).toBe('CN=pkicfg embedded CA, O=pkicfg');
    expect(log).toHaveLength(3);
    // nothing left to repair: a second start changes nothing
    const again: string[] = [];
    await (await startCaServer({ stateDir: state, port: 0, log: (l) => again.push(l) })).close();
    expect(again.filter((l) => /removed|dropped|recorded/.test(l))).toEqual([]);
  } finally {
    rmSync(state, { recursive: true, force: true });
  }
});
