/**
 * `request security pki ca-certificate enroll ca-profile P [fingerprint HEX]`
 * (Junos §3.4, SCEP only): GetCACert from the profile's enrollment url, print
 * each certificate's subject and fingerprints, ask
 * `Do you want to load the above CA certificate ? [yes,no] (no)` and store the
 * CA certificate for the profile. Unattended: `--yes` (the context's confirm
 * answers yes), or `fingerprint HEX` (SHA-256 or SHA-1 of the CA certificate,
 * any case, colons optional): a mismatch refuses and loads nothing.
 */
import type { Diagnostic } from '../diag/diagnostic.js';
import { caProfileSettings } from '../enroll/ca-profile.js';
import { nodeHttpTransport, type HttpTransport } from '../protocols/http/transport.js';
import { getCaCert } from '../protocols/scep/client.js';
import { certificateFromDer } from '../pki/certificate.js';
import { fingerprint, normalizeFingerprint } from '../pki/fingerprint.js';
import { readCaCertificate } from '../pki/pki-objects.js';
import { caCertificateChange } from '../pki/pki-changes.js';
import type { OpContext } from './op-context.js';
import type { OpArgs, OpCommandSpec, OpResult } from './op-tree.js';
import { failed, str } from './op-args.js';
import { CA_ENROLL_COMMAND } from './specs/enroll.js';
import { diagnostic } from '../diag/diagnostic.js';

export interface ScepOpDeps {
  readonly transport?: HttpTransport;
  readonly timeoutMs?: number;
}

function scepDiag(
  code: Diagnostic['code'],
  message: string,
  severity: Diagnostic['severity'] = 'error',
): Diagnostic {
  return diagnostic(code, message, { severity });
}

const oneLine = (dn: string): string => dn.replace(/\n/g, ', ');

export async function runCaEnroll(args: OpArgs, ctx: OpContext, deps: ScepOpDeps = {}): Promise<OpResult> {
  const profileName = str(args, 'ca-profile') ?? '';
  const profile = caProfileSettings(await ctx.activeConfig(), profileName);
  if (!profile.value) return failed(...profile.diagnostics);
  const got = await getCaCert({
    url: profile.value.url,
    transport: deps.transport ?? nodeHttpTransport(),
    timeoutMs: deps.timeoutMs ?? 30_000,
  });
  if (!got.ok) return failed(got.error);
  const ca = got.value.ca;
  const lines = ['Received following certificates:'];
  for (const c of got.value.all) {
    lines.push(
      `  Certificate: ${oneLine(c.x509.subject)}${c === ca ? '' : ' (RA)'}`,
      '  Fingerprint:',
      `    ${fingerprint(c.der, 'sha256')} (sha256)`,
      `    ${fingerprint(c.der, 'sha1')} (sha1)`,
    );
  }
  ctx.stdout.write(lines.join('\n') + '\n');

  const expected = str(args, 'fingerprint');
  if (expected !== undefined) {
    const want = normalizeFingerprint(expected);
    const have = [fingerprint(ca.der, 'sha256'), fingerprint(ca.der, 'sha1')].map(normalizeFingerprint);
    if (!have.includes(want)) {
      return failed(
        scepDiag(
          'SCEP_FINGERPRINT_MISMATCH',
          `CA certificate fingerprint does not match ${expected}; CA certificate for profile ${profileName} not loaded`,
        ),
      );
    }
  } else if (!(await ctx.confirm('Do you want to load the above CA certificate ?'))) {
    return {
      exitCode: 1,
      diagnostics: [
        scepDiag('SCEP_BAD_REQUEST', `CA certificate for profile ${profileName} not loaded`, 'info'),
      ],
    };
  }
  const store = ctx.pki();
  const existing = readCaCertificate(store, profileName).value;
  if (existing) {
    if (fingerprint(existing.der, 'sha256') === fingerprint(ca.der, 'sha256')) {
      ctx.stdout.write(`CA certificate for profile ${profileName} already loaded\n`);
      return { exitCode: 0 };
    }
    return failed(
      scepDiag(
        'SCEP_BAD_REQUEST',
        `CA certificate for profile ${profileName} already exists (clear security pki ca-certificate ca-profile ${profileName} first)`,
      ),
    );
  }
  const info = certificateFromDer(ca.der, `${profile.value.url} (GetCACert)`);
  if (!info.value) return failed(...info.diagnostics);
  const committed = store.commit([
    caCertificateChange(profileName, info.value, { source: 'scep', url: profile.value.url }),
  ]);
  if (!committed.value) return failed(...committed.diagnostics);
  ctx.stdout.write(`CA certificate for profile ${profileName} loaded successfully\n`);
  return { exitCode: 0, diagnostics: got.warnings };
}

/** The command spec (transport injectable for tests); the table's is specs/enroll.ts. */
export function caEnrollCommand(deps: ScepOpDeps = {}): OpCommandSpec {
  return { ...CA_ENROLL_COMMAND, run: (args, ctx) => runCaEnroll(args, ctx, deps) };
}
