/**
 * `request security pki local-certificate enroll cmpv2 certificate-id ID
 *  ca-profile P [ca-dn DN] (ca-secret [S] | ca-secret-file F) ca-reference N subject DN
 *  [domain-name D] [email E] [ip-address A] [ipv6-address A6]`
 *
 * Junos semantics (junos-pki.md §3.6, §4 rows 6-8): the key pair of the
 * certificate-id must exist; the URL is the committed ca-profile's
 * `enrollment url`. The exchange itself, what is believed and what is stored
 * is the enrollment engine's (src/enroll/cmp-enroll.ts); this module parses
 * the arguments and prints the outcome in Junos words. The secret is never
 * printed or logged.
 */
import type { Result } from '../diag/diagnostic.js';
import { systemClock } from '../enroll/clock.js';
import {
  runCmpEnrollment,
  type CmpEnrollDeps,
  type CmpEnrolled,
  type CmpEnrollment,
} from '../enroll/cmp-enroll.js';
import { fingerprint } from '../pki/fingerprint.js';
import { parseDn, dnToRdns } from '../pki/dn.js';
import { altNamesExtension, hasAltNames } from '../pki/extensions.js';
import { readKeyPair, readLocalCertificate } from '../pki/pki-objects.js';
import { cmpDiagnostic } from '../protocols/cmp/cmp-diagnostic.js';
import { createNodeCmpTransport, type CmpTransport } from '../protocols/cmp/http-transport.js';
import { configuredCaProfiles, type OpContext } from './op-context.js';
import { pkiView } from '../tree/pki-view.js';
import type { OpArgs, OpCommandSpec, OpResult } from './op-tree.js';
import { CA_SECRET, resolveSecretArg } from './secret-arg.js';
import { failed, str } from './op-args.js';
import { altNamesArg, checkIdArg, requireCaProfile, subjectArg } from './pki-op-helpers.js';
import { ENROLL_CMPV2, RE_ENROLL_CMPV2 } from './specs/enroll.js';
import * as pkijs from 'pkijs';
import * as asn1js from 'asn1js';

export interface EnrollCmpv2Deps {
  /** A fresh transport per enrollment (tests inject one). */
  readonly transport?: () => CmpTransport;
}

/** The command spec with injected dependencies (tests); the table's is specs/enroll.ts. */
export function enrollCmpv2Command(deps: EnrollCmpv2Deps = {}): OpCommandSpec {
  return { ...ENROLL_CMPV2, run: (args, ctx) => runEnrollCmpv2(args, ctx, deps) };
}

export async function runEnrollCmpv2(
  args: OpArgs,
  ctx: OpContext,
  deps: EnrollCmpv2Deps = {},
): Promise<OpResult> {
  const id = str(args, 'certificate-id')!;
  const profile = str(args, 'ca-profile')!;
  const reference = str(args, 'ca-reference') ?? '';
  const bad = checkIdArg(args, 'certificate-id', 'certificate-id') ?? (await requireCaProfile(ctx, profile));
  if (bad) return failed(bad);
  const given = await resolveSecretArg(args, ctx, CA_SECRET);
  if ('error' in given) return given.error;
  const secret = given.value;
  if (secret === '' || reference === '')
    return failed(cmpDiagnostic('CMP_BAD_REQUEST', 'ca-secret and ca-reference must not be empty'));
  const url = await enrollmentUrl(ctx, profile);
  if (typeof url !== 'string') return url;
  const store = ctx.pki();
  const key = readKeyPair(store, id);
  if (!key.value) return failed(...key.diagnostics);
  const subject = subjectArg(ctx, args);
  if (!subject.value) return failed(...subject.diagnostics);
  const alt = altNamesArg(args);
  if (!alt.value) return failed(...alt.diagnostics);
  let recipient: Uint8Array | undefined;
  const caDn = str(args, 'ca-dn');
  if (caDn !== undefined) {
    const dn = parseDn(caDn, { serialNumber: '' });
    if (!dn.value) return failed(...dn.diagnostics);
    recipient = nameDer(dnToRdns(dn.value));
  }
  const extensions = hasAltNames(alt.value)
    ? new Uint8Array(new asn1js.Sequence({ value: [altNamesExtension(alt.value).toSchema()] }).toBER(false))
    : undefined;
  return enroll(ctx, deps, id, profile, url, {
    kind: 'enroll',
    reference,
    secret,
    subject: nameDer(dnToRdns(subject.value)),
    ...(extensions ? { extensions } : {}),
    ...(recipient ? { recipient } : {}),
  });
}

