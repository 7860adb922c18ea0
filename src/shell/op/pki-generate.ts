/**
 * `request security pki generate-key-pair`, `generate-certificate-request`
 * and `local-certificate generate-self-signed` (junos-pki.md §3.1-3.3).
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Digest } from '../../pki/algorithms.js';
import { buildSelfSigned } from '../../pki/certificate.js';
import { buildCsr } from '../../pki/csr.js';
import { generateKeyPair, resolveKeySpec, type KeyType } from '../../pki/key-pair.js';
import { pkiDiagnostic } from '../../pki/pki-diagnostic.js';
import { keyPairChange, localCertificateChange, readKeyPair, requestChange } from '../../pki/pki-objects.js';
import { renderGeneratedRequest } from '../render/render-pki-misc.js';
import type { OpCommandSpec } from './op-tree.js';
import {
  altNamesArg,
  CERTIFICATE_ID,
  checkIdArg,
  failed,
  fromResult,
  SAN_ARGS,
  SELF_SIGNED_VALIDITY_DAYS,
  str,
  SUBJECT,
  subjectArg as subjectArgOf,
} from './pki-op-helpers.js';

const SIZES = [
  ['256', 'ECDSA key size 256 bits (P-256)'],
  ['384', 'ECDSA key size 384 bits (P-384)'],
  ['521', 'ECDSA key size 521 bits (P-521)'],
  ['512', 'RSA key size 512 bits'],
  ['1024', 'RSA/DSA key size 1024 bits'],
  ['2048', 'RSA/DSA key size 2048 bits (default)'],
  ['4096', 'RSA/DSA key size 4096 bits'],
].map(([name, help]) => ({ name, help }));

export const generateKeyPairCommand: OpCommandSpec = {
  path: ['request', 'security', 'pki', 'generate-key-pair'],
  help: 'Generate public/private key pair',
  args: [
    CERTIFICATE_ID,
    {
      name: 'size',
      help: 'Key size in bits',
      value: { placeholder: 'size', kind: 'number', choices: SIZES },
    },
    {
      name: 'type',
      help: 'Type of key pair (default rsa)',
      value: {
        placeholder: 'type',
        kind: 'string',
        choices: [
          { name: 'rsa', help: 'RSA key pair' },
          { name: 'dsa', help: 'DSA key pair' },
          { name: 'ecdsa', help: 'ECDSA key pair' },
        ],
      },
    },
  ],
  async run(args, ctx) {
    const bad = checkIdArg(args, 'certificate-id');
    if (bad) return failed(bad);
    const id = str(args, 'certificate-id')!;
    const size = str(args, 'size');
    const spec = fromResult(
      resolveKeySpec(str(args, 'type') as KeyType | undefined, size === undefined ? undefined : Number(size)),
    );
    if ('error' in spec) return spec.error;
    const store = ctx.pki();
    if (store.has('key', id)) {
      return failed(
        pkiDiagnostic(
          'PKI_KEY_EXISTS',
          `Key pair ${id} already exists (clear security pki key-pair certificate-id ${id} first)`,
        ),
      );
    }
    const key = generateKeyPair(spec.value);
    const done = store.commit([keyPairChange(id, key, { source: 'generated' })]);
    if (!done.value) return failed(...done.diagnostics);
    ctx.stdout.write(`Generated key pair ${id}, key size ${key.size} bits\n`);
    return {};
  },
};

const DIGEST_CHOICES = [
  { name: 'sha-1', help: 'Use SHA-1 hash (RSA/DSA; default for RSA/DSA)' },
  { name: 'sha-256', help: 'Use SHA-256 hash (RSA/ECDSA; default for ECDSA)' },
  { name: 'sha-384', help: 'Use SHA-384 hash (ECDSA only)' },
];

export const generateCertificateRequestCommand: OpCommandSpec = {
  path: ['request', 'security', 'pki', 'generate-certificate-request'],
  help: 'Generate PKCS-10 request for digital certificate',
  args: [
    CERTIFICATE_ID,
    SUBJECT,
    ...SAN_ARGS,
    {
      name: 'digest',
      help: 'Digest algorithm',
      value: { placeholder: 'digest', kind: 'string', choices: DIGEST_CHOICES },
    },
    {
      name: 'filename',
      help: 'Also write the request to this file',
      value: { placeholder: 'filename', kind: 'filename' },
    },
  ],
  async run(args, ctx) {
    const bad = checkIdArg(args, 'certificate-id');
    if (bad) return failed(bad);
    const id = str(args, 'certificate-id')!;
    const store = ctx.pki();
    const key = fromResult(readKeyPair(store, id));
    if ('error' in key) return key.error;
    const subject = fromResult(subjectArgOf(ctx, args));
    if ('error' in subject) return subject.error;
    const alt = fromResult(altNamesArg(args));
    if ('error' in alt) return alt.error;
    const csr = fromResult(
      buildCsr({
        key: key.value,
        subject: subject.value,
        altNames: alt.value,
        digest: str(args, 'digest') as Digest | undefined,
      }),
    );
    if ('error' in csr) return csr.error;
    const file = str(args, 'filename');
    if (file !== undefined) {
      try {
        writeFileSync(resolve(ctx.cwd, file), csr.value.pem, { mode: 0o644 });
      } catch (e) {
        return failed(
          pkiDiagnostic('PKI_FILE_READ', `could not write file '${file}': ${(e as Error).message}`),
        );
      }
    }
    const done = store.commit([requestChange(id, csr.value, { digest: str(args, 'digest') ?? 'default' })]);
    if (!done.value) return failed(...done.diagnostics);
    ctx.stdout.write(renderGeneratedRequest(csr.value));
    return {};
  },
};

export const generateSelfSignedCommand: OpCommandSpec = {
  path: ['request', 'security', 'pki', 'local-certificate', 'generate-self-signed'],
  help: 'Generate self-signed certificate',
  args: [
    CERTIFICATE_ID,
    SUBJECT,
    ...SAN_ARGS,
    { name: 'add-ca-constraint', help: 'Add the CA constraint (basicConstraints cA) to the certificate' },
    {
      name: 'digest',
      help: 'Digest algorithm (default sha-256)',
      value: {
        placeholder: 'digest',
        kind: 'string',
        choices: DIGEST_CHOICES.slice(0, 2).map((c) => ({
          name: c.name,
          help: c.help.replace(/ \(.*\)/, ''),
        })),
      },
    },
  ],
  async run(args, ctx) {
    const bad = checkIdArg(args, 'certificate-id');
    if (bad) return failed(bad);
    const id = str(args, 'certificate-id')!;
    const store = ctx.pki();
    const key = fromResult(readKeyPair(store, id));
    if ('error' in key) return key.error;
    if (store.has('local', id)) {
      return failed(pkiDiagnostic('PKI_LOCAL_CERT_EXISTS', `Local certificate ${id} already exists`));
    }
    const subject = fromResult(subjectArgOf(ctx, args));
    if ('error' in subject) return subject.error;
    const alt = fromResult(altNamesArg(args));
    if ('error' in alt) return alt.error;
    const digest = (str(args, 'digest') ?? 'sha-256') as Digest;
    const now = ctx.now();
    const cert = fromResult(
      buildSelfSigned({
        key: key.value,
        subject: subject.value,
        altNames: alt.value,
        caConstraint: args['add-ca-constraint'] === true,
        digest,
        notBefore: new Date(now.getTime() - 60_000),
        notAfter: new Date(now.getTime() + SELF_SIGNED_VALIDITY_DAYS * 86_400_000),
      }),
    );
    if ('error' in cert) return cert.error;
    const done = store.commit([
      localCertificateChange(id, cert.value, { source: 'self-signed', keyLocation: 'local' }),
    ]);
    if (!done.value) return failed(...done.diagnostics);
    ctx.stdout.write('Self-signed certificate generated and loaded successfully\n');
    return {};
  },
};
