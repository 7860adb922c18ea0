/**
 * `pkicfg ca ...`: the embedded CA.
 *
 *   pkicfg ca serve   [--port N] [--state DIR] [--challenge S | --challenge-file FILE] [--manual-approval] [--validity-days N]
 *   pkicfg ca pending [--state DIR]
 *   pkicfg ca approve (TXID... | --all) [--state DIR]
 *   pkicfg ca reject  TXID... [--state DIR]
 *   pkicfg ca revoke  SERIAL [REASON] [--state DIR]
 *
 * `serve` listens on 127.0.0.1 only (port 0 picks a free port and prints it),
 * creates the CA under STATE/ca/ on first start, prints the CA certificate
 * path and the URLs (SCEP, CMP, CRL), and runs until SIGINT/SIGTERM. `revoke`
 * records a revocation (src/ca/revoke.ts; REASON an RFC 5280 CRLReason name,
 * default unspecified) that the next CRL served lists. Exit codes: 0 ok, 1 a
 * request was refused (unknown transaction, unknown or revoked serial), 2
 * usage or I/O error.
 * Secrets also come from a file or the environment (src/cli/secret-option.ts).
 */
import { readFileSync } from 'node:fs';
import type { CliIO } from '../run.js';
import { cannotRead, ioError, parseCommandArgs, STATE_OPTION, usageError } from '../options.js';
import { ensurePrivateDir } from '../../commit/state-dir.js';
import { untrustedText } from '../../diag/untrusted-text.js';
import { stateDirOption } from '../state-dir-option.js';
import { openCa } from '../../ca/ca-store.js';
import { decidePending, listPending } from '../../ca/pending-queue.js';
import { revokeCertificate } from '../../ca/revoke.js';
import { renderOpDiagnostics } from '../../op/op-run.js';
import { startCaServer } from '../../ca/serve.js';
import { cmpRouteFactory } from '../../ca/cmp-server.js';
import { fingerprint } from '../../protocols/scep/certificate.js';
import { formatJunosTime } from '../../pki/junos-date.js';
import { areProcessArgs, secretOption } from '../secret-option.js';

const USAGE = `usage: pkicfg ca serve [--port N] [--state DIR] [--challenge S | --challenge-file FILE] [--manual-approval]
                       [--validity-days N] [--cmp-reference R (--cmp-secret S | --cmp-secret-file FILE)]
                       [--cmp-ra FILE.pem]
       pkicfg ca pending [--state DIR]
       pkicfg ca approve (TXID... | --all) [--state DIR]
       pkicfg ca reject TXID... [--state DIR]
       pkicfg ca revoke SERIAL [REASON] [--state DIR]
         REASON: unspecified keyCompromise cACompromise affiliationChanged superseded
                 cessationOfOperation certificateHold privilegeWithdrawn aACompromise
`;

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

const colonHex = (h: string): string => h.toUpperCase().replace(/(..)(?=.)/g, '$1:');

/** The embedded CA of `--state` (created 0700 when new), or the exit status of the I/O error. */
function openCaOf(io: CliIO, stateFlag: string | undefined, cmd: string): ReturnType<typeof openCa> | number {
  try {
    const stateDir = stateDirOption(stateFlag, io.env);
    ensurePrivateDir(stateDir);
    return openCa(stateDir);
  } catch (e) {
    return ioError(io, cmd, e);
  }
}

export async function caServe(
  args: readonly string[],
  io: CliIO,
  stop: StopSignal = processStop,
): Promise<number> {
  const parsed = parseCommandArgs(io, 'ca serve', USAGE, args, {
    options: {
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
    },
    strict: true,
    allowPositionals: false,
  });
  if (typeof parsed === 'number') return parsed;
  const v = parsed.values;
  const port = Number(v.port);
  const days = Number(v['validity-days']);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    return usageError(io, 'ca serve', `bad --port '${v.port}'`, '');
  if (!Number.isInteger(days) || days < 1 || days > 36500)
    return usageError(io, 'ca serve', `bad --validity-days '${v['validity-days']}'`, '');
  let stateDir: string;
  try {
    stateDir = stateDirOption(v.state, io.env);
  } catch (e) {
    return ioError(io, 'ca serve', e);
  }
  if (v['challenge-file'] === '-' && v['cmp-secret-file'] === '-')
    return usageError(io, 'ca serve', 'only one secret can be read from standard input', '');
  const challengeOpt = await secretOption(
    io,
    'ca serve',
    { name: 'challenge', envName: 'PKICFG_CA_CHALLENGE', label: 'Challenge password' },
    { value: v.challenge, file: v['challenge-file'], inArgv: areProcessArgs(args) },
  );
  if ('error' in challengeOpt) return usageError(io, 'ca serve', challengeOpt.error, '');
  const cmpSecretOpt = await secretOption(
    io,
    'ca serve',
    { name: 'cmp-secret', envName: 'PKICFG_CMP_SECRET', label: 'CMP shared secret' },
    { value: v['cmp-secret'], file: v['cmp-secret-file'], inArgv: areProcessArgs(args) },
  );
  if ('error' in cmpSecretOpt) return usageError(io, 'ca serve', cmpSecretOpt.error, '');
  const challenge = challengeOpt.value;
  const cmpSecret = cmpSecretOpt.value;
  let raPem: string | undefined;
  if (v['cmp-ra'] !== undefined) {
    try {
      raPem = readFileSync(v['cmp-ra'], 'utf8');
    } catch (e) {
      return cannotRead(io, 'ca serve', v['cmp-ra'], e);
    }
    if (!raPem.includes('BEGIN CERTIFICATE'))
      return usageError(io, 'ca serve', `--cmp-ra ${v['cmp-ra']} holds no PEM certificate`, '');
  }
  let server;
  try {
    ensurePrivateDir(stateDir);
    server = await startCaServer({
      stateDir,
      port,
      challenge,
      manualApproval: v['manual-approval'],
      validityDays: days,
      routes: new Map([
        [
          '/pkix/',
          cmpRouteFactory({
            reference: v['cmp-reference'],
            secret: cmpSecret,
            validityDays: days,
            ...(raPem ? { raPem } : {}),
          }),
        ],
      ]),
      log: v.quiet ? undefined : (line) => io.stderr.write(`${formatJunosTime(new Date())} ${line}\n`),
    });
  } catch (e) {
    return usageError(io, 'ca serve', `cannot start: ${(e as Error).message}`, '');
  }
  const cert = server.ca.certificate;
  io.stdout.write(
    [
      `CA certificate: ${server.ca.certPath}`,
      `  Subject: ${cert.x509.subject.replace(/\n/g, ', ')}`,
      `  Fingerprint: ${colonHex(fingerprint(cert.der, 'sha256'))} (sha256)`,
      `  Fingerprint: ${colonHex(fingerprint(cert.der, 'sha1'))} (sha1)`,
      `Listening on 127.0.0.1:${server.port}`,
      ...Object.entries(server.urls).map(([k, u]) => `  ${k.toUpperCase()} URL: ${u}`),
      `Challenge password: ${challenge === undefined ? 'not required' : 'required'}`,
      `CMP password-based MAC: ${v['cmp-reference'] !== undefined && cmpSecret !== undefined ? `reference ${v['cmp-reference']}` : 'off (signed requests only)'}`,
      `Approval: ${v['manual-approval'] ? 'manual (pkicfg ca approve TXID)' : 'automatic'}`,
      '',
    ].join('\n'),
  );
  await stop();
  await server.close();
  return 0;
}

