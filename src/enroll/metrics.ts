/**
 * Prometheus metrics of `pkicfg daemon --metrics HOST:PORT` (prom-client).
 * The names mirror cert-manager's, with the pkicfg_ prefix, so its dashboards
 * and alerts carry over by a rename:
 *   pkicfg_certificate_expiration_timestamp_seconds{certificate_id,ca_profile}  not-after
 *   pkicfg_certificate_renewal_timestamp_seconds{certificate_id,ca_profile}     renewal trigger
 *   pkicfg_certificate_ready_status{certificate_id,ca_profile,condition}        1 for the condition that holds (True/False/Unknown)
 *   pkicfg_certificate_failed_attempts_total{certificate_id,ca_profile}         failed renewals seen by this daemon
 *   pkicfg_certificate_consecutive_failures{certificate_id,ca_profile}          recorded consecutive failures
 * Gauges are computed at scrape time from the status rows (status.ts), so a
 * scrape says what `pkicfg status` says at that moment. Only local certificates
 * are series (cert-manager's Certificate resources); the listener binds
 * loopback unless told otherwise (metrics-server.ts).
 */
import { Counter, Gauge, Registry } from 'prom-client';
import type { StatusRow } from './status.js';

export interface DaemonMetrics {
  readonly registry: Registry;
  /** Counts one failed renewal attempt. */
  failed(certId: string, caProfile: string | undefined): void;
}

const LABELS = ['certificate_id', 'ca_profile'] as const;

export function daemonMetrics(rows: () => readonly StatusRow[]): DaemonMetrics {
  const registry = new Registry();
  const certs = (): StatusRow[] => rows().filter((r) => r.type === 'local-certificate');
  const labels = (r: StatusRow): Record<(typeof LABELS)[number], string> => ({
    certificate_id: r.name,
    ca_profile: r.caProfile ?? '',
  });
  new Gauge({
    name: 'pkicfg_certificate_expiration_timestamp_seconds',
    help: 'The date after which the certificate expires, in seconds since the epoch',
    labelNames: LABELS,
    registers: [registry],
    collect() {
      this.reset();
      for (const r of certs()) if (r.notAfter) this.set(labels(r), r.notAfter.getTime() / 1000);
    },
  });
  new Gauge({
    name: 'pkicfg_certificate_renewal_timestamp_seconds',
    help: 'The time at which renewal of the certificate starts, in seconds since the epoch',
    labelNames: LABELS,
    registers: [registry],
    collect() {
      this.reset();
      for (const r of certs()) if (r.renewalAt) this.set(labels(r), r.renewalAt.getTime() / 1000);
    },
  });
  new Gauge({
    name: 'pkicfg_certificate_ready_status',
    help: 'The ready status of the certificate (1 for the condition that holds)',
    labelNames: [...LABELS, 'condition'],
    registers: [registry],
    collect() {
      this.reset();
      for (const r of certs()) {
        const holds =
          r.state === 'Ready' || r.state === 'Renewing'
            ? 'True'
            : r.state === 'Pending'
              ? 'Unknown'
              : 'False';
        for (const condition of ['True', 'False', 'Unknown'])
          this.set({ ...labels(r), condition }, condition === holds ? 1 : 0);
      }
    },
  });
  new Gauge({
    name: 'pkicfg_certificate_consecutive_failures',
    help: 'Consecutive failed renewal attempts recorded for the certificate',
    labelNames: LABELS,
    registers: [registry],
    collect() {
      this.reset();
      for (const r of certs()) this.set(labels(r), r.failures);
    },
  });
  const failedTotal = new Counter({
    name: 'pkicfg_certificate_failed_attempts_total',
    help: 'Failed renewal attempts seen by this daemon',
    labelNames: LABELS,
    registers: [registry],
  });
  return {
    registry,
    failed: (certId, caProfile) => failedTotal.inc({ certificate_id: certId, ca_profile: caProfile ?? '' }),
  };
}
