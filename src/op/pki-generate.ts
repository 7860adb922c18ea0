/**
 * `request security pki generate-key-pair`, `generate-certificate-request`
 * and `local-certificate generate-self-signed` (junos-pki.md §3.1-3.3).
 */
import { resolve } from 'node:path';
import { writeExportFile } from './export-file.js';
import type { Digest } from '../pki/algorithms.js';
import { buildSelfSigned } from '../pki/certificate.js';
import { buildCsr } from '../pki/csr.js';
import { generateKeyPair, resolveKeySpec, type KeyPair, type KeyType } from '../pki/key-pair.js';
import { keyPairChange, localCertificateChange, readKeyPair, requestChange } from '../pki/pki-objects.js';
import { renderGeneratedRequest } from './render/render-pki-misc.js';
import { diagnostic, type Diagnostic } from '../diag/diagnostic.js';
import type { Dn } from '../pki/dn.js';
import type { AltNames } from '../pki/extensions.js';
import type { PkiStore } from '../pki/pki-store.js';
import type { OpContext } from './op-context.js';
import type { OpArgs, OpCommandSpec, OpResult } from './op-tree.js';
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
  choiceArg,
  valueArg,
} from './pki-op-helpers.js';

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
        diagnostic(
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

const DIGEST_CHOICES: readonly (readonly [string, string])[] = [
  ['sha-1', 'Use SHA-1 hash (RSA/DSA; default for RSA/DSA)'],
  ['sha-256', 'Use SHA-256 hash (RSA/ECDSA; default for ECDSA)'],
  ['sha-384', 'Use SHA-384 hash (ECDSA only)'],
];

/**
 * What a request or self-signed certificate is made of: the certificate-id,
 * its key pair, the subject and the alternate names, each checked in that
 * order (CHECK runs after the key pair is found).
 */
function certificateInputs(
  args: OpArgs,
  ctx: OpContext,
  check?: (store: PkiStore, id: string) => Diagnostic | undefined,
): { id: string; store: PkiStore; key: KeyPair; subject: Dn; altNames: AltNames } | { error: OpResult } {
  const bad = checkIdArg(args, 'certificate-id');
  if (bad) return { error: failed(bad) };
  const id = str(args, 'certificate-id')!;
  const store = ctx.pki();
  const key = fromResult(readKeyPair(store, id));
  if ('error' in key) return key;
  const refused = check?.(store, id);
  if (refused) return { error: failed(refused) };
  const subject = fromResult(subjectArgOf(ctx, args));
  if ('error' in subject) return subject;
  const alt = fromResult(altNamesArg(args));
  if ('error' in alt) return alt;
  return { id, store, key: key.value, subject: subject.value, altNames: alt.value };
}

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
  async run(args, ctx) {
    const input = certificateInputs(args, ctx);
    if ('error' in input) return input.error;
    const { id, store } = input;
    const csr = fromResult(
      buildCsr({
        key: input.key,
        subject: input.subject,
        altNames: input.altNames,
        digest: str(args, 'digest') as Digest | undefined,
      }),
    );
    if ('error' in csr) return csr.error;
    const file = str(args, 'filename');
    if (file !== undefined) {
      const w = writeExportFile(resolve(ctx.cwd, file), csr.value.pem);
      if (!w.ok) return failed(diagnostic('PKI_FILE_READ', `could not write file '${file}': ${w.reason}`));
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
    choiceArg(
      'digest',
      'Digest algorithm (default sha-256)',
      DIGEST_CHOICES.slice(0, 2).map(([name, help]) => [name, help.replace(/ \(.*\)/, '')] as const),
    ),
  ],
  async run(args, ctx) {
    const input = certificateInputs(args, ctx, (store, id) =>
      store.has('local', id)
        ? diagnostic('PKI_LOCAL_CERT_EXISTS', `Local certificate ${id} already exists`)
        : undefined,
    );
    if ('error' in input) return input.error;
    const { id, store } = input;
    const digest = (str(args, 'digest') ?? 'sha-256') as Digest;
    const now = ctx.now();
    const cert = fromResult(
      buildSelfSigned({
        key: input.key,
        subject: input.subject,
        altNames: input.altNames,
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