/** The committed ca-profile's `enrollment url`, where both commands send, or the failure saying it is missing. */
async function enrollmentUrl(ctx: OpContext, profile: string): Promise<string | OpResult> {
  const url = pkiView(await ctx.activeConfig()).caProfile(profile)?.url;
  if (!url) {
    return failed(
      cmpDiagnostic(
        'CMP_BAD_REQUEST',
        `CA profile ${profile} has no enrollment url (configure security pki ca-profile ${profile} enrollment url and commit first)`,
      ),
    );
  }
  return url;
}

/** One run of the enrollment engine for `what`, its outcome printed. */
async function enroll(
  ctx: OpContext,
  deps: EnrollCmpv2Deps,
  id: string,
  profile: string,
  url: string,
  what: CmpEnrollment,
): Promise<OpResult> {
  const r = await runCmpEnrollment(
    {
      certId: id,
      caProfile: profile,
      url,
      what,
      reservedProfiles: configuredCaProfiles(await ctx.activeConfig()),
    },
    engineDeps(ctx, deps),
  );
  return report(ctx, id, r);
}

function engineDeps(ctx: OpContext, deps: EnrollCmpv2Deps): CmpEnrollDeps {
  return {
    stateDir: ctx.stateDir,
    clock: { now: ctx.now, sleep: systemClock.sleep },
    transport: deps.transport ?? (() => createNodeCmpTransport()),
    store: ctx.pki(),
  };
}

/** Prints what the engine stored (Junos wording), or fails with its diagnostics. */
function report(ctx: OpContext, id: string, r: Result<CmpEnrolled | undefined>): OpResult {
  if (!r.value) return failed(...r.diagnostics);
  const out = ctx.stdout;
  const cas = r.value.placements.map((p) => p.certificate);
  if (cas.length > 0) {
    out.write('Received following certificates:\n');
    for (const c of [r.value.certificate, ...cas]) {
      out.write(`  Certificate: ${c.x509.subject.split('\n').join(', ')}\n`);
      out.write(`  Fingerprint: ${fingerprint(c.der, 'sha1')} (sha1)\n`);
    }
  }
  out.write(`Local certificate ${id} loaded successfully\n`);
  for (const p of r.value.placements) {
    out.write(
      p.alreadyPresent
        ? `CA certificate for profile ${p.profile} already loaded\n`
        : `CA certificate for profile ${p.profile} loaded successfully\n`,
    );
  }
  for (const c of r.value.refusedCaPubs) {
    ctx.stderr.write(
      `warning: CA certificate ${c.x509.subject.split('\n').join(', ')} of the response not installed: it is not protected by the shared secret and does not verify up to a trusted CA\n`,
    );
  }
  return { exitCode: 0 };
}

/**
 * `request security pki local-certificate re-enroll cmpv2 certificate-id ID
 *  [ca-profile P] [re-generate-keypair]` (junos-pki.md §3.7, §4 rows 3-4, 7):
 * a kur signed with the current certificate and key, for the same subject and
 * alternate subject; the key is reused unless re-generate-keypair is given
 * (then a new key of the same type and size replaces it on success).
 */
export function reEnrollCmpv2Command(deps: EnrollCmpv2Deps = {}): OpCommandSpec {
  return { ...RE_ENROLL_CMPV2, run: (args, ctx) => runReEnrollCmpv2(args, ctx, deps) };
}

export async function runReEnrollCmpv2(
  args: OpArgs,
  ctx: OpContext,
  deps: EnrollCmpv2Deps = {},
): Promise<OpResult> {
  const id = str(args, 'certificate-id')!;
  const store = ctx.pki();
  const current = readLocalCertificate(store, id);
  if (!current.value) return failed(...current.diagnostics);
  const key = readKeyPair(store, id);
  if (!key.value) return failed(...key.diagnostics);
  const metaProfile = store.meta('local', id)?.caProfile;
  const profile = str(args, 'ca-profile') ?? (typeof metaProfile === 'string' ? metaProfile : undefined);
  if (!profile)
    return failed(cmpDiagnostic('CMP_BAD_REQUEST', `no ca-profile known for ${id}; give ca-profile`));
  const bad = await requireCaProfile(ctx, profile);
  if (bad) return failed(bad);
  const url = await enrollmentUrl(ctx, profile);
  if (typeof url !== 'string') return url;
  return enroll(ctx, deps, id, profile, url, {
    kind: 're-enroll',
    regenerateKey: args['re-generate-keypair'] === true,
  });
}

function nameDer(rdns: pkijs.RelativeDistinguishedNames): Uint8Array {
  return new Uint8Array(rdns.toSchema().toBER(false));
}
