/**
 * End to end, in-process: the embedded CA (SCEP + CMPv2 on /pkix/) on
 * 127.0.0.1 port 0 with a short validity; a configuration with
 * auto-re-enrollment for one SCEP and one CMPv2 certificate is committed and
 * both certificates are enrolled through the real CLI commands. Then the
 * injected clock is moved past the triggers and one daemon pass renews both
 * (SCEP RenewalReq with a new key, CMPv2 kur with the same key); a failing
 * peer leaves the store unchanged and the next pass retries; `commit check`
 * shows the plan; a commit that deletes a ca-profile removes its CA
 * certificate (Junos §4 rule 12).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { startCaServer, type RunningCaServer } from '../../../src/ca/serve.js';
import { cmpRouteFactory } from '../../../src/ca/cmp-server.js';
import { decidePending, listPending } from '../../../src/ca/pending-queue.js';
import { run } from '../../../src/cli/run.js';
import { manualClock } from '../../../src/enroll/clock.js';
import { daemonPass } from '../../../src/enroll/daemon.js';
import { desiredFromConfig, plan } from '../../../src/enroll/plan.js';
import { observeState, reconcile } from '../../../src/enroll/reconcile.js';
import { openStore } from '../../../src/commit/store.js';
import { readLocalCertificate } from '../../../src/pki/pki-objects.js';
import { openPkiStore } from '../../../src/pki/pki-store.js';
import { printDnString } from '../../../src/pki/dn.js';
import { fingerprint } from '../../../src/protocols/scep/certificate.js';
import { nodeHttpTransport, type HttpTransport } from '../../../src/protocols/http/transport.js';
import { createNodeCmpTransport, type CmpTransport } from '../../../src/protocols/cmp/http-transport.js';

const DAY = 86_400_000;
const CHALLENGE = 'reconcile-challenge';
const CMP_REF = '4711';
const CMP_SECRET = 'reconcile-secret';

interface Captured {
  rc: number;
  out: string;
  err: string;
}

async function cli(words: string[], state: string): Promise<Captured> {
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

async function ok(words: string[], state: string): Promise<string> {
  const r = await cli(words, state);
  if (r.rc !== 0) throw new Error(`${words.join(' ')} -> ${r.rc}\n${r.out}\n${r.err}`);
  return r.out;
}

// a front end whose error quotes what it refused: the challenge must not reach log, diagnostics or disk
const failingScep: HttpTransport = {
  send: () =>
    Promise.resolve({
      ok: false,
      kind: 'connect',
      message: `connection refused (test; the proxy quoted ${CHALLENGE})`,
    }),
};
const failingCmp = (): CmpTransport => ({
  post: () => Promise.reject(new Error('connection refused (test)')),
});

describe('reconcile against the embedded CA', () => {
  let dir: string;
  let state: string;
  let srv: RunningCaServer;
  const clock = manualClock(new Date());
  const lines: string[] = [];
  const deps = () => ({
    stateDir: state,
    clock,
    scepTransport: nodeHttpTransport(),
    cmpTransport: () => createNodeCmpTransport(),
    log: (l: string) => void lines.push(l),
  });
  const cert = (id: string) => readLocalCertificate(openPkiStore(state), id).value!;
  const keyPem = (id: string) => openPkiStore(state).readPem('key', id)!;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pkicfg-reconcile-'));
    state = join(dir, 'state');
    srv = await startCaServer({
      stateDir: join(dir, 'ca'),
      port: 0,
      challenge: CHALLENGE,
      validityDays: 10,
      now: () => clock.now(),
      routes: new Map([
        ['/pkix/', cmpRouteFactory({ reference: CMP_REF, secret: CMP_SECRET, validityDays: 10 })],
      ]),
    });
    const conf = join(dir, 'pki.set');
    writeFileSync(
      conf,
      [
        'set security pki ca-profile ca-profile-ipsec ca-identity embedded',
        `set security pki ca-profile ca-profile-ipsec enrollment url ${srv.scepUrl}`,
        'set security pki ca-profile ca-profile-cmp ca-identity embedded',
        `set security pki ca-profile ca-profile-cmp enrollment url ${srv.urls.pkix}`,
        `set security pki auto-re-enrollment scep certificate-id ca-ipsec ca-profile-name ca-profile-ipsec challenge-password ${CHALLENGE}`,
        'set security pki auto-re-enrollment scep certificate-id ca-ipsec re-enroll-trigger-time-percentage 10',
        'set security pki auto-re-enrollment scep certificate-id ca-ipsec re-generate-keypair',
        'set security pki auto-re-enrollment cmpv2 certificate-id router-cmp ca-profile-name ca-profile-cmp',
        'set security pki auto-re-enrollment cmpv2 certificate-id router-cmp re-enroll-time percent 20',
        '',
      ].join('\n'),
    );
    await ok(['load', 'set', conf, '--commit'], state);
    const pki = ['request', 'security', 'pki'];
    await ok(
      [...pki, 'generate-key-pair', 'certificate-id', 'ca-ipsec', 'size', '2048', 'type', 'rsa'],
      state,
    );
    await ok(
      [
        ...pki,
        'ca-certificate',
        'enroll',
        'ca-profile',
        'ca-profile-ipsec',
        '--fingerprint',
        fingerprint(srv.ca.certificate.der, 'sha256'),
      ],
      state,
    );
    await ok(
      [
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
        'domain-name',
        'ipsec.example.net',
      ],
      state,
    );
    // the same CA also under ca-profile-cmp (loaded from a file), so deleting that profile has something to remove
    const caPem = join(dir, 'ca.pem');
    const b64 = Buffer.from(srv.ca.certificate.der).toString('base64').replace(/.{64}/g, '$&\n');
    writeFileSync(caPem, `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`);
    await ok(
      [...pki, 'ca-certificate', 'load', 'ca-profile', 'ca-profile-cmp', 'filename', caPem, '--yes'],
      state,
    );
    await ok(
      [...pki, 'generate-key-pair', 'certificate-id', 'router-cmp', 'size', '256', 'type', 'ecdsa'],
      state,
    );
    await ok(
      [
        ...pki,
        'local-certificate',
        'enroll',
        'cmpv2',
        'certificate-id',
        'router-cmp',
        'ca-profile',
        'ca-profile-cmp',
        'ca-secret',
        CMP_SECRET,
        'ca-reference',
        CMP_REF,
        'subject',
        'CN=router-cmp,O=Example',
      ],
      state,
    );
  }, 60_000);

  afterAll(async () => {
    await srv.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('commit check prints the enrollment plan', async () => {
    const out = await ok(['commit', '--check'], state);
    const ipsec = cert('ca-ipsec');
    const life = ipsec.notAfter.getTime() - ipsec.notBefore.getTime();
    expect(life).toBeGreaterThanOrEqual(10 * DAY); // 10 days, notBefore back-dated by the CA
    expect(life).toBeLessThan(10 * DAY + 15 * 60_000);
    expect(out).toMatch(/^Enrollment plan: renew ca-ipsec over SCEP at .+ UTC$/m);
    expect(out).toMatch(/^Enrollment plan: renew router-cmp over CMPv2 at .+ UTC$/m);
    expect(out).toContain('configuration check succeeds');
    expect(out).not.toContain(CHALLENGE);
  });

  it('nothing is due before the trigger', async () => {
    clock.advance(7 * DAY);
    const r = await daemonPass(deps());
    expect(r.ok).toBe(true);
    expect(r.actions.map((a) => a.kind)).toEqual(['scheduled', 'scheduled']);
    // CMPv2 (re-enroll-time percent 20) comes first: about day 8 after issuance
    const cmp = cert('router-cmp');
    expect(r.next!.getTime()).toBe(
      cmp.notAfter.getTime() - 0.2 * (cmp.notAfter.getTime() - cmp.notBefore.getTime()),
    );
  });

  it('a failing peer leaves the store unchanged; the failure is a diagnostic', async () => {
    clock.advance(2.5 * DAY); // 9.5 days: past both triggers
    const before = {
      ipsec: openPkiStore(state).readPem('local', 'ca-ipsec'),
      cmp: openPkiStore(state).readPem('local', 'router-cmp'),
      key: keyPem('ca-ipsec'),
    };
    const actions = plan(desiredFromConfig(openStore(state).active()), observeState(state), clock.now());
    expect(actions.map((a) => a.kind)).toEqual(['renew-scep', 'renew-cmpv2']);
    const r = await reconcile(actions, {
      stateDir: state,
      clock,
      scepTransport: failingScep,
      cmpTransport: failingCmp,
    });
    expect(r.outcomes.map((o) => o.ok)).toEqual([false, false]);
    expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code)).toEqual([
      'ENROLL_RENEWAL_FAILED',
      'ENROLL_RENEWAL_FAILED',
    ]);
    expect(openPkiStore(state).readPem('local', 'ca-ipsec')).toBe(before.ipsec);
    expect(openPkiStore(state).readPem('local', 'router-cmp')).toBe(before.cmp);
    expect(keyPem('ca-ipsec')).toBe(before.key);
    // the attempt record (attempt-store.ts) says why, the challenge masked
    const rec = readFileSync(join(state, 'enroll', 'attempts', 'ca-ipsec.json'), 'utf8');
    expect(rec).toContain('the proxy quoted ******');
    expect(
      [rec, ...r.diagnostics.map((d) => d.message), ...r.outcomes.map((o) => o.summary)].join('\n'),
    ).not.toContain(CHALLENGE);
  });

  it('the next daemon pass renews over SCEP (new key) and CMPv2 (same key), same subjects', async () => {
    const old = { ipsec: cert('ca-ipsec'), cmp: cert('router-cmp') };
    const keys = { ipsec: keyPem('ca-ipsec'), cmp: keyPem('router-cmp') };
    lines.length = 0;
    // backoff (backoff.ts): the first retry after a failure waits one hour
    expect((await daemonPass(deps())).actions.map((a) => a.kind)).toEqual(['scheduled', 'scheduled']);
    clock.advance(3_600_000);
    const r = await daemonPass(deps());
    expect(lines.join('\n')).toMatch(/renewed ca-ipsec over SCEP: serial \w+, new key pair/);
    expect(lines.join('\n')).toMatch(/renewed router-cmp over CMPv2: serial \w+$/m);
    expect(r.ok).toBe(true);
    const now = { ipsec: cert('ca-ipsec'), cmp: cert('router-cmp') };
    expect(now.ipsec.serialHex).not.toBe(old.ipsec.serialHex);
    expect(now.cmp.serialHex).not.toBe(old.cmp.serialHex);
    expect(printDnString(now.ipsec.subject)).toBe(printDnString(old.ipsec.subject));
    expect(printDnString(now.cmp.subject)).toBe(printDnString(old.cmp.subject));
    expect(now.ipsec.altNames).toEqual(old.ipsec.altNames);
    // issued at the injected time (the CA back-dates notBefore by a few minutes)
    expect(Math.abs(now.ipsec.notBefore.getTime() - clock.now().getTime())).toBeLessThan(15 * 60_000);
    expect(Math.abs(now.cmp.notBefore.getTime() - clock.now().getTime())).toBeLessThan(15 * 60_000);
    // re-generate-keypair only for ca-ipsec
    expect(keyPem('ca-ipsec')).not.toBe(keys.ipsec);
    expect(keyPem('router-cmp')).toBe(keys.cmp);
    expect(now.ipsec.publicKey.export({ type: 'spki', format: 'der' })).not.toEqual(
      old.ipsec.publicKey.export({ type: 'spki', format: 'der' }),
    );
    // level-triggered: nothing left to do
    const again = await daemonPass(deps());
    expect(again.actions.map((a) => a.kind)).toEqual(['scheduled', 'scheduled']);
    // no secret in the log
    expect(lines.join('\n')).not.toMatch(new RegExp(`${CHALLENGE}|${CMP_SECRET}`));
  }, 60_000);

  it('a commit deleting a ca-profile removes its CA certificate (Junos §4 rule 12)', async () => {
    expect(openPkiStore(state).has('ca', 'ca-profile-cmp')).toBe(true);
    const del = join(dir, 'delete.set');
    writeFileSync(
      del,
      'delete security pki auto-re-enrollment cmpv2\ndelete security pki ca-profile ca-profile-cmp\n',
    );
    const check = await ok(['load', 'set', del, '--check'], state);
    expect(check).toContain('Enrollment plan: remove CA certificate of deleted ca-profile ca-profile-cmp');
    const out = await ok(['commit'], state);
    expect(out).toContain('Enrollment: removed CA certificate of deleted ca-profile ca-profile-cmp');
    expect(out).toContain('commit complete');
    expect(openPkiStore(state).has('ca', 'ca-profile-cmp')).toBe(false);
    expect(openPkiStore(state).has('ca', 'ca-profile-ipsec')).toBe(true);
  });

  it('pkicfg daemon --once exits 0 and logs the next trigger', async () => {
    const r = await cli(['daemon', '--once'], state);
    expect(r.err).toBe('');
    expect(r.rc).toBe(0);
    expect(r.out).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC next: renew ca-ipsec over SCEP at .+ UTC$/m);
    expect(readFileSync(join(state, 'pki', 'index.json'), 'utf8')).not.toContain(CHALLENGE);
  });

  it('a renewal left PENDING by the CA never blocks a pass; the daemon polls it when due', async () => {
    // a second front end of the same CA that queues requests for manual approval
    const manual = await startCaServer({
      stateDir: join(dir, 'ca'),
      port: 0,
      challenge: CHALLENGE,
      manualApproval: true,
      validityDays: 10,
      now: () => clock.now(),
    });
    try {
      const url = join(dir, 'url.set');
      writeFileSync(url, `set security pki ca-profile ca-profile-ipsec enrollment url ${manual.scepUrl}\n`);
      await ok(['load', 'set', url, '--commit'], state);
      const old = cert('ca-ipsec');
      clock.advance(old.notAfter.getTime() - clock.now().getTime() - DAY); // 1 day left (< 10 %)
      lines.length = 0;
      const first = await daemonPass(deps());
      expect(first.ok).toBe(true);
      expect(lines.join('\n')).toMatch(
        /renewal of ca-ipsec over SCEP is pending at the CA \(transaction \w+\)/,
      );
      expect(cert('ca-ipsec').serialHex).toBe(old.serialHex);
      expect(first.next!.getTime()).toBe(clock.now().getTime() + 900_000); // retry-interval
      // still pending: the plan does not start a second transaction
      const again = await daemonPass(deps());
      expect(again.actions.map((a) => a.kind)).toEqual(['note']);
      const txid = listPending(manual.ca).find((p) => p.state === 'pending')!.transactionID;
      expect(decidePending(manual.ca, txid, 'approved')).toBe(true);
      clock.advance(900_000);
      lines.length = 0;
      const done = await daemonPass(deps());
      expect(lines.join('\n')).toMatch(/resumed SCEP enrollment of ca-ipsec: issued serial \w+/);
      expect(done.ok).toBe(true);
      expect(cert('ca-ipsec').serialHex).not.toBe(old.serialHex);
    } finally {
      await manual.close();
    }
  }, 60_000);

  it('the daemon enforces an expired commit confirmed deadline', async () => {
    const f = join(dir, 'confirmed.set');
    writeFileSync(f, 'set system host-name confirm-me\n');
    await ok(['load', 'set', f, '--confirmed', '1'], state);
    expect(JSON.stringify(openStore(state).active())).toContain('confirm-me');
    lines.length = 0;
    clock.advance(2 * 60_000); // the injected clock is days ahead of the deadline anyway
    await daemonPass(deps());
    expect(lines.join('\n')).toMatch(
      /Commit was not confirmed; automatic rollback complete \(the configuration committed at .* UTC is active again, the unconfirmed commit of .* UTC is now rollback 1\)/,
    );
    expect(JSON.stringify(openStore(state, { enforcePending: false }).active())).not.toContain('confirm-me');
  });

  it('pkicfg daemon usage errors exit 2', async () => {
    expect((await cli(['daemon', '--interval', '0'], state)).rc).toBe(2);
    expect((await cli(['daemon', '--interval', 'soon'], state)).rc).toBe(2);
    const bad = await cli(['daemon', '--bogus'], state);
    expect(bad.rc).toBe(2);
    expect(bad.err).toContain('usage: pkicfg daemon [--state DIR] [--once] [--interval SEC]');
  });
});
