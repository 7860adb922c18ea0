/**
 * The table entries of `request security pki ...` that work on the PKI store:
 * generate-key-pair, generate-certificate-request, generate-self-signed
 * (junos-pki.md §3.1-3.3), the loads (§3.8) and the verifies. Names,
 * arguments and help only: each `run` loads its implementation module on
 * first call (a key pair loads no X.509 code; pki-generate-key.ts).
 */
import { CA_PROFILE, CERTIFICATE_ID, choiceArg, FILENAME, SAN_ARGS, SUBJECT, valueArg } from '../op-args.js';
import { lazyRun, type OpCommandSpec } from '../op-tree.js';

const SIZES: readonly (readonly [string, string])[] = [
  ['256', 'ECDSA key size 256 bits (P-256)'],
  ['384', 'ECDSA key size 384 bits (P-384)'],
  ['521', 'ECDSA key size 521 bits (P-521)'],
  ['512', 'RSA key size 512 bits'],
  ['1024', 'RSA/DSA key size 1024 bits'],
  ['2048', 'RSA/DSA key size 2048 bits (default)'],
  ['4096', 'RSA/DSA key size 4096 bits'],
];

export const generateKeyPairCommand: OpCommandSpec = {
  path: ['request', 'security', 'pki', 'generate-key-pair'],
  help: 'Generate public/private key pair',
  args: [
    CERTIFICATE_ID,
    choiceArg('size', 'Key size in bits', SIZES, 'size', 'number'),
    choiceArg('type', 'Type of key pair (default rsa)', [
      ['rsa', 'RSA key pair'],
      ['dsa', 'DSA key pair'],
      ['ecdsa', 'ECDSA key pair'],
    ]),
  ],
  run: lazyRun(async () => (await import('../pki-generate-key.js')).runGenerateKeyPair),
};

const DIGEST_CHOICES: readonly (readonly [string, string])[] = [
  ['sha-1', 'Use SHA-1 hash (RSA/DSA; default for RSA/DSA)'],
  ['sha-256', 'Use SHA-256 hash (RSA/ECDSA; default for ECDSA)'],
  ['sha-384', 'Use SHA-384 hash (ECDSA only)'],
];

export const generateCertificateRequestCommand: OpCommandSpec = {
  path: ['request', 'security', 'pki', 'generate-certificate-request'],
  help: 'Generate PKCS-10 request for digital certificate',
  args: [
    CERTIFICATE_ID,
    SUBJECT,
    ...SAN_ARGS,
    choiceArg('digest', 'Digest algorithm', DIGEST_CHOICES),
    valueArg('filename', 'Also write the request to this file', 'filename'),
  ],
  run: lazyRun(async () => (await import('../pki-generate.js')).runGenerateCertificateRequest),
};

export const generateSelfSignedCommand: OpCommandSpec = {
  path: ['request', 'security', 'pki', 'local-certificate', 'generate-self-signed'],
  help: 'Generate self-signed certificate',
  args: [
    CERTIFICATE_ID,
    SUBJECT,
    ...SAN_ARGS,
    { name: 'add-ca-constraint', help: 'Add the CA constraint (basicConstraints cA) to the certificate' },
    choiceArg(
      'digest',
      'Digest algorithm (default sha-256)',
      DIGEST_CHOICES.slice(0, 2).map(([name, help]) => [name, help.replace(/ \(.*\)/, '')] as const),
    ),
  ],
  run: lazyRun(async () => (await import('../pki-generate.js')).runGenerateSelfSigned),
};

export const caCertificateLoadCommand: OpCommandSpec = {
  path: ['request', 'security', 'pki', 'ca-certificate', 'load'],
  help: 'Load CA certificate from file',
  args: [CA_PROFILE, FILENAME],
  run: lazyRun(async () => (await import('../pki-load.js')).runCaCertificateLoad),
};

export const localCertificateLoadCommand: OpCommandSpec = {
  path: ['request', 'security', 'pki', 'local-certificate', 'load'],
  help: 'Load local certificate from file',
  args: [
    CERTIFICATE_ID,
    FILENAME,
    valueArg('key', 'Private key file to import with the certificate', 'filename'),
  ],
  run: lazyRun(async () => (await import('../pki-load.js')).runLocalCertificateLoad),
};

export const crlLoadCommand: OpCommandSpec = {
  path: ['request', 'security', 'pki', 'crl', 'load'],
  help: 'Load certificate revocation list from file',
  args: [CA_PROFILE, FILENAME],
  run: lazyRun(async () => (await import('../pki-load.js')).runCrlLoad),
};

export const caCertificateVerifyCommand: OpCommandSpec = {
  path: ['request', 'security', 'pki', 'ca-certificate', 'verify'],
  help: 'Verify CA certificate',
  args: [CA_PROFILE],
  run: lazyRun(async () => (await import('../pki-verify.js')).runCaCertificateVerify),
};

export const localCertificateVerifyCommand: OpCommandSpec = {
  path: ['request', 'security', 'pki', 'local-certificate', 'verify'],
  help: 'Verify local certificate',
  args: [CERTIFICATE_ID],
  run: lazyRun(async () => (await import('../pki-verify.js')).runLocalCertificateVerify),
};