export async function caCommand(args: readonly string[], io: CliIO): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'serve') return caServe(rest, io);
  if (sub === 'revoke') return caRevoke(rest, io);
  if (sub !== 'pending' && sub !== 'approve' && sub !== 'reject') {
    io.stderr.write(
      sub === undefined || sub === '--help' ? USAGE : `pkicfg ca: unknown subcommand '${sub}'\n${USAGE}`,
    );
    return sub === '--help' ? 0 : 2;
  }
  const parsed = parseCommandArgs(io, `ca ${sub}`, USAGE, rest, {
    options: { ...STATE_OPTION, ...(sub === 'approve' ? { all: { type: 'boolean', default: false } } : {}) },
    strict: true,
    allowPositionals: true,
  } as const);
  if (typeof parsed === 'number') return parsed;
  const o = { all: Boolean((parsed.values as { all?: boolean }).all), ids: parsed.positionals };
  const ca = openCaOf(io, parsed.values.state, `ca ${sub}`);
  if (typeof ca === 'number') return ca;
  const queue = listPending(ca);
  if (sub === 'pending') {
    const waiting = queue.filter((p) => p.state === 'pending');
    if (waiting.length === 0) io.stdout.write('No pending requests\n');
    for (const p of waiting)
      io.stdout.write(
        `${untrustedText(p.transactionID)}  ${formatJunosTime(new Date(p.requestedAt))}  ${untrustedText(p.subject)}\n`,
      );
    return 0;
  }
  const ids =
    sub === 'approve' && o.all
      ? queue.filter((p) => p.state === 'pending').map((p) => p.transactionID)
      : o.ids;
  if (ids.length === 0) {
    io.stderr.write(
      sub === 'approve' && o.all
        ? 'No pending requests\n'
        : `pkicfg ca ${sub}: give a transaction ID\n${USAGE}`,
    );
    return sub === 'approve' && o.all ? 0 : 2;
  }
  let rc = 0;
  for (const id of ids) {
    if (decidePending(ca, id, sub === 'approve' ? 'approved' : 'rejected')) {
      io.stdout.write(
        `${sub === 'approve' ? 'Approved' : 'Rejected'} ${id}; the certificate ${sub === 'approve' ? 'is issued' : 'is refused'} at the client's next poll\n`,
      );
    } else {
      io.stderr.write(`pkicfg ca ${sub}: no pending request with transaction ID '${id}'\n`);
      rc = 1;
    }
  }
  return rc;
}

/** `pkicfg ca revoke SERIAL [REASON]`: records the revocation; the next CRL served lists it. */
export async function caRevoke(args: readonly string[], io: CliIO, now = new Date()): Promise<number> {
  const parsed = parseCommandArgs(io, 'ca revoke', USAGE, args, {
    options: { ...STATE_OPTION },
    strict: true,
    allowPositionals: true,
  });
  if (typeof parsed === 'number') return parsed;
  const [serial, reason, ...extra] = parsed.positionals;
  if (serial === undefined || extra.length > 0)
    return usageError(
      io,
      'ca revoke',
      serial === undefined ? 'give a serial number' : `unexpected '${extra[0]}'`,
      '',
    );
  const ca = openCaOf(io, parsed.values.state, 'ca revoke');
  if (typeof ca === 'number') return ca;
  const r = revokeCertificate(ca, serial, reason, now);
  if (!r.value) {
    io.stderr.write(
      renderOpDiagnostics(r.diagnostics.map((d) => ({ ...d, message: untrustedText(d.message) }))),
    );
    return 1;
  }
  io.stdout.write(
    `Certificate ${r.value.revoked} revoked (reason ${r.value.reason}); the CRL served by pkicfg ca serve lists it from its next request\n`,
  );
  return 0;
}
