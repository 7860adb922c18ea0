/**
 * `request security pki ca-certificate verify` and `local-certificate verify`
 * (junos-pki.md §3.9). A ca-profile with `revocation-check crl url` has its
 * CRL downloaded first when it is due (Junos's dynamic CRL download,
 * enroll/crl-fetch.ts); a failed download fails the verification of a
 * certificate issued below that profile unless `crl disable
 * on-download-failure` is configured.
 */
import type { Diagnostic } from '../diag/diagnostic.js';
import { crlsForVerify } from '../enroll/crl-fetch.js';
import type { CertificateInfo } from '../pki/certificate.js';
import { crlsByProfile, readCaCertificate, readLocalCertificate, trustedCas } from '../pki/pki-objects.js';
import { verifyCertificate } from '../pki/verify.js';
import { nodeHttpTransport } from '../protocols/http/transport.js';
import { pkiView } from '../tree/pki-view.js';
import type { OpContext } from './op-context.js';
import type { OpArgs, OpResult } from './op-tree.js';
import { failed, fromResult, str, SYSTEM_GENERATED } from './op-args.js';
import { ensureSystemGenerated } from './pki-op-helpers.js';

/** Verifies `cert` with fresh CRLs; the failure diagnostics, or the warnings of a success. */
async function verifyWithCrls(
  cert: CertificateInfo,
  label: string,
  ctx: OpContext,
): Promise<{ ok: boolean; diagnostics: readonly Diagnostic[] }> {
  const store = ctx.pki();
  const crl = await crlsForVerify(
    pkiView(await ctx.activeConfig()).caProfiles,
    store,
    nodeHttpTransport(),
    ctx.now(),
  );
  const cas = trustedCas(store);
  const report = verifyCertificate(cert, {
    now: ctx.now(),
    cas,
    // without `disable on-download-failure` the stored CRL of a failed download is not used
    crls: new Map([...crlsByProfile(store)].filter(([p]) => !crl.required.has(p))),
    label,
  });
  if (!report.ok) return { ok: false, diagnostics: [...crl.warnings, ...report.diagnostics] };
  // a profile's failed download counts for every profile holding the same CA certificate
  const derOf = (profile: string): string | undefined => {
    const c = cas.find((x) => x.profile === profile);
    return c && Buffer.from(c.certificate.der).toString('base64');
  };
  const walked = new Set(report.chain.map(derOf));
  const missing = [...crl.required].filter(([p]) => walked.has(derOf(p))).map(([, d]) => d);
  if (missing.length > 0) return { ok: false, diagnostics: [...crl.warnings, ...missing] };
  return { ok: true, diagnostics: [...crl.warnings, ...report.diagnostics] };
}

export async function runCaCertificateVerify(args: OpArgs, ctx: OpContext): Promise<OpResult> {
  const profile = str(args, 'ca-profile')!;
  const store = ctx.pki();
  const cert = fromResult(readCaCertificate(store, profile));
  if ('error' in cert) return cert.error;
  const report = await verifyWithCrls(cert.value, `CA certificate ${profile}`, ctx);
  if (!report.ok) return failed(...report.diagnostics);
  ctx.stdout.write(`CA certificate ${profile} verified successfully\n`);
  return { diagnostics: report.diagnostics };
}

export async function runLocalCertificateVerify(args: OpArgs, ctx: OpContext): Promise<OpResult> {
  const id = str(args, 'certificate-id')!;
  if (id === SYSTEM_GENERATED) {
    const d = await ensureSystemGenerated(ctx);
    if (d.length) return failed(...d);
  }
  const store = ctx.pki();
  const cert = fromResult(readLocalCertificate(store, id));
  if ('error' in cert) return cert.error;
  const report = await verifyWithCrls(cert.value, `Local certificate ${id}`, ctx);
  if (!report.ok) return failed(...report.diagnostics);
  ctx.stdout.write(`Local certificate ${id} verification success\n`);
  return { diagnostics: report.diagnostics };
}
