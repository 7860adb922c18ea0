/**
 * `pkicfg ca serve [--port N] [--state DIR] [--challenge S | --challenge-file FILE]
 *  [--manual-approval] [--validity-days N] [--quiet] [--cmp-reference R
 *  (--cmp-secret S | --cmp-secret-file FILE)] [--cmp-ra FILE.pem]`
 *
 * Runs the embedded CA (src/ca/serve.ts) on 127.0.0.1 (port 0 picks a free
 * port and prints it) until SIGINT/SIGTERM: creates the CA under STATE/ca/ on
 * first start, prints the CA certificate, its fingerprints and the URLs
 * (SCEP, CMP, CRL). The two secrets also come from a file or the environment
 * (src/cli/secret-option.ts). Exit status: 0 stopped, 2 usage or I/O error,
 * or a server that could not start.
 */
import { readFileSync } from 'node:fs';
import type { CliIO } from '../run.js';
import { command, type CommandArgs, type CommandContext } from '../command.js';
import { cannotRead, STATE_OPTION } from '../options.js';
import { ensurePrivateDir } from '../../commit/state-dir.js';
import { startCaServer, type RunningCaServer } from '../../ca/serve.js';
import { cmpRouteFactory } from '../../ca/cmp-server.js';
import { fingerprint } from '../../protocols/scep/certificate.js';
import { formatJunosTime } from '../../pki/junos-date.js';
import { areProcessArgs, secretOption } from '../secret-option.js';
import { CA_USAGE } from './ca-usage.js';

/** Resolves when the process is asked to stop; injectable for tests. */
export type StopSignal = () => Promise<void>;

const processStop: StopSignal = () =>
  new Promise((resolve) => {
    const done = (): void => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve();
    };
    process.on('SIGINT', done);
    process.on('SIGTERM', done);
  });

const SERVE_OPTIONS = {
  port: { type: 'string', default: '8080' },
  ...STATE_OPTION,
  challenge: { type: 'string' },
  'challenge-file': { type: 'string' },
  'manual-approval': { type: 'boolean', default: false },
  'validity-days': { type: 'string', default: '365' },
  quiet: { type: 'boolean', default: false },
  'cmp-reference': { type: 'string' },
  'cmp-secret': { type: 'string' },
  'cmp-secret-file': { type: 'string' },
  'cmp-ra': { type: 'string' },
} as const;

type ServeValues = CommandArgs<typeof SERVE_OPTIONS>['values'];

/** What the CA is started with, once the options are read. */
interface Served {
  readonly port: number;
  readonly days: number;
  readonly challenge?: string;
  readonly cmpSecret?: string;
  readonly raPem?: string;
}

const colonHex = (h: string): string => h.toUpperCase().replace(/(..)(?=.)/g, '$1:');

/** `--port` and `--validity-days` in their ranges, or the usage message. */
function serveNumbers(v: ServeValues): { port: number; days: number } | string {
  const port = Number(v.port);
  const days = Number(v['validity-days']);
  if (!Number.isInteger(port) || port < 0 || port > 65535) return `bad --port '${v.port}'`;
  if (!Number.isInteger(days) || days < 1 || days > 36500)
    return `bad --validity-days '${v['validity-days']}'`;
  return { port, days };
}

/** The SCEP challenge and the CMP shared secret, each from its option, file or variable; or the usage message. */
async function serveSecrets(
  cx: CommandContext,
  v: ServeValues,
  inArgv: boolean,
): Promise<{ challenge?: string; cmpSecret?: string } | string> {
  if (v['challenge-file'] === '-' && v['cmp-secret-file'] === '-')
    return 'only one secret can be read from standard input';
  const challenge = await secretOption(
    cx.io,
    cx.name,
    { name: 'challenge', envName: 'PKICFG_CA_CHALLENGE', label: 'Challenge password' },
    { value: v.challenge, file: v['challenge-file'], inArgv },
  );
  if ('error' in challenge) return challenge.error;
  const cmpSecret = await secretOption(
    cx.io,
    cx.name,
    { name: 'cmp-secret', envName: 'PKICFG_CMP_SECRET', label: 'CMP shared secret' },
    { value: v['cmp-secret'], file: v['cmp-secret-file'], inArgv },
  );
  if ('error' in cmpSecret) return cmpSecret.error;
  return { challenge: challenge.value, cmpSecret: cmpSecret.value };
}

