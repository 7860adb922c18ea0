/** `request security pki ca-certificate verify` and `local-certificate verify` (junos-pki.md §3.9). */
import { crlsByProfile, readCaCertificate, readLocalCertificate, trustedCas } from '../../pki/pki-objects.js';
import { verifyCertificate } from '../../pki/verify.js';
import type { OpCommandSpec } from './op-tree.js';
import {
  CA_PROFILE,
  CERTIFICATE_ID,
  ensureSystemGenerated,
  failed,
  fromResult,
  str,
  SYSTEM_GENERATED,
} from './pki-op-helpers.js';

export const caCertificateVerifyCommand: OpCommandSpec = {
  path: ['request', 'security', 'pki', 'ca-certificate', 'verify'],
  help: 'Verify CA certificate',
  args: [CA_PROFILE],
  async run(args, ctx) {
    const profile = str(args, 'ca-profile')!;
    const store = ctx.pki();
    const cert = fromResult(readCaCertificate(store, profile));
    if ('error' in cert) return cert.error;
    const report = verifyCertificate(cert.value, {
      now: ctx.now(),
      cas: trustedCas(store),
      crls: crlsByProfile(store),
      label: `CA certificate ${profile}`,
    });
    if (!report.ok) return failed(...report.diagnostics);
    ctx.stdout.write(`CA certificate ${profile} verified successfully\n`);
    return { diagnostics: report.diagnostics };
  },
};

export const localCertificateVerifyCommand: OpCommandSpec = {
  path: ['request', 'security', 'pki', 'local-certificate', 'verify'],
  help: 'Verify local certificate',
  args: [CERTIFICATE_ID],
  async run(args, ctx) {
    const id = str(args, 'certificate-id')!;
    if (id === SYSTEM_GENERATED) {
      const d = ensureSystemGenerated(ctx);
      if (d.length) return failed(...d);
    }
    const store = ctx.pki();
    const cert = fromResult(readLocalCertificate(store, id));
    if ('error' in cert) return cert.error;
    const report = verifyCertificate(cert.value, {
      now: ctx.now(),
      cas: trustedCas(store),
      crls: crlsByProfile(store),
      label: `Local certificate ${id}`,
    });
    if (!report.ok) return failed(...report.diagnostics);
    ctx.stdout.write(`Local certificate ${id} verification success\n`);
    return { diagnostics: report.diagnostics };
  },
};
