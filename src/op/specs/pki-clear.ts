/**
 * The table entries of `clear security pki local-certificate | ca-certificate
 * | key-pair | certificate-request | crl` (junos-pki.md §3.10). Names,
 * arguments and help only: each `run` loads pki-clear.ts on first call.
 */
import { valueArg } from '../op-args.js';
import { lazyRun, type OpArgSpec, type OpCommandSpec } from '../op-tree.js';

type ClearModule = typeof import('../pki-clear.js');

/** `NAME <NAME> | all`: one object, or all of them (one of the two is required). */
const ONE_OR_ALL = (name: 'certificate-id' | 'ca-profile', help: string, allHelp: string): OpArgSpec[] => [
  valueArg(name, help, name, { group: 'which' }),
  { name: 'all', help: allHelp, group: 'which' },
];

const ID_OR_ALL = (what: string): OpArgSpec[] =>
  ONE_OR_ALL('certificate-id', `${what} identifier`, `Clear all ${what.toLowerCase()}s`);

/** `clear security pki WHAT`, run by RUN of pki-clear.ts; one of the `which` group is required. */
function clear(
  what: string,
  help: string,
  args: readonly OpArgSpec[],
  run: (m: ClearModule) => OpCommandSpec['run'],
): OpCommandSpec {
  return {
    path: ['clear', 'security', 'pki', what],
    help,
    args,
    requireOneOf: ['which'],
    run: lazyRun(async () => run(await import('../pki-clear.js'))),
  };
}

export const clearLocalCertificateCommand = clear(
  'local-certificate',
  'Clear local certificates (with their key pairs and requests)',
  [
    ...ID_OR_ALL('Local certificate'),
    {
      name: 'system-generated',
      help: 'Clear the system-generated certificate (a new one is generated)',
      group: 'which',
    },
  ],
  (m) => m.runClearLocalCertificate,
);

export const clearCaCertificateCommand = clear(
  'ca-certificate',
  'Clear CA certificates',
  ONE_OR_ALL('ca-profile', 'CA profile name', 'Clear all CA certificates'),
  (m) => m.runClearCaCertificate,
);

export const clearKeyPairCommand = clear('key-pair', 'Clear key pairs', ID_OR_ALL('Key pair'), (m) =>
  m.simpleClear('key', 'Key pair', 'PKI_KEY_NOT_FOUND'),
);

export const clearCertificateRequestCommand = clear(
  'certificate-request',
  'Clear certificate requests',
  ID_OR_ALL('Certificate request'),
  (m) => m.simpleClear('request', 'Certificate request', 'PKI_REQUEST_NOT_FOUND'),
);

export const clearCrlCommand = clear(
  'crl',
  'Clear certificate revocation lists',
  ONE_OR_ALL('ca-profile', 'CA profile name', 'Clear all CRLs'),
  (m) => m.runClearCrl,
);
