/**
 * `pkicfg ca ...`: the embedded CA.
 *
 *   pkicfg ca serve   [--port N] [--state DIR] [--challenge S | --challenge-file FILE] [--manual-approval] [--validity-days N]
 *   pkicfg ca pending [--state DIR]
 *   pkicfg ca approve (TXID... | --all) [--state DIR]
 *   pkicfg ca reject  TXID... [--state DIR]
 *   pkicfg ca revoke  SERIAL [REASON] [--state DIR]
 *
 * `serve` is ca-serve.ts. `pending`, `approve` and `reject` work the queue of
 * requests waiting for a manual approval; `revoke` records a revocation
 * (src/ca/revoke.ts; REASON an RFC 5280 CRLReason name, default unspecified)
 * that the next CRL served lists. Exit codes: 0 ok, 1 a request was refused
 * (unknown transaction, unknown or revoked serial), 2 usage or I/O error.
 */
import type { CliIO } from '../run.js';
import { command, type CommandContext } from '../command.js';
import { STATE_OPTION } from '../options.js';
import { ensurePrivateDir } from '../../commit/state-dir.js';
import { untrustedText } from '../../diag/untrusted-text.js';
import { openCa, type EmbeddedCa } from '../../ca/ca-store.js';
import { decidePending, listPending } from '../../ca/pending-queue.js';
import { revokeCertificate } from '../../ca/revoke.js';
import { renderOpDiagnostics } from '../../op/op-run.js';
import { formatJunosTime } from '../../pki/junos-date.js';
import { CA_USAGE as USAGE } from './ca-usage.js';
import { caServe } from './ca-serve.js';

/** The embedded CA of `--state`, created 0700 when new (an I/O error is the command's exit 2). */
function openCaOf(cx: CommandContext): EmbeddedCa {
  const stateDir = cx.stateDir();
  ensurePrivateDir(stateDir);
  return openCa(stateDir);
}

export async function caCommand(args: readonly string[], io: CliIO): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'serve') return caServe(rest, io);
  if (sub === 'revoke') return caRevoke(rest, io);
  if (sub === 'pending') return caPending(rest, io);
  if (sub !== 'approve' && sub !== 'reject') {
    io.stderr.write(
      sub === undefined || sub === '--help' ? USAGE : `pkicfg ca: unknown subcommand '${sub}'\n${USAGE}`,
    );
    return sub === '--help' ? 0 : 2;
  }
  return caDecide(sub, rest, io);
}

/** `pkicfg ca pending`: the requests waiting for a decision. */
const caPending = command(
  { name: 'ca pending', usage: USAGE, options: STATE_OPTION, positionals: true, help: false },
  async (_args, cx) => {
    const waiting = listPending(openCaOf(cx)).filter((p) => p.state === 'pending');
    if (waiting.length === 0) cx.io.stdout.write('No pending requests\n');
    for (const p of waiting)
      cx.io.stdout.write(
        `${untrustedText(p.transactionID)}  ${formatJunosTime(new Date(p.requestedAt))}  ${untrustedText(p.subject)}\n`,
      );
    return 0;
  },
);

const APPROVE_OPTIONS = { ...STATE_OPTION, all: { type: 'boolean', default: false } } as const;

/** `pkicfg ca approve (TXID... | --all)`, `pkicfg ca reject TXID...`. */
function caDecide(sub: 'approve' | 'reject', args: readonly string[], io: CliIO): Promise<number> {
  // `--all` is approve's only: for reject it stays an unknown option
  const options = sub === 'approve' ? APPROVE_OPTIONS : (STATE_OPTION as typeof APPROVE_OPTIONS);
  const decide = command(
    { name: `ca ${sub}`, usage: USAGE, options, positionals: true, help: false },
    async ({ values, positionals }, cx) => {
      const all = values.all === true;
      const ca = openCaOf(cx);
      const queue = listPending(ca);
      const ids = all ? queue.filter((p) => p.state === 'pending').map((p) => p.transactionID) : positionals;
      if (ids.length === 0) {
        io.stderr.write(all ? 'No pending requests\n' : `pkicfg ca ${sub}: give a transaction ID\n${USAGE}`);
        return all ? 0 : 2;
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
    },
  );
  return decide(args, io);
}

/** `pkicfg ca revoke SERIAL [REASON]`: records the revocation; the next CRL served lists it. */
export function caRevoke(args: readonly string[], io: CliIO, now = new Date()): Promise<number> {
  const revoke = command(
    { name: 'ca revoke', usage: USAGE, options: STATE_OPTION, positionals: true, help: false },
    async ({ positionals }, cx) => {
      const [serial, reason, ...extra] = positionals;
      if (serial === undefined || extra.length > 0)
        return cx.usage(serial === undefined ? 'give a serial number' : `unexpected '${extra[0]}'`, '');
      const r = revokeCertificate(openCaOf(cx), serial, reason, now);
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
    },
  );
  return revoke(args, io);
}
