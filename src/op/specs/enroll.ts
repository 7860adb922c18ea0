/**
 * The table entries of online enrollment: `request security pki
 * ca-certificate enroll` (SCEP GetCACert), `local-certificate enroll scep`,
 * `local-certificate enroll cmpv2` and `re-enroll cmpv2`. Names, arguments
 * and help only: each `run` loads its protocol stack on first call. The
 * implementation modules make the same specs with injected transports for
 * tests (caEnrollCommand, enrollScepCommand, enrollCmpv2Command, ...).
 */
import { CA_PROFILE, CERTIFICATE_ID, choiceArg, SAN_ARGS, SUBJECT, valueArg } from '../op-args.js';
import { lazyRun, type OpCommandSpec } from '../op-tree.js';
import { CA_SECRET, CHALLENGE_PASSWORD, secretArgSpecs } from '../secret-arg.js';

export const CA_ENROLL_COMMAND: OpCommandSpec = {
  path: ['request', 'security', 'pki', 'ca-certificate', 'enroll'],
  help: 'Enroll CA certificate (SCEP)',
  args: [
    CA_PROFILE,
    {
      name: 'fingerprint',
      help: 'Expected SHA-256 or SHA-1 fingerprint of the CA certificate (load without asking)',
      value: { placeholder: 'fingerprint', kind: 'fingerprint' },
    },
  ],
  run: lazyRun(async () => (await import('../ca-enroll.js')).runCaEnroll),
};

export const ENROLL_SCEP_COMMAND: OpCommandSpec = {
  path: ['request', 'security', 'pki', 'local-certificate', 'enroll', 'scep'],
  help: 'Enroll a local certificate with SCEP',
  args: [
    CERTIFICATE_ID,
    CA_PROFILE,
    ...secretArgSpecs(CHALLENGE_PASSWORD),
    SUBJECT,
    ...SAN_ARGS,
    choiceArg('digest', 'Digest algorithm of the certificate request', [
      ['sha-1', 'SHA-1 (default for RSA)'],
      ['sha-256', 'SHA-256'],
    ]),
    choiceArg(
      'scep-encryption-algorithm',
      'Force the SCEP envelope cipher (default: the best the CA offers)',
      [
        ['des', 'DES-CBC (weak)'],
        ['des3', 'Triple DES'],
      ],
      'algorithm',
    ),
    choiceArg(
      'scep-digest-algorithm',
      'Force the SCEP message digest (default: the best the CA offers)',
      [
        ['md5', 'MD5 (weak)'],
        ['sha1', 'SHA-1'],
      ],
      'algorithm',
    ),
    { name: 'no-wait', help: 'Return at once; the enrollment finishes on a later run' },
  ],
  run: lazyRun(async () => (await import('../enroll-scep.js')).runEnrollScep),
};

export const ENROLL_CMPV2: OpCommandSpec = {
  path: ['request', 'security', 'pki', 'local-certificate', 'enroll', 'cmpv2'],
  help: 'Enroll a local certificate online using CMPv2',
  args: [
    CERTIFICATE_ID,
    CA_PROFILE,
    valueArg('ca-dn', 'Subject DN of the CMPv2 server (CA)', 'subject'),
    ...secretArgSpecs(CA_SECRET),
    valueArg('ca-reference', 'Reference value paired with the ca-secret', 'string', { mandatory: true }),
    SUBJECT,
    ...SAN_ARGS,
  ],
  run: lazyRun(async () => (await import('../enroll-cmpv2.js')).runEnrollCmpv2),
};

export const RE_ENROLL_CMPV2: OpCommandSpec = {
  path: ['request', 'security', 'pki', 'local-certificate', 're-enroll', 'cmpv2'],
  help: 'Re-enroll a local certificate using CMPv2 key update (kur)',
  args: [
    CERTIFICATE_ID,
    { ...CA_PROFILE, mandatory: false },
    { name: 're-generate-keypair', help: 'Generate a new key pair for the renewed certificate' },
  ],
  run: lazyRun(async () => (await import('../enroll-cmpv2.js')).runReEnrollCmpv2),
};
