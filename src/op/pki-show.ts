/**
 * `show security pki ca-certificate | local-certificate | certificate-request
 * | key-pair | crl` (junos-pki.md §3.11). Nothing stored: no output (as
 * Junos); a named object that does not exist: an error. Their table entries
 * are in specs/pki-show.ts.
 */
import { diagnostic, type Diagnostic, type Result } from '../diag/diagnostic.js';
import type { CertificateInfo } from '../pki/certificate.js';
import { formatJunosDate } from '../pki/junos-date.js';
import { parsePrivateKey, type KeyPair } from '../pki/key-pair.js';
import { readCaCertificate, readCrl, readLocalCertificate, readRequest } from '../pki/pki-objects.js';
import {
  renderCaCertificateBrief,
  renderCaCertificateDetail,
  renderLocalCertificateBrief,
  renderLocalCertificateDetail,
  renderLsysBlocks,
  type LocalCertView,
} from './render/render-certificate.js';
import {
  renderCrl,
  renderKeyPair,
  renderRequestBrief,
  renderRequestDetail,
} from './render/render-pki-misc.js';
import type { OpContext } from './op-context.js';
import { pkiView } from '../tree/pki-view.js';
import { renewalTriggerTime } from '../enroll/renewal.js';
import type { PkiKind, PkiStore } from '../pki/pki-store.js';
import type { OpArgs, OpResult } from './op-tree.js';
import { failed, str, SYSTEM_GENERATED } from './op-args.js';
import { scepLocalCertificateStatus } from './enroll-scep-status.js';
import { ensureSystemGenerated } from './pki-op-helpers.js';
import type { ConfigTree } from '../tree/config-tree.js';

/** The Auto-re-enrollment block from `security pki auto-re-enrollment (scep|cmpv2|acme)? certificate-id ID`. */
export function reEnrollmentStatus(
  config: ConfigTree | undefined,
  id: string,
  cert: CertificateInfo,
): { status: string; nextTrigger: string } {
  const entry = pkiView(config).renewals.find((r) => r.certId === id);
  if (!entry) return { status: 'Disabled', nextTrigger: 'Timer not started' };
  const at = renewalTriggerTime(cert.notBefore, cert.notAfter, entry.policy);
  if (!at) return { status: 'Enabled', nextTrigger: 'Timer not started' };
  return { status: 'Enabled', nextTrigger: formatJunosDate(at) };
}

/**
 * One block per id in IDS, rendered from what READ returns; an id READ cannot
 * read adds its diagnostics instead. JOIN makes the output of the blocks. A
 * NAMED object (the command named one id) that cannot be read fails the
 * command; in a listing the others still show.
 */
function showBlocks<T>(
  ctx: OpContext,
  named: boolean,
  ids: readonly string[],
  read: (id: string) => Result<T | undefined>,
  render: (id: string, value: T) => string,
  join: (blocks: readonly string[]) => string,
): OpResult {
  const blocks: string[] = [];
  const diags: Diagnostic[] = [];
  for (const id of ids) {
    const r = read(id);
    if (r.value === undefined) diags.push(...r.diagnostics);
    else blocks.push(render(id, r.value));
  }
  ctx.stdout.write(join(blocks));
  return named && diags.length ? failed(...diags) : { diagnostics: diags };
}

const joinBlocks = (blocks: readonly string[]): string => blocks.join('\n');

/** `show security pki WHAT [ARG <id>] [brief|detail]`: every stored object of KIND, or the named one. */
function showObjects<T>(o: {
  /** The argument naming one object (`ca-profile`, `certificate-id`). */
  readonly arg: string;
  readonly kind: PkiKind;
  readonly read: (store: PkiStore, id: string) => Result<T | undefined>;
  readonly render: (id: string, value: T, detail: boolean, ctx: OpContext) => string;
  readonly join: (blocks: readonly string[]) => string;
}): (args: OpArgs, ctx: OpContext) => Promise<OpResult> {
  return async (args, ctx) => {
    const store = ctx.pki();
    const one = str(args, o.arg);
    return Promise.resolve(
      showBlocks(
        ctx,
        one !== undefined,
        one !== undefined ? [one] : store.list(o.kind),
        (id) => o.read(store, id),
        (id, value) => o.render(id, value, args.detail === true, ctx),
        o.join,
      ),
    );
  };
}

