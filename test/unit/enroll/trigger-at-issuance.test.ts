/**
 * A re-enroll trigger at the certificate's issuance (`re-enroll-time hours 24`
 * on a one-day certificate whose notBefore the CA backdates by 5 minutes)
 * would make every renewed certificate due the moment it arrives: the tester
 * measured a renewal on every commit. End to end against the embedded CA on
 * 127.0.0.1: three commits in a row renew at most once; commit check warns in
 * Junos wording naming the auto-re-enrollment entry, and its plan, the
 * daemon's plan and `show security pki local-certificate` agree on one time:
 * when one third of the validity remains (renewal.ts).
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { startCaServer, type RunningCaServer } from '../../../src/ca/serve.js';
import { run } from '../../../src/cli/run.js';
import { systemClock } from '../../../src/enroll/clock.js';
import { daemonPass } from '../../../src/enroll/daemon.js';
import { describeAction } from '../../../src/enroll/plan.js';
import { formatJunosDate } from '../../../src/pki/junos-date.js';
import { readLocalCertificate } from '../../../src/pki/pki-objects.js';
import { openPkiStore } from '../../../src/pki/pki-store.js';
import { fingerprint } from '../../../src/protocols/scep/certificate.js';
import { nodeHttpTransport } from '../../../src/protocols/http/transport.js';
import { createNodeCmpTransport } from '../../../src/protocols/cmp/http-transport.js';

const CHALLENGE = 'issuance-challenge';
let dir: string;
let state: string;
let srv: RunningCaServer;

async function cli(...words: string[]): Promise<{ rc: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  const rc = await run([...words, '--state', state], {
    stdout,
    stderr,
    stdin: new PassThrough(),
    env: { ...process.env, PKICFG_STATE: state },
  });
  return { rc, out, err };
}

async function ok(...words: string[]): Promise<string> {
  const r = await cli(...words);
  if (r.rc !== 0) throw new Error(`${words.join(' ')} -> ${r.rc}\n${r.out}\n${r.err}`);
  return r.out;
}

const serial = (): string => readLocalCertificate(openPkiStore(state), 'ca-ipsec').value!.serialHex;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pkicfg-issuance-'));
  state = join(dir, 'state');
  srv = await startCaServer({ stateDir: join(dir, 'ca'), port: 0, challenge: CHALLENGE, validityDays: 1 });
  const conf = join(dir, 'pki.set');
  writeFileSync(
    conf,
    [
      'set security pki ca-profile ca-profile-ipsec ca-identity embedded',
      `set security pki ca-profile ca-profile-ipsec enrollment url ${srv.scepUrl}`,
      `set security pki auto-re-enrollment scep certificate-id ca-ipsec ca-profile-name ca-profile-ipsec challenge-password ${CHALLENGE}`,
      'set security pki auto-re-enrollment scep certificate-id ca-ipsec re-enroll-time hours 24',
      '',
    ].join('\n'),
  );
  await ok('load', 'set', conf, '--commit');
  const pki = ['request', 'security', 'pki'];
  await ok(...pki, 'generate-key-pair', 'certificate-id', 'ca-ipsec', 'size', '2048', 'type', 'rsa');
  await ok(
    ...pki,
    'ca-certificate',
    'enroll',
    'ca-profile',
    'ca-profile-ipsec',
    '--fingerprint',
    fingerprint(srv.ca.certificate.der, 'sha256'),
  );
  await ok(
    ...pki,
    'local-certificate',
    'enroll',
    'scep',
    'certificate-id',
    'ca-ipsec',
    'ca-profile',
    'ca-profile-ipsec',
    'challenge-password',
    CHALLENGE,
    'subject',
    'CN=ipsec.example.net,O=Example',
  );
}, 60_000);

afterAll(async () => {
  await srv.close();
  rmSync(dir, { recursive: true, force: true });
});

it('three commits in a row renew at most once', async () => {
  const serials = new Set([serial()]);
  for (let i = 0; i < 3; i++) {
    await ok('commit');
    serials.add(serial());
  }
  expect(serials.size).toBeLessThanOrEqual(2);
});

it('commit check warns naming the entry; its plan, the daemon and show agree on the time', async () => {
  const c = readLocalCertificate(openPkiStore(state), 'ca-ipsec').value!;
  const life = c.notAfter.getTime() - c.notBefore.getTime();
  const at = formatJunosDate(new Date(c.notAfter.getTime() - life / 3));
  const out = await ok('commit', '--check');
  expect(out).toContain(
    [
      '[edit security pki auto-re-enrollment scep certificate-id ca-ipsec]',
      "  're-enroll-time hours 24'",
      `    warning: re-enroll trigger falls at the issuance of certificate ca-ipsec (validity 1 day 0 hours 5 minutes); renewed when one third of the validity remains instead (${at})`,
    ].join('\n'),
  );
  expect(out).toContain(`Enrollment plan: renew ca-ipsec over SCEP at ${at}\n`);
  expect(out).toMatch(/configuration check succeeds\n$/);
  // a plain commit shows the warning too, and renews nothing
  const before = serial();
  expect(await ok('commit')).toMatch(
    /warning: re-enroll trigger falls at the issuance of certificate ca-ipsec/,
  );
  expect(serial()).toBe(before);

  const lines: string[] = [];
  const pass = await daemonPass({
    stateDir: state,
    clock: systemClock,
    scepTransport: nodeHttpTransport(),
    cmpTransport: () => createNodeCmpTransport(),
    log: (l) => void lines.push(l),
  });
  expect(pass.actions.map(describeAction)).toEqual([`renew ca-ipsec over SCEP at ${at}`]);
  expect(serial()).toBe(before);
  const show = await ok(
    'show',
    'security',
    'pki',
    'local-certificate',
    'certificate-id',
    'ca-ipsec',
    'detail',
  );
  expect(show).toContain(at);
});
