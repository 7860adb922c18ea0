/** Shared pieces of the `request/show/clear security pki` commands. */
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { diagnostic, type Diagnostic, type Result } from '../diag/diagnostic.js';
import { buildSelfSigned, type CertificateInfo } from '../pki/certificate.js';
import { deviceSerialNumber } from '../pki/device-serial.js';
import { parseDn, type Dn } from '../pki/dn.js';
import { checkAltNames, NO_ALT_NAMES, type AltNames } from '../pki/extensions.js';
import { formatJunosDate } from '../pki/junos-date.js';
import { generateKeyPair } from '../pki/key-pair.js';
import { checkId, fail } from '../pki/pki-diagnostic.js';
import { keyPairChange, localCertificateChange } from '../pki/pki-changes.js';
import type { OpContext } from './op-context.js';
import { configuredCaProfiles } from './op-context.js';
import { pkiView } from '../tree/pki-view.js';
import type { OpArgs } from './op-tree.js';
import { str, SYSTEM_GENERATED } from './op-args.js';

/** Self-signed certificates are valid for five years (Junos 9.3 documentation), from one minute before now. */
export const SELF_SIGNED_VALIDITY_DAYS = 5 * 365;

/** Reads a file named on the command line (relative to ctx.cwd). */
export function readArgFile(ctx: OpContext, file: string): Result<Uint8Array | undefined> {
  try {
    return { value: new Uint8Array(readFileSync(resolve(ctx.cwd, file))), diagnostics: [] };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
    return fail('PKI_FILE_READ', `could not read file '${file}': ${why}`);
  }
}

export function checkIdArg(args: OpArgs, name: string, what = name): Diagnostic | undefined {
  const v = str(args, name);
  return v === undefined ? undefined : checkId(v, what);
}

export function subjectArg(ctx: OpContext, args: OpArgs): Result<Dn | undefined> {
  return parseDn(str(args, 'subject') ?? '', { serialNumber: deviceSerialNumber(ctx.stateDir, ctx.env) });
}

export function altNamesArg(args: OpArgs): Result<AltNames | undefined> {
  const one = (n: string): string[] => {
    const v = str(args, n);
    return v === undefined ? [] : [v];
  };
  const alt: AltNames = {
    dns: one('domain-name'),
    email: one('email'),
    ipv4: one('ip-address'),
    ipv6: one('ipv6-address'),
  };
  const bad = checkAltNames(alt);
  return bad ? { value: undefined, diagnostics: [bad] } : { value: alt, diagnostics: [] };
}

/** The ca-profile must be in the committed configuration (Junos: `not configured`). */
export async function requireCaProfile(ctx: OpContext, profile: string): Promise<Diagnostic | undefined> {
  if (configuredCaProfiles(await ctx.activeConfig()).includes(profile)) return undefined;
  return diagnostic(
    'PKI_CA_PROFILE_UNKNOWN',
    `CA profile ${profile} not configured (configure security pki ca-profile ${profile} and commit first)`,
  );
}

/** Rejects certificates outside their validity period (loads). */
export function checkValidity(c: CertificateInfo, label: string, now: Date): Diagnostic | undefined {
  if (now < c.notBefore)
    return diagnostic(
      'PKI_CERT_NOT_YET_VALID',
      `${label} is not valid yet (not before ${formatJunosDate(c.notBefore)})`,
    );
  if (now > c.notAfter)
    return diagnostic('PKI_CERT_EXPIRED', `${label} has expired (not after ${formatJunosDate(c.notAfter)})`);
  return undefined;
}

/**
 * Makes sure the system-generated self-signed certificate exists (Junos
 * creates it at initialization and again after it is cleared): RSA 2048,
 * subject CN=<system host-name or the machine's host name>, five years.
 */
export async function ensureSystemGenerated(ctx: OpContext): Promise<Diagnostic[]> {
  const store = ctx.pki();
  if (store.has('local', SYSTEM_GENERATED)) return [];
  const host = pkiView(await ctx.activeConfig()).hostName ?? hostname().split('.')[0] ?? 'pkicfg';
  const key = generateKeyPair({ type: 'rsa', size: 2048 });
  const now = ctx.now();
  const cert = buildSelfSigned({
    key,
    subject: { attributes: [{ type: 'CN', value: host }] },
    altNames: NO_ALT_NAMES,
    caConstraint: false,
    digest: 'sha-256',
    notBefore: new Date(now.getTime() - 60_000),
    notAfter: new Date(now.getTime() + SELF_SIGNED_VALIDITY_DAYS * 86_400_000),
  });
  if (!cert.value) return [...cert.diagnostics];
  return [
    ...store.commit([
      keyPairChange(SYSTEM_GENERATED, key, { source: SYSTEM_GENERATED }),
      localCertificateChange(SYSTEM_GENERATED, cert.value, {
        source: SYSTEM_GENERATED,
        keyLocation: 'local',
      }),
    ]).diagnostics,
  ];
}
