/**
 * Issue 16 "Done when": the real `pkicfg daemon` (the CLI command,
 * in-process, with --metrics on a free loopback port) against the embedded
 * CA, through failure (CA down), backoff, recovery, renewal and revocation
 * (the CA revokes, the daemon downloads its CRL, verify refuses); at
 * each step `show security pki enrollment`, `pkicfg status --json`, the
 * metrics and the timeline SVG (rendered by rsvg-convert) must say the same.
 *
 * Time is injected (CliIO.clock): the daemon's sleeps wait for the test,
 * which sets the clock to the instant of the next pass and lets the daemon
 * wake. One sleep follows each pass, so the test knows when a pass is over;
 * nothing depends on how long anything takes.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { startCaServer, type RunningCaServer } from '../../src/ca/serve.js';
import { run } from '../../src/cli/run.js';
import { cliStatus } from '../../src/cli/commands/status-source.js';
import type { Clock } from '../../src/enroll/clock.js';
import { readLocalCertificate } from '../../src/pki/pki-objects.js';
import { openPkiStore } from '../../src/pki/pki-store.js';
import { formatJunosDate } from '../../src/pki/junos-date.js';
import { fingerprint } from '../../src/protocols/scep/certificate.js';
import {
  NOW_COLOUR,
  RETRY_COLOUR,
  STATE_COLOUR,
  timelineGeometry,
} from '../../src/op/render/render-timeline-svg.js';
import { expectColour, near, renderSvg } from '../svg-pixels.js';

const HOUR = 3_600_000;
const CHALLENGE = 'lifecycle-challenge-5150';

/** A clock whose sleeps end when the test says, at the time the test sets. */
function gatedClock(start: Date) {
  let t = start.getTime();
  let pending: (() => void) | undefined;
  let onSleep: (() => void) | undefined;
  const clock: Clock & {
    set(d: Date): void;
    /** Resolves at the next sleep call (a pass is over). */
    nextSleep(): Promise<void>;
    /** Sets the clock to D and ends the current sleep. */
    wake(d: Date): void;
  } = {
    now: () => new Date(t),
    sleep: (_ms, signal) =>
      new Promise<void>((resolve) => {
        if (signal?.aborted) return resolve();
        const done = (): void => {
          signal?.removeEventListener('abort', done);
          if (pending === done) pending = undefined;
          resolve();
        };
        pending = done;
        signal?.addEventListener('abort', done);
        const s = onSleep;
        onSleep = undefined;
        s?.();
      }),
    set: (d) => void (t = d.getTime()),
    nextSleep: () => new Promise<void>((resolve) => (onSleep = resolve)),
    wake: (d) => {
      t = d.getTime();
      pending?.();
    },
  };
  return clock;
}

interface Captured {
  rc: number;
  out: string;
  err: string;
}

function sink(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  let s = '';
  stream.on('data', (c: Buffer) => (s += c.toString()));
  return { stream, text: () => s };
}

function getText(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    request(url, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve(body));
    })
      .on('error', reject)
      .end();
  });
}

interface StatusEntry {
  readonly name: string;
  readonly state: string;
  readonly attempts: number;
  readonly 'failed-attempts': number;
  readonly 'not-after'?: string;
  readonly 'next-retry-time'?: string;
  readonly 'last-attempt-result'?: string;
}

