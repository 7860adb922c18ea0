/**
 * `pkicfg daemon [--state DIR] [--once] [--interval SEC]`
 *
 * The level-triggered reconcile loop (src/enroll/daemon.ts): enforces expired
 * `commit confirmed` deadlines, resumes durable SCEP jobs, and renews local
 * certificates over SCEP and CMPv2 when their `auto-re-enrollment` trigger
 * time comes; removes CA certificates of deleted ca-profiles. Sleeps until
 * the next trigger or deadline, at most --interval seconds (default 3600);
 * a commit made meanwhile wakes it at once (a new `commit confirmed` deadline).
 * `--once` runs one pass and exits (cron, tests). One log line per action on
 * stdout, prefixed with the UTC time; secrets are never logged.
 * Exit status: 0 ok, 1 an action failed (retried on the next pass), 2 usage.
 */
import { command } from '../command.js';
import { STATE_HELP, STATE_OPTION, wholeNumberOption } from '../options.js';
import { systemClock } from '../../enroll/clock.js';
import { runDaemon } from '../../enroll/daemon.js';
import { formatJunosTime } from '../../pki/junos-date.js';
import { nodeHttpTransport } from '../../protocols/http/transport.js';
import { createNodeCmpTransport } from '../../protocols/cmp/http-transport.js';
import { daemonMetrics } from '../../enroll/metrics.js';
import {
  parseMetricsAddress,
  startMetricsServer,
  type RunningMetricsServer,
} from '../../enroll/metrics-server.js';
import type { ActionOutcome } from '../../enroll/reconcile.js';
import { cliStatus } from './status-source.js';

export const DAEMON_USAGE = `usage: pkicfg daemon [--state DIR] [--once] [--interval SEC] [--metrics HOST:PORT [--metrics-allow-remote]]
  --state DIR      ${STATE_HELP}
  --once           one pass (confirmed-commit deadline, SCEP jobs, due renewals), then exit
  --interval SEC   longest sleep between passes (default 3600; a commit wakes the daemon at once)
  --metrics HOST:PORT  serve Prometheus metrics on http://HOST:PORT/metrics (loopback only)
  --metrics-allow-remote  allow a non-loopback --metrics address
exit status: 0 ok, 1 an action failed (retried on the next pass), 2 usage error
`;

export const daemonCommand = command(
  {
    name: 'daemon',
    usage: DAEMON_USAGE,
    options: {
      ...STATE_OPTION,
      once: { type: 'boolean', default: false },
      interval: { type: 'string' },
      metrics: { type: 'string' },
      'metrics-allow-remote': { type: 'boolean', default: false },
    },
  },
  async ({ values }, cx) => {
    const { io } = cx;
    const interval = wholeNumberOption(values.interval) ?? 3600;
    if (!Number.isInteger(interval) || interval < 1) return cx.usage('--interval takes seconds (>= 1)');
    const stateDir = cx.stateDir();
    const address =
      values.metrics === undefined
        ? undefined
        : parseMetricsAddress(values.metrics, values['metrics-allow-remote']);
    if (typeof address === 'string') return cx.usage(address);
    const clock = io.clock ?? systemClock;
    const log = (line: string): void => void io.stdout.write(`${formatJunosTime(clock.now())} ${line}\n`);
    const metrics = address ? daemonMetrics(() => cliStatus(stateDir, clock.now())) : undefined;
    let server: RunningMetricsServer | undefined;
    const controller = new AbortController();
    const stop = (): void => controller.abort();
    if (io.signal?.aborted) stop();
    io.signal?.addEventListener('abort', stop);
    if (!values.once) {
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    }
    try {
      if (address && metrics) {
        server = await startMetricsServer(address, metrics.registry);
        log(
          `metrics on http://${address.host.includes(':') ? `[${address.host}]` : address.host}:${server.port}/metrics`,
        );
      }
      const ok = await runDaemon(
        {
          stateDir,
          clock,
          scepTransport: nodeHttpTransport(),
          cmpTransport: () => createNodeCmpTransport(),
          log,
          env: io.env,
          ...(metrics
            ? {
                onOutcome: (o: ActionOutcome) => {
                  if (!o.ok && o.action.kind !== 'remove-ca-certificate')
                    metrics.failed(o.action.certId, o.action.caProfile);
                },
              }
            : {}),
        },
        { once: values.once, intervalMs: interval * 1000, signal: controller.signal },
      );
      return ok ? 0 : 1;
    } finally {
      await server?.close();
      process.removeListener('SIGINT', stop);
      process.removeListener('SIGTERM', stop);
      io.signal?.removeEventListener('abort', stop);
    }
  },
);
