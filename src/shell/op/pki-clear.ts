/**
 * `clear security pki local-certificate|ca-certificate|key-pair|certificate-request|crl`
 * (junos-pki.md §3.10): no output on success. Clearing a local certificate
 * also removes its pending request and key pair; `all` leaves the
 * system-generated certificate alone; clearing `system-generated` makes a new
 * one at once. CA certificates are deleted only after a `yes` (their CRL goes
 * with them).
 */
import { pkiDiagnostic } from '../../pki/pki-diagnostic.js';
import type { PkiChange, PkiKind } from '../../pki/pki-store.js';
import type { OpArgSpec, OpCommandSpec } from './op-tree.js';
import { ensureSystemGenerated, failed, str, SYSTEM_GENERATED } from './pki-op-helpers.js';

const ID_OR_ALL = (what: string): OpArgSpec[] => [
  {
    name: 'certificate-id',
    help: `${what} identifier`,
    value: { placeholder: 'certificate-id', kind: 'certificate-id' },
    group: 'which',
  },
  { name: 'all', help: `Clear all ${what.toLowerCase()}s`, group: 'which' },
];

function del(kind: PkiKind, id: string): PkiChange {
  return { op: 'delete', kind, id };
}

export const clearLocalCertificateCommand: OpCommandSpec = {
  path: ['clear', 'security', 'pki', 'local-certificate'],
  help: 'Clear local certificates (with their key pairs and requests)',
  args: [
    ...ID_OR_ALL('Local certificate'),
    {
      name: 'system-generated',
      help: 'Clear the system-generated certificate (a new one is generated)',
      group: 'which',
    },
  ],
  requireOneOf: ['which'],
  async run(args, ctx) {
    const store = ctx.pki();
    if (args['system-generated'] === true) {
      const done = store.commit([
        del('local', SYSTEM_GENERATED),
        del('key', SYSTEM_GENERATED),
        del('request', SYSTEM_GENERATED),
      ]);
      if (!done.value) return failed(...done.diagnostics);
      const d = ensureSystemGenerated(ctx);
      return d.length ? failed(...d) : {};
    }
    let ids: string[];
    if (args.all === true) ids = store.list('local').filter((id) => id !== SYSTEM_GENERATED);
    else {
      const id = str(args, 'certificate-id')!;
      if (!store.has('local', id)) {
        return failed(
          pkiDiagnostic('PKI_LOCAL_CERT_NOT_FOUND', `Local certificate ${id} not found in local database`),
        );
      }
      ids = [id];
    }
    const changes = ids.flatMap((id) => [
      del('local', id),
      ...(store.has('key', id) ? [del('key', id)] : []),
      ...(store.has('request', id) ? [del('request', id)] : []),
    ]);
    const done = store.commit(changes);
    return done.value ? {} : failed(...done.diagnostics);
  },
};

export const clearCaCertificateCommand: OpCommandSpec = {
  path: ['clear', 'security', 'pki', 'ca-certificate'],
  help: 'Clear CA certificates',
  args: [
    {
      name: 'ca-profile',
      help: 'CA profile name',
      value: { placeholder: 'ca-profile', kind: 'ca-profile' },
      group: 'which',
    },
    { name: 'all', help: 'Clear all CA certificates', group: 'which' },
  ],
  requireOneOf: ['which'],
  async run(args, ctx) {
    const store = ctx.pki();
    let profiles: string[];
    if (args.all === true) profiles = store.list('ca');
    else {
      const p = str(args, 'ca-profile')!;
      if (!store.has('ca', p))
        return failed(
          pkiDiagnostic('PKI_CA_CERT_NOT_FOUND', `CA certificate for profile ${p} doesn't exist`),
        );
      profiles = [p];
    }
    if (profiles.length === 0) return {};
    const question =
      args.all === true
        ? 'Do you want to delete all CA certificates ?'
        : `Do you want to delete the CA certificate of profile ${profiles[0]} ?`;
    if (!(await ctx.confirm(question))) return {};
    const changes = profiles.flatMap((p) => [del('ca', p), ...(store.has('crl', p) ? [del('crl', p)] : [])]);
    const done = store.commit(changes);
    return done.value ? {} : failed(...done.diagnostics);
  },
};

function simpleClear(
  kind: 'key' | 'request',
  path: string,
  help: string,
  what: string,
  code: 'PKI_KEY_NOT_FOUND' | 'PKI_REQUEST_NOT_FOUND',
): OpCommandSpec {
  return {
    path: ['clear', 'security', 'pki', path],
    help,
    args: ID_OR_ALL(what),
    requireOneOf: ['which'],
    async run(args, ctx) {
      const store = ctx.pki();
      let ids: string[];
      if (args.all === true) ids = store.list(kind).filter((id) => id !== SYSTEM_GENERATED);
      else {
        const id = str(args, 'certificate-id')!;
        if (!store.has(kind, id)) return failed(pkiDiagnostic(code, `${what} ${id} does not exist`));
        ids = [id];
      }
      const done = store.commit(ids.map((id) => del(kind, id)));
      return done.value ? {} : failed(...done.diagnostics);
    },
  };
}

export const clearKeyPairCommand = simpleClear(
  'key',
  'key-pair',
  'Clear key pairs',
  'Key pair',
  'PKI_KEY_NOT_FOUND',
);
export const clearCertificateRequestCommand = simpleClear(
  'request',
  'certificate-request',
  'Clear certificate requests',
  'Certificate request',
  'PKI_REQUEST_NOT_FOUND',
);

export const clearCrlCommand: OpCommandSpec = {
  path: ['clear', 'security', 'pki', 'crl'],
  help: 'Clear certificate revocation lists',
  args: [
    {
      name: 'ca-profile',
      help: 'CA profile name',
      value: { placeholder: 'ca-profile', kind: 'ca-profile' },
      group: 'which',
    },
    { name: 'all', help: 'Clear all CRLs', group: 'which' },
  ],
  requireOneOf: ['which'],
  async run(args, ctx) {
    const store = ctx.pki();
    const p = str(args, 'ca-profile');
    if (p !== undefined && !store.has('crl', p))
      return failed(pkiDiagnostic('PKI_CRL_NOT_FOUND', `CRL for CA profile ${p} doesn't exist`));
    const ids = p !== undefined ? [p] : store.list('crl');
    const done = store.commit(ids.map((id) => del('crl', id)));
    return done.value ? {} : failed(...done.diagnostics);
  },
};