describe('the daemon through CA down, backoff, recovery, renewal and revocation', () => {
  const clock = gatedClock(new Date());
  let dir: string;
  let state: string;
  let srv: RunningCaServer | undefined;
  let caPort = 0;
  const daemonOut = sink();
  const controller = new AbortController();
  let daemon: Promise<number> | undefined;
  let metricsUrl = '';

  const startCa = async (port: number): Promise<RunningCaServer> =>
    startCaServer({
      stateDir: join(dir, 'ca'),
      port,
      host: '127.0.0.1',
      challenge: CHALLENGE,
      validityDays: 10,
      now: () => clock.now(),
    });

  async function cli(words: string[]): Promise<Captured> {
    const out = sink();
    const err = sink();
    const rc = await run([...words, '--state', state], {
      stdout: out.stream,
      stderr: err.stream,
      stdin: new PassThrough(),
      env: { ...process.env, PKICFG_STATE: state },
      clock,
    });
    return { rc, out: out.text(), err: err.text() };
  }
  async function ok(words: string[]): Promise<string> {
    const r = await cli(words);
    if (r.rc !== 0) throw new Error(`${words.join(' ')} -> ${r.rc}\n${r.out}\n${r.err}`);
    return r.out;
  }
  const cert = () => readLocalCertificate(openPkiStore(state), 'ca-ipsec').value!;
  const entry = async (): Promise<StatusEntry> => {
    const j = JSON.parse(await ok(['status', '--json'])) as {
      'enrollment-status': { now: string; entries: StatusEntry[] };
    };
    expect(j['enrollment-status'].now).toBe(clock.now().toISOString());
    return j['enrollment-status'].entries.find((e) => e.name === 'ca-ipsec')!;
  };
  /** The `show security pki enrollment` line of ca-ipsec split in columns. */
  const showRow = async (): Promise<string[]> => {
    const text = await ok(['show', 'security', 'pki', 'enrollment']);
    const line = text.split('\n').find((l) => l.startsWith('ca-ipsec '))!;
    return line.split(/ {2,}/);
  };
  const metric = async (name: string, labels = ''): Promise<number | undefined> => {
    const body = await getText(metricsUrl);
    const re = new RegExp(
      `^${name}\\{certificate_id="ca-ipsec",ca_profile="ca-profile-ipsec"${labels}\\} (\\S+)$`,
      'm',
    );
    const m = re.exec(body);
    return m ? Number(m[1]) : undefined;
  };
  /** Writes the SVG with `pkicfg timeline --svg` and renders it. */
  const picture = async () => {
    const file = join(dir, `timeline-${clock.now().getTime()}.svg`);
    expect(await ok(['timeline', '--svg', file])).toBe(`Timeline written to ${file}\n`);
    const g = timelineGeometry(cliStatus(state, clock.now()), clock.now());
    return { pic: renderSvg(readFileSync(file, 'utf8')), g };
  };
  /** Lets the daemon run one pass at AT and waits until it sleeps again. */
  const passAt = async (at: Date): Promise<string> => {
    const before = daemonOut.text().length;
    const slept = clock.nextSleep();
    clock.wake(at);
    await slept;
    return daemonOut.text().slice(before);
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pkicfg-lifecycle-'));
    state = join(dir, 'state');
    srv = await startCa(0);
    caPort = srv.port;
    const conf = join(dir, 'pki.set');
    writeFileSync(
      conf,
      [
        'set security pki ca-profile ca-profile-ipsec ca-identity embedded',
        `set security pki ca-profile ca-profile-ipsec enrollment url ${srv.scepUrl}`,
        `set security pki auto-re-enrollment scep certificate-id ca-ipsec ca-profile-name ca-profile-ipsec challenge-password ${CHALLENGE}`,
        'set security pki auto-re-enrollment scep certificate-id ca-ipsec re-enroll-trigger-time-percentage 10',
        '',
      ].join('\n'),
    );
    await ok(['load', 'set', conf, '--commit']);
    const pki = ['request', 'security', 'pki'];
    await ok([...pki, 'generate-key-pair', 'certificate-id', 'ca-ipsec', 'size', '2048', 'type', 'rsa']);
    await ok([
      ...pki,
      'ca-certificate',
      'enroll',
      'ca-profile',
      'ca-profile-ipsec',
      '--fingerprint',
      fingerprint(srv.ca.certificate.der, 'sha256'),
    ]);
    await ok([
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
    ]);
    const slept = clock.nextSleep();
    daemon = run(
      ['daemon', '--state', state, '--metrics', '127.0.0.1:0', '--interval', String(30 * 86_400)],
      {
        stdout: daemonOut.stream,
        stderr: daemonOut.stream,
        stdin: new PassThrough(),
        env: { ...process.env, PKICFG_STATE: state },
        clock,
        signal: controller.signal,
      },
    );
    await slept;
    metricsUrl = /metrics on (http:\/\/127\.0\.0\.1:\d+\/metrics)/.exec(daemonOut.text())![1];
  }, 120_000);

  afterAll(async () => {
    controller.abort();
    clock.wake(clock.now());
    if (daemon) expect(await daemon).toBe(0);
    await srv?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  let trigger: Date;
  const firstSerial: { hex?: string } = {};

  it('starts up saying what it watches and when it acts; everything says Ready', async () => {
    const log = daemonOut.text();
    expect(log).toMatch(
      /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC started: watching .+: 1 certificate with auto-re-enrollment \(ca-ipsec\), 1 ca-profile; next event: renew ca-ipsec over SCEP at .+ UTC$/m,
    );
    const c = cert();
    firstSerial.hex = c.serialHex;
    trigger = new Date(c.notAfter.getTime() - 0.1 * (c.notAfter.getTime() - c.notBefore.getTime()));
    const e = await entry();
    expect(e).toMatchObject({
      state: 'Ready',
      attempts: 0,
      'failed-attempts': 0,
      'not-after': c.notAfter.toISOString(),
    });
    expect((await showRow()).slice(0, 3)).toEqual(['ca-ipsec', 'SCEP', 'Ready']);
    expect(await metric('pkicfg_certificate_ready_status', ',condition="True"')).toBe(1);
    expect(await metric('pkicfg_certificate_expiration_timestamp_seconds')).toBe(c.notAfter.getTime() / 1000);
    expect(await metric('pkicfg_certificate_renewal_timestamp_seconds')).toBe(trigger.getTime() / 1000);
    const { pic, g } = await picture();
    expectColour(pic, (g.x(c.notBefore) + g.x(trigger)) / 2, g.barMiddle(0), STATE_COLOUR.Ready);
  });

  it('CA down at the trigger: the renewal fails, the retry is 1 h later (backoff), all four say so', async () => {
    await srv!.close();
    srv = undefined;
    // just past the trigger, as a user would look before the daemon wakes: Renewing
    clock.set(new Date(trigger.getTime() + 60_000));
    expect((await entry()).state).toBe('Renewing');
    const at = new Date(trigger.getTime() + 60_000);
    const log = await passAt(at);
    expect(log).toMatch(/renewal of ca-ipsec over SCEP started \(ca-profile ca-profile-ipsec, due .+ UTC\)/);
    expect(log).toMatch(
      /renewal of ca-ipsec over SCEP failed: GetCACaps: cannot connect to 127\.0\.0\.1:\d+: ECONNREFUSED; retry 2 scheduled at .+ UTC/,
    );
    expect(log).toMatch(/next: retry renewal of ca-ipsec over SCEP at .+ UTC \(1 failed attempt\)/);
    const retry = new Date(at.getTime() + HOUR);
    const e = await entry();
    expect(e).toMatchObject({
      state: 'Failed',
      attempts: 1,
      'failed-attempts': 1,
      'next-retry-time': retry.toISOString(),
    });
    expect(e['last-attempt-result']).toMatch(/^renewal of ca-ipsec over SCEP failed: /);
    const row = await showRow();
    expect(row[2]).toBe('Failed');
    expect(row[5]).toBe('1');
    expect(row[6]).toBe(formatJunosDate(retry));
    expect(await ok(['show', 'security', 'pki', 'enrollment'])).toContain(
      `  Last attempt ${formatJunosDate(at)}: renewal of ca-ipsec over SCEP failed: GetCACaps: cannot connect`,
    );
    // the same rows as JSON through the Junos pipe on the command line
    const piped = JSON.parse(await ok(['show', 'security', 'pki', 'enrollment', '|', 'display', 'json'])) as {
      'enrollment-status': { entries: StatusEntry[] };
    };
    expect(piped['enrollment-status'].entries.find((x) => x.name === 'ca-ipsec')).toEqual(e);
    expect(await metric('pkicfg_certificate_ready_status', ',condition="False"')).toBe(1);
    expect(await metric('pkicfg_certificate_failed_attempts_total')).toBe(1);
    expect(await metric('pkicfg_certificate_consecutive_failures')).toBe(1);
    const { pic, g } = await picture();
    expectColour(pic, g.x(retry), g.barMiddle(0), RETRY_COLOUR);
    expectColour(pic, (g.x(cert().notBefore) + g.x(trigger)) / 2, g.barMiddle(0), STATE_COLOUR.Failed);
    expect([-1, 0, 1].some((dx) => near(pic.pixel(g.x(at) + dx, g.barMiddle(0) + 22), NOW_COLOUR))).toBe(
      true,
    );
  });

  it('still down at the retry: the second failure doubles the wait to 2 h', async () => {
    const first = new Date((await entry())['next-retry-time']!);
    const log = await passAt(first);
    expect(log).toMatch(/renewal of ca-ipsec over SCEP failed: .*; retry 3 scheduled at .+ UTC/);
    expect(log).toMatch(/\(2 failed attempts\)/);
    const e = await entry();
    expect(e).toMatchObject({
      state: 'Failed',
      attempts: 2,
      'failed-attempts': 2,
      'next-retry-time': new Date(first.getTime() + 2 * HOUR).toISOString(),
    });
    expect((await showRow())[5]).toBe('2');
    expect(await metric('pkicfg_certificate_failed_attempts_total')).toBe(2);
    expect(await metric('pkicfg_certificate_consecutive_failures')).toBe(2);
  });

  it('CA up again: the retry renews; Ready with the new certificate everywhere', async () => {
    srv = await startCa(caPort);
    const old = cert();
    const retry = new Date((await entry())['next-retry-time']!);
    const log = await passAt(retry);
    expect(log).toMatch(/renewed ca-ipsec over SCEP: serial \w+/);
    const c = cert();
    expect(c.serialHex).not.toBe(firstSerial.hex);
    expect(c.notAfter.getTime()).toBeGreaterThan(old.notAfter.getTime());
    const e = await entry();
    expect(e).toMatchObject({ state: 'Ready', 'failed-attempts': 0, 'not-after': c.notAfter.toISOString() });
    expect(e['next-retry-time']).toBeUndefined();
    expect(e['last-attempt-result']).toMatch(/^renewed ca-ipsec over SCEP: serial /);
    const row = await showRow();
    expect(row[2]).toBe('Ready');
    expect(row[6]).toBe('-');
    expect(log).toMatch(/next: renew ca-ipsec over SCEP at .+ UTC$/m);
    expect(await metric('pkicfg_certificate_ready_status', ',condition="True"')).toBe(1);
    expect(await metric('pkicfg_certificate_expiration_timestamp_seconds')).toBe(c.notAfter.getTime() / 1000);
    expect(await metric('pkicfg_certificate_consecutive_failures')).toBe(0);
    expect(await metric('pkicfg_certificate_failed_attempts_total')).toBe(2);
    const { pic, g } = await picture();
    const next = new Date(c.notAfter.getTime() - 0.1 * (c.notAfter.getTime() - c.notBefore.getTime()));
    expectColour(pic, (g.x(c.notBefore) + g.x(next)) / 2, g.barMiddle(0), STATE_COLOUR.Ready);
    expect(near(pic.pixel(g.x(retry) + 30, g.barMiddle(0)), RETRY_COLOUR)).toBe(false);
    // no secret anywhere the daemon wrote
    expect(daemonOut.text()).not.toContain(CHALLENGE);
    expect(readFileSync(join(state, 'enroll', 'attempts', 'ca-ipsec.json'), 'utf8')).not.toContain(CHALLENGE);
  }, 60_000);
  it('the CA revokes it: the daemon downloads the CRL, verify refuses, all four say Revoked', async () => {
    const c = cert();
    const caOut = sink();
    const revoked = await run(['ca', 'revoke', c.serialHex, 'keyCompromise', '--state', join(dir, 'ca')], {
      stdout: caOut.stream,
      stderr: caOut.stream,
      stdin: new PassThrough(),
      env: { ...process.env },
      clock,
    });
    expect(revoked).toBe(0);
    const conf = join(dir, 'crl.set');
    writeFileSync(
      conf,
      `set security pki ca-profile ca-profile-ipsec revocation-check crl url ${srv!.crlUrl}\n`,
    );
    await ok(['load', 'set', conf, '--commit']);
    await passAt(new Date(clock.now().getTime() + 60_000));
    expect(daemonOut.text()).toMatch(
      /downloaded CRL for CA profile ca-profile-ipsec \(CRL number \d+, 1 revoked\)/,
    );
    const verify = await cli([
      'request',
      'security',
      'pki',
      'local-certificate',
      'verify',
      'certificate-id',
      'ca-ipsec',
    ]);
    expect(verify.rc).toBe(1);
    expect(verify.out + verify.err).toMatch(
      new RegExp(`serial number ${c.serialHex}\\) was revoked at .+ UTC \\(keyCompromise`, 'i'),
    );
    const e = await entry();
    expect(e.state).toBe('Revoked');
    expect((await showRow())[2]).toBe('Revoked');
    expect(await metric('pkicfg_certificate_ready_status', ',condition="False"')).toBe(1);
    const { pic, g } = await picture();
    const next = new Date(c.notAfter.getTime() - 0.1 * (c.notAfter.getTime() - c.notBefore.getTime()));
    expectColour(pic, (g.x(c.notBefore) + g.x(next)) / 2, g.barMiddle(0), STATE_COLOUR.Revoked);
  }, 60_000);
});
