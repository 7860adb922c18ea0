/**
 * `request security pki generate-certificate-request` and `local-certificate
 * generate-self-signed` (junos-pki.md §3.2-3.3); their table entries are in
 * specs/pki-request.ts, generate-key-pair in pki-generate-key.ts.
 */
import { resolve } from 'node:path';
import { writeExportFile } from './export-file.js';
import type { Digest } from '../pki/algorithms.js';
import { buildSelfSigned } from '../pki/certificate.js';
import { buildCsr } from '../pki/csr.js';
import type { KeyPair } from '../pki/key-pair.js';
import { readKeyPair } from '../pki/pki-objects.js';
import { localCertificateChange, requestChange } from '../pki/pki-changes.js';
import { renderGeneratedRequest } from './render/render-pki-misc.js';
import { diagnostic, type Diagnostic } from '../diag/diagnostic.js';
import type { Dn } from '../pki/dn.js';
import type { AltNames } from '../pki/extensions.js';
import type { PkiStore } from '../pki/pki-store.js';
import type { OpContext } from './op-context.js';
import type { OpArgs, OpResult } from './op-tree.js';
import { failed, fromResult, str } from './op-args.js';
import {
  altNamesArg,
  checkIdArg,
  SELF_SIGNED_VALIDITY_DAYS,
  subjectArg as subjectArgOf,
} from './pki-op-helpers.js';

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

export async function runGenerateCertificateRequest(args: OpArgs, ctx: OpContext): Promise<OpResult> {
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
}

export async function runGenerateSelfSigned(args: OpArgs, ctx: OpContext): Promise<OpResult> {
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
}