/** `--cmp-ra FILE.pem`'s certificate text; the exit status after a usage or read error. */
function readRaPem(cx: CommandContext, file: string): string | number {
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (e) {
    return cannotRead(cx.io, cx.name, file, e);
  }
  return pem.includes('BEGIN CERTIFICATE') ? pem : cx.usage(`--cmp-ra ${file} holds no PEM certificate`, '');
}

/** What `ca serve` prints once it listens: the CA certificate and how to reach and use it. */
function serveBanner(server: RunningCaServer, v: ServeValues, s: Served): string {
  const cert = server.ca.certificate;
  return [
    `CA certificate: ${server.ca.certPath}`,
    `  Subject: ${cert.x509.subject.replace(/\n/g, ', ')}`,
    `  Fingerprint: ${colonHex(fingerprint(cert.der, 'sha256'))} (sha256)`,
    `  Fingerprint: ${colonHex(fingerprint(cert.der, 'sha1'))} (sha1)`,
    `Listening on 127.0.0.1:${server.port}`,
    ...Object.entries(server.urls).map(([k, u]) => `  ${k.toUpperCase()} URL: ${u}`),
    `Challenge password: ${s.challenge === undefined ? 'not required' : 'required'}`,
    `CMP password-based MAC: ${v['cmp-reference'] !== undefined && s.cmpSecret !== undefined ? `reference ${v['cmp-reference']}` : 'off (signed requests only)'}`,
    `Approval: ${v['manual-approval'] ? 'manual (pkicfg ca approve TXID)' : 'automatic'}`,
    '',
  ].join('\n');
}

/** Starts the CA server in STATEDIR (created 0700) with what the options said. */
function startServer(io: CliIO, stateDir: string, v: ServeValues, s: Served): Promise<RunningCaServer> {
  ensurePrivateDir(stateDir);
  const cmp = { reference: v['cmp-reference'], secret: s.cmpSecret, validityDays: s.days };
  return startCaServer({
    stateDir,
    port: s.port,
    challenge: s.challenge,
    manualApproval: v['manual-approval'],
    validityDays: s.days,
    routes: new Map([['/pkix/', cmpRouteFactory({ ...cmp, ...(s.raPem ? { raPem: s.raPem } : {}) })]]),
    log: v.quiet ? undefined : (line) => io.stderr.write(`${formatJunosTime(new Date())} ${line}\n`),
  });
}

/** `pkicfg ca serve ARGS`: serves until STOP resolves. */
export function caServe(args: readonly string[], io: CliIO, stop: StopSignal = processStop): Promise<number> {
  const serve = command(
    { name: 'ca serve', usage: CA_USAGE, options: SERVE_OPTIONS, help: false },
    async ({ values: v }, cx) => {
      const numbers = serveNumbers(v);
      if (typeof numbers === 'string') return cx.usage(numbers, '');
      const stateDir = cx.stateDir();
      const secrets = await serveSecrets(cx, v, areProcessArgs(args));
      if (typeof secrets === 'string') return cx.usage(secrets, '');
      const raPem = v['cmp-ra'] === undefined ? undefined : readRaPem(cx, v['cmp-ra']);
      if (typeof raPem === 'number') return raPem;
      const served: Served = { ...numbers, ...secrets, ...(raPem !== undefined ? { raPem } : {}) };
      let server: RunningCaServer;
      try {
        server = await startServer(io, stateDir, v, served);
      } catch (e) {
        return cx.usage(`cannot start: ${(e as Error).message}`, '');
      }
      io.stdout.write(serveBanner(server, v, served));
      await stop();
      await server.close();
      return 0;
    },
  );
  return serve(args, io);
}
