/**
 * `clear security pki local-certificate|ca-certificate|key-pair|certificate-request|crl`
 * (junos-pki.md §3.10): no output on success. Clearing a local certificate
 * also removes its pending request and key pair; `all` leaves the
 * system-generated certificate alone; clearing `system-generated` makes a new
 * one at once. CA certificates are deleted only after a `yes` (their CRL goes
 * with them). Table entries: specs/pki-clear.ts.
 */
import { diagnostic, type Diagnostic } from '../diag/diagnostic.js';
import type { PkiChange, PkiKind, PkiStore } from '../pki/pki-store.js';
import type { OpContext } from './op-context.js';
import type { OpArgs, OpResult } from './op-tree.js';
import { failed, str, SYSTEM_GENERATED } from './op-args.js';
import { ensureSystemGenerated } from './pki-op-helpers.js';

function del(kind: PkiKind, id: string): PkiChange {
  return { op: 'delete', kind, id };
}

/**
 * The ids a clear works on: with `all`, every stored object of KIND (but the
 * system-generated certificate unless KEEP_SYSTEM is false); else the one
 * named by ARG, which must exist (else the NOT_FOUND diagnostic).
 */
function targets(
  args: OpArgs,
  store: PkiStore,
  kind: PkiKind,
  arg: string,
  notFound: (id: string) => Diagnostic,
  keepSystem = true,
): string[] | OpResult {
  if (args.all === true) return store.list(kind).filter((id) => !keepSystem || id !== SYSTEM_GENERATED);
  const id = str(args, arg)!;
  return store.has(kind, id) ? [id] : failed(notFound(id));
}

/** Commits CHANGES: no output on success. */
function commitChanges(store: PkiStore, changes: PkiChange[]): OpResult {
  const done = store.commit(changes);
  return done.value ? {} : failed(...done.diagnostics);
}

export async function runClearLocalCertificate(args: OpArgs, ctx: OpContext): Promise<OpResult> {
  const store = ctx.pki();
  if (args['system-generated'] === true) {
    const done = store.commit([
      del('local', SYSTEM_GENERATED),
      del('key', SYSTEM_GENERATED),
      del('request', SYSTEM_GENERATED),
    ]);
    if (!done.value) return failed(...done.diagnostics);
    const d = await ensureSystemGenerated(ctx);
    return d.length ? failed(...d) : {};
  }
  const ids = targets(args, store, 'local', 'certificate-id', (id) =>
    diagnostic('PKI_LOCAL_CERT_NOT_FOUND', `Local certificate ${id} not found in local database`),
  );
  if (!Array.isArray(ids)) return ids;
  return commitChanges(
    store,
    ids.flatMap((id) => [
      del('local', id),
      ...(store.has('key', id) ? [del('key', id)] : []),
      ...(store.has('request', id) ? [del('request', id)] : []),
    ]),
  );
}

export async function runClearCaCertificate(args: OpArgs, ctx: OpContext): Promise<OpResult> {
  const store = ctx.pki();
  const profiles = targets(
    args,
    store,
    'ca',
    'ca-profile',
    (p) => diagnostic('PKI_CA_CERT_NOT_FOUND', `CA certificate for profile ${p} doesn't exist`),
    false,
  );
  if (!Array.isArray(profiles)) return profiles;
  if (profiles.length === 0) return {};
  const question =
    args.all === true
      ? 'Do you want to delete all CA certificates ?'
      : `Do you want to delete the CA certificate of profile ${profiles[0]} ?`;
  if (!(await ctx.confirm(question))) return {};
  return commitChanges(
    store,
    profiles.flatMap((p) => [del('ca', p), ...(store.has('crl', p) ? [del('crl', p)] : [])]),
  );
}

/** `clear security pki key-pair | certificate-request`: the named one or all (no output). */
export function simpleClear(
  kind: 'key' | 'request',
  what: string,
  code: 'PKI_KEY_NOT_FOUND' | 'PKI_REQUEST_NOT_FOUND',
): (args: OpArgs, ctx: OpContext) => Promise<OpResult> {
  return (args, ctx) => {
    const store = ctx.pki();
    const ids = targets(args, store, kind, 'certificate-id', (id) =>
      diagnostic(code, `${what} ${id} does not exist`),
    );
    return Promise.resolve(
      Array.isArray(ids)
        ? commitChanges(
            store,
            ids.map((id) => del(kind, id)),
          )
        : ids,
    );
  };
}

export async function runClearCrl(args: OpArgs, ctx: OpContext): Promise<OpResult> {
  const store = ctx.pki();
  const p = str(args, 'ca-profile');
  if (p !== undefined && !store.has('crl', p))
    return failed(diagnostic('PKI_CRL_NOT_FOUND', `CRL for CA profile ${p} doesn't exist`));
  return commitChanges(
    store,
    (p !== undefined ? [p] : store.list('crl')).map((id) => del('crl', id)),
  );
}
