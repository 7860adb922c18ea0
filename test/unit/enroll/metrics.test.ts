/**
 * `pkicfg daemon --metrics`: the Prometheus text served on 127.0.0.1 (a free
 * port) by metrics-server.ts from the status rows (metrics.ts), with
 * cert-manager's metric names under the pkicfg_ prefix; a scrape reads the
 * rows at that moment; only /metrics is served; a non-loopback address is
 * refused unless --metrics-allow-remote, on the command line too.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { daemonMetrics } from '../../../src/enroll/metrics.js';
import {
  parseMetricsAddress,
  startMetricsServer,
  type RunningMetricsServer,
} from '../../../src/enroll/metrics-server.js';
import type { StatusRow } from '../../../src/enroll/status.js';
import { run } from '../../../src/cli/run.js';

function get(
  port: number,
  path: string,
  method = 'GET',
): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

const NOT_AFTER = new Date('2026-12-20T00:00:00Z');
const RENEWAL = new Date('2026-12-18T00:00:00Z');

describe('the metrics endpoint', () => {
  let rows: StatusRow[] = [];
  const metrics = daemonMetrics(() => rows);
  let srv: RunningMetricsServer;

  beforeAll(async () => {
    srv = await startMetricsServer({ host: '127.0.0.1', port: 0 }, metrics.registry);
  });
  afterAll(() => srv.close());

  it('serves each certificate in Prometheus text with the names users know', async () => {
    rows = [
      {
        type: 'local-certificate',
        name: 'ca-ipsec',
        caProfile: 'ca-profile-ipsec',
        protocol: 'scep',
        state: 'Ready',
        notBefore: new Date('2026-12-10T00:00:00Z'),
        notAfter: NOT_AFTER,
        renewalAt: RENEWAL,
        attempts: 0,
        failures: 0,
      },
      {
        type: 'ca-profile',
        name: 'ca-profile-ipsec',
        caProfile: 'ca-profile-ipsec',
        state: 'Ready',
        attempts: 0,
        failures: 0,
      },
    ];
    const r = await get(srv.port, '/metrics');
    expect(r.status).toBe(200);
    expect(r.type).toMatch(/^text\/plain; version=0\.0\.4/);
    const labels = 'certificate_id="ca-ipsec",ca_profile="ca-profile-ipsec"';
    expect(r.body).toContain('# TYPE pkicfg_certificate_expiration_timestamp_seconds gauge');
    expect(r.body).toContain(
      `pkicfg_certificate_expiration_timestamp_seconds{${labels}} ${NOT_AFTER.getTime() / 1000}`,
    );
    expect(r.body).toContain(
      `pkicfg_certificate_renewal_timestamp_seconds{${labels}} ${RENEWAL.getTime() / 1000}`,
    );
    expect(r.body).toContain(`pkicfg_certificate_ready_status{${labels},condition="True"} 1`);
    expect(r.body).toContain(`pkicfg_certificate_ready_status{${labels},condition="False"} 0`);
    expect(r.body).toContain(`pkicfg_certificate_consecutive_failures{${labels}} 0`);
    expect(r.body).toContain('# TYPE pkicfg_certificate_failed_attempts_total counter');
    // CA profiles are not certificate series
    expect(r.body).not.toContain('certificate_id="ca-profile-ipsec"');
  });

  it('a scrape reads the rows of that moment; failures are counted', async () => {
    rows = [{ ...rows[0], state: 'Failed', failures: 2, attempts: 2 }];
    metrics.failed('ca-ipsec', 'ca-profile-ipsec');
    metrics.failed('ca-ipsec', 'ca-profile-ipsec');
    const r = await get(srv.port, '/metrics');
    const labels = 'certificate_id="ca-ipsec",ca_profile="ca-profile-ipsec"';
    expect(r.body).toContain(`pkicfg_certificate_ready_status{${labels},condition="False"} 1`);
    expect(r.body).toContain(`pkicfg_certificate_ready_status{${labels},condition="True"} 0`);
    expect(r.body).toContain(`pkicfg_certificate_consecutive_failures{${labels}} 2`);
    expect(r.body).toContain(`pkicfg_certificate_failed_attempts_total{${labels}} 2`);
    rows = [];
    expect((await get(srv.port, '/metrics')).body).not.toContain(
      'pkicfg_certificate_expiration_timestamp_seconds{',
    );
  });

  it('serves nothing but GET /metrics', async () => {
    expect((await get(srv.port, '/')).status).toBe(404);
    expect((await get(srv.port, '/metrics', 'POST')).status).toBe(404);
    expect((await get(srv.port, '/metrics?x=1')).status).toBe(200);
  });
});

describe('the metrics address', () => {
  it('loopback only unless allowed', () => {
    expect(parseMetricsAddress('127.0.0.1:9402', false)).toEqual({ host: '127.0.0.1', port: 9402 });
    expect(parseMetricsAddress('[::1]:9402', false)).toEqual({ host: '::1', port: 9402 });
    expect(parseMetricsAddress('localhost:0', false)).toEqual({ host: 'localhost', port: 0 });
    expect(parseMetricsAddress('0.0.0.0:9402', false)).toBe(
      '--metrics 0.0.0.0 is not a loopback address: add --metrics-allow-remote to serve metrics to the network',
    );
    expect(parseMetricsAddress('0.0.0.0:9402', true)).toEqual({ host: '0.0.0.0', port: 9402 });
    expect(parseMetricsAddress('9402', false)).toBe("--metrics takes HOST:PORT (127.0.0.1:9402), not '9402'");
    expect(parseMetricsAddress('example.net:9402', true)).toBe(
      "--metrics takes an IP address, not 'example.net'",
    );
    expect(parseMetricsAddress('127.0.0.1:70000', false)).toMatch(/^--metrics takes HOST:PORT/);
  });

  it('pkicfg daemon --metrics with a remote address is a usage error (exit 2), nothing started', async () => {
    const state = mkdtempSync(join(tmpdir(), 'pkicfg-metrics-cli-'));
    try {
      const out = new PassThrough();
      const err = new PassThrough();
      let text = '';
      err.on('data', (c: Buffer) => (text += c.toString()));
      let stdout = '';
      out.on('data', (c: Buffer) => (stdout += c.toString()));
      const rc = await run(['daemon', '--once', '--metrics', '0.0.0.0:0', '--state', state], {
        stdout: out,
        stderr: err,
        stdin: new PassThrough(),
        env: { ...process.env, PKICFG_STATE: state },
      });
      expect(rc).toBe(2);
      expect(text).toContain('add --metrics-allow-remote');
      expect(stdout).toBe('');
    } finally {
      rmSync(state, { recursive: true, force: true });
    }
  });
});