export const runShowCaCertificate = showObjects({
  arg: 'ca-profile',
  kind: 'ca',
  read: readCaCertificate,
  render: (p, c, detail) => (detail ? renderCaCertificateDetail(p, c) : renderCaCertificateBrief(p, c)),
  join: renderLsysBlocks,
});

export async function runShowLocalCertificate(args: OpArgs, ctx: OpContext): Promise<OpResult> {
  const gen = await ensureSystemGenerated(ctx);
  if (gen.length) return failed(...gen);
  const store = ctx.pki();
  const one = args['system-generated'] === true ? SYSTEM_GENERATED : str(args, 'certificate-id');
  // extra status lines for certificates that enrollment knows about (pending, polling, failed)
  const status = scepLocalCertificateStatus(ctx);
  const config = await ctx.activeConfig();
  const ids =
    one !== undefined
      ? [one]
      : [...store.list('local'), ...[...status.keys()].filter((id) => !store.has('local', id))];
  // null: no certificate yet, only the status lines enrollment gave.
  const read = (id: string): Result<CertificateInfo | null | undefined> =>
    !store.has('local', id) && status.get(id)
      ? { value: null, diagnostics: [] }
      : readLocalCertificate(store, id);
  const render = (id: string, cert: CertificateInfo | null): string => {
    const extra = status.get(id) ?? '';
    if (cert === null) return `Certificate identifier: ${id}\n${extra}`;
    const view: LocalCertView = {
      id,
      certificate: cert,
      keypairLocation:
        store.meta('local', id)?.keyLocation === 'imported'
          ? 'Keypair imported'
          : 'Keypair generated locally',
      reEnrollment: reEnrollmentStatus(config, id, cert),
    };
    return (
      (args.detail === true ? renderLocalCertificateDetail(view) : renderLocalCertificateBrief(view)) + extra
    );
  };
  return showBlocks(ctx, one !== undefined, ids, read, render, renderLsysBlocks);
}

export const runShowCertificateRequest = showObjects({
  arg: 'certificate-id',
  kind: 'request',
  read: readRequest,
  render: (id, r, detail) => (detail ? renderRequestDetail(id, r) : renderRequestBrief(id, r)),
  join: joinBlocks,
});

export async function runShowKeyPair(args: OpArgs, ctx: OpContext): Promise<OpResult> {
  const store = ctx.pki();
  const one = str(args, 'certificate-id');
  if (one !== undefined && !store.has('key', one)) {
    return failed(diagnostic('PKI_KEY_NOT_FOUND', `Key pair ${one} does not exist`));
  }
  const read = (id: string): Result<KeyPair | undefined> => {
    const pem = store.readPem('key', id);
    return pem === undefined
      ? { value: undefined, diagnostics: [] }
      : parsePrivateKey(new Uint8Array(Buffer.from(pem)), store.path('key', id));
  };
  const render = (id: string, k: KeyPair): string =>
    renderKeyPair(
      id,
      k,
      store.meta('key', id)?.source === 'imported' ? 'Keypair imported' : 'Keypair generated locally',
    );
  // A key pair that exists but does not parse is reported without failing the command.
  return showBlocks(ctx, false, one !== undefined ? [one] : store.list('key'), read, render, joinBlocks);
}

export const runShowCrl = showObjects({
  arg: 'ca-profile',
  kind: 'crl',
  read: readCrl,
  render: (p, crl, detail, ctx) => renderCrl(p, crl, detail, ctx.now()),
  join: joinBlocks,
});
