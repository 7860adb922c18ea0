/**
 * The table entries of `show security pki ...`: ca-certificate,
 * local-certificate, certificate-request, key-pair, crl (junos-pki.md §3.4-3.6)
 * and pkicfg's enrollment and enrollment timeline. Names, arguments and help
 * only: each `run` loads its implementation module on first call.
 */
import { BRIEF_DETAIL, CA_PROFILE_OPTIONAL, valueArg } from '../op-args.js';
import { lazyRun, type OpCommandSpec } from '../op-tree.js';

type ShowModule = typeof import('../pki-show.js');

/** `show security pki WHAT`, run by RUN of pki-show.ts. */
function show(
  what: string,
  help: string,
  args: OpCommandSpec['args'],
  run: (m: ShowModule) => OpCommandSpec['run'],
): OpCommandSpec {
  return {
    path: ['show', 'security', 'pki', what],
    help,
    args,
    pipe: true,
    run: lazyRun(async () => run(await import('../pki-show.js'))),
  };
}

export const showCaCertificateCommand = show(
  'ca-certificate',
  'Show certificate-authority certificate information',
  [CA_PROFILE_OPTIONAL, ...BRIEF_DETAIL],
  (m) => m.runShowCaCertificate,
);

export const showLocalCertificateCommand = show(
  'local-certificate',
  'Show local certificate information',
  [
    valueArg('certificate-id', 'Certificate identifier', 'certificate-id', { group: 'which' }),
    { name: 'system-generated', help: 'Show the system-generated certificate', group: 'which' },
    ...BRIEF_DETAIL,
  ],
  (m) => m.runShowLocalCertificate,
);

export const showCertificateRequestCommand = show(
  'certificate-request',
  'Show certificate request information',
  [valueArg('certificate-id', 'Certificate identifier', 'request-id'), ...BRIEF_DETAIL],
  (m) => m.runShowCertificateRequest,
);

export const showKeyPairCommand = show(
  'key-pair',
  'Show key pairs (pkicfg; not a documented Junos command)',
  [valueArg('certificate-id', 'Certificate identifier', 'key-pair-id')],
  (m) => m.runShowKeyPair,
);

export const showCrlCommand = show(
  'crl',
  'Show certificate revocation list information',
  [CA_PROFILE_OPTIONAL, ...BRIEF_DETAIL],
  (m) => m.runShowCrl,
);

export const showEnrollmentCommand: OpCommandSpec = {
  path: ['show', 'security', 'pki', 'enrollment'],
  help: 'Show enrollment state of local certificates and CA profiles (pkicfg)',
  args: [],
  pipe: true,
  run: lazyRun(async () => (await import('../pki-enrollment-show.js')).runShowEnrollment),
};

export const showEnrollmentTimelineCommand: OpCommandSpec = {
  path: ['show', 'security', 'pki', 'enrollment', 'timeline'],
  help: 'Show validity, renewal trigger, retries and expiry of each certificate (pkicfg)',
  args: [],
  pipe: true,
  run: lazyRun(async () => (await import('../pki-enrollment-show.js')).runShowEnrollmentTimeline),
};
