/**
 * `request security pki ca-certificate load`, `local-certificate load` and
 * `crl load` (junos-pki.md §3.8). Everything is checked before the store is
 * touched; one store commit per command. Their table entries are in
 * specs/pki-request.ts.
 */
import {
  certificateFingerprints,
  certificateMatchesKey,
  keyMismatch,
  parseCertificate,
  parseCertificates,
  type CertificateInfo,
} from '../pki/certificate.js';
import type { KeyObject } from 'node:crypto';
import { checkCrlIssuer, parseCrl } from '../pki/crl.js';
import { printDnSpaced } from '../pki/dn.js';
import { parsePrivateKey } from '../pki/key-pair.js';
import { readCaCertificate, readKeyPair } from '../pki/pki-objects.js';
import { caCertificateChange, crlChange, keyPairChange, localCertificateChange } from '../pki/pki-changes.js';
import type { PkiChange, PkiStore } from '../pki/pki-store.js';
import type { OpContext } from './op-context.js';
import type { OpArgs, OpResult } from './op-tree.js';
import { failed, fromResult, str } from './op-args.js';
import { checkIdArg, checkValidity, readArgFile, requireCaProfile } from './pki-op-helpers.js';
import { diagnostic } from '../diag/diagnostic.js';

/**
 * A `request security pki {ca-certificate|crl} load ca-profile P filename F`
 * command: the ca-profile (a valid name, configured and committed) is checked,
 * then `load` runs with it, the file name and the PKI store.
 */
function caProfileLoad(
  load: (profile: string, file: string, store: PkiStore, ctx: OpContext) => Promise<OpResult> | OpResult,
): (args: OpArgs, ctx: OpContext) => Promise<OpResult> {
  return async (args, ctx) => {
    const profile = str(args, 'ca-profile')!;
    const bad = checkIdArg(args, 'ca-profile') ?? (await requireCaProfile(ctx, profile));
    if (bad) return failed(bad);
    return load(profile, str(args, 'filename')!, ctx.pki(), ctx);
  };
}

export const runCaCertificateLoad = caProfileLoad(async (profile, file, store, ctx) => {
  if (store.has('ca', profile)) {
    return failed(
      diagnostic(
        'PKI_CA_CERT_EXISTS',
        `CA certificate for profile ${profile} already exists (clear it first with clear security pki ca-certificate ca-profile ${profile})`,
      ),
    );
  }
  const bytes = fromResult(readArgFile(ctx, file));
  if ('error' in bytes) return bytes.error;
  const parsed = fromResult(parseCertificate(bytes.value, file));
  if ('error' in parsed) return parsed.error;
  let cert = parsed;
  if (!parsed.value.isCa) {
    // A chain file (leaf first, as servers send it): the first CA certificate in it is meant.
    const ca = (parseCertificates(bytes.value, file).value ?? []).find((c) => c.isCa);
    if (ca) {
      cert = { value: ca };
      ctx.stdout.write(`${file} holds several certificates: using the first CA certificate in it\n`);
    }
  }
  const invalid = checkValidity(cert.value, `CA certificate in ${file}`, ctx.now());
  if (invalid) return failed(invalid);
  const fp = certificateFingerprints(cert.value);
  ctx.stdout.write(
    `Certificate: ${printDnSpaced(cert.value.subject)}\nFingerprint:\n  ${fp.sha1} (sha1)\n  ${fp.md5} (md5)\n`,
  );
  if (!cert.value.isCa)
    ctx.stdout.write(`warning: the certificate is not marked as a CA certificate (basicConstraints cA)\n`);
  if (!(await ctx.confirm('Do you want to load this CA certificate ?'))) {
    ctx.stdout.write(`CA certificate for profile ${profile} not loaded\n`);
    return {};
  }
  const done = store.commit([caCertificateChange(profile, cert.value, { source: 'loaded' })]);
  if (!done.value) return failed(...done.diagnostics);
  ctx.stdout.write(`CA certificate for profile ${profile} loaded successfully\n`);
  return {};
});

export async function runLocalCertificateLoad(args: OpArgs, ctx: OpContext): Promise<OpResult> {
  const bad = checkIdArg(args, 'certificate-id');
  if (bad) return failed(bad);
  const id = str(args, 'certificate-id')!;
  const file = str(args, 'filename')!;
  const keyFile = str(args, 'key');
  const store = ctx.pki();
  if (store.has('local', id)) {
    return failed(
      diagnostic('PKI_LOCAL_CERT_EXISTS', `Local certificate ${id} already exists (clear it first)`),
    );
  }
  const bytes = fromResult(readArgFile(ctx, file));
  if ('error' in bytes) return bytes.error;
  const first = fromResult(parseCertificate(bytes.value, file));
  if ('error' in first) return first.error;
  // A bundle (chain file) may list the CA certificates first: take the one for the key.
  const all = parseCertificates(bytes.value, file).value ?? [first.value];
  const forKey = (k: KeyObject): CertificateInfo =>
    all.find((c) => certificateMatchesKey(c, k)) ?? first.value;
  let cert = first;
  const changes: PkiChange[] = [];
  let keyLocation = 'local';
  if (keyFile !== undefined) {
    if (store.has('key', id)) {
      return failed(
        diagnostic(
          'PKI_KEY_EXISTS',
          `Key pair ${id} already exists; load without 'key' or clear the key pair first`,
        ),
      );
    }
    const kb = fromResult(readArgFile(ctx, keyFile));
    if ('error' in kb) return kb.error;
    const key = fromResult(parsePrivateKey(kb.value, keyFile));
    if ('error' in key) return key.error;
    cert = { value: forKey(key.value.privateKey) };
    if (!certificateMatchesKey(cert.value, key.value.privateKey)) {
      return failed(
        diagnostic(
          'PKI_KEY_MISMATCH',
          `${file}: the certificate's public key does not match the private key in ${keyFile}`,
        ),
      );
    }
    changes.push(keyPairChange(id, key.value, { source: 'imported' }));
    keyLocation = 'imported';
  } else {
    const key = fromResult(readKeyPair(store, id));
    if ('error' in key) return key.error;
    cert = { value: forKey(key.value.privateKey) };
    if (!certificateMatchesKey(cert.value, key.value.privateKey)) return failed(keyMismatch(file, id));
  }
  const invalid = checkValidity(cert.value, `Local certificate in ${file}`, ctx.now());
  if (invalid) return failed(invalid);
  changes.push(localCertificateChange(id, cert.value, { source: 'loaded', keyLocation }));
  const done = store.commit(changes);
  if (!done.value) return failed(...done.diagnostics);
  ctx.stdout.write('Local certificate loaded successfully\n');
  return {};
}

export const runCrlLoad = caProfileLoad(async (profile, file, store, ctx) => {
  const ca = fromResult(readCaCertificate(store, profile));
  if ('error' in ca) return ca.error;
  const bytes = fromResult(readArgFile(ctx, file));
  if ('error' in bytes) return bytes.error;
  const crl = fromResult(parseCrl(bytes.value, file));
  if ('error' in crl) return crl.error;
  const wrong = checkCrlIssuer(crl.value, ca.value, profile);
  if (wrong) return failed(wrong);
  const done = store.commit([crlChange(profile, crl.value, { source: 'loaded' })]);
  if (!done.value) return failed(...done.diagnostics);
  ctx.stdout.write(`CRL for CA profile ${profile} loaded successfully\n`);
  return {};
});
