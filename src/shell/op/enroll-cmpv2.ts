/**
 * `request security pki local-certificate enroll cmpv2 certificate-id ID
 *  ca-profile P [ca-dn DN] ca-secret S ca-reference N subject DN
 *  [domain-name D] [email E] [ip-address A] [ipv6-address A6]`
 *
 * Junos semantics (junos-pki.md §3.6, §4 rows 6-8): the key pair of the
 * certificate-id must exist; the URL is the committed ca-profile's
 * `enrollment url`; an ir/ip exchange is authenticated with a PBM keyed by
 * `ca-secret`, with `ca-reference` as senderKID; the end-entity certificate
 * is loaded under the certificate-id and the CA certificates of the response
 * (caPubs and extraCerts) as trusted CA certificates: the issuer under P, the
 * others under profiles named from their serial numbers (pki/ca-chain-naming).
 * Everything is committed to the PKI store in one atomic commit after the
 * whole CMP transaction succeeded, so a failure changes nothing. The secret is
 * never printed or logged.
 */
import type { Diagnostic } from '../../diag/diagnostic.js';
import { certificateFromDer, type CertificateInfo } from '../../pki/certificate.js';
import { fingerprint } from '../../pki/fingerprint.js';
import { parseDn, dnToRdns } from '../../pki/dn.js';
import { altNamesExtension, hasAltNames } from '../../pki/extensions.js';
import {
  keyPairChange,
  localCertificateChange,
  readKeyPair,
  readLocalCertificate,
  trustedCas,
} from '../../pki/pki-objects.js';
import { generateKeyPair } from '../../pki/key-pair.js';
import type { PkiChange } from '../../pki/pki-store.js';
import { storeCaChain } from '../../pki/ca-chain-naming.js';
import { sendCmpEnrollment, type CmpEnrollResult } from '../../protocols/cmp/client.js';
import { cmpDiagnostic } from '../../protocols/cmp/cmp-diagnostic.js';
import { createNodeCmpTransport, type CmpTransport } from '../../protocols/cmp/http-transport.js';
import { configLeaf, configuredCaProfiles, type OpContext } from './op-context.js';
import type { OpArgs, OpCommandSpec, OpResult } from './op-tree.js';
import {
  altNamesArg,
  CA_PROFILE,
  CERTIFICATE_ID,
  checkIdArg,
  failed,
  SAN_ARGS,
  str,
  SUBJECT,
  subjectArg,
  requireCaProfile,
  valueArg,
} from './pki-op-helpers.js';
import * as pkijs from 'pkijs';
import * as asn1js from 'asn1js';

export interface EnrollCmpv2Deps {
  /** A fresh transport per enrollment (tests inject one). */
  readonly transport?: () => CmpTransport;
}

/** The command spec, with injectable dependencies. */
export function enrollCmpv2Command(deps: EnrollCmpv2Deps = {}): OpCommandSpec {
  return {
    path: ['request', 'security', 'pki', 'local-certificate', 'enroll', 'cmpv2'],
    help: 'Enroll a local certificate online using CMPv2',
    args: [
      CERTIFICATE_ID,
      CA_PROFILE,
      valueArg('ca-dn', 'Subject DN of the CMPv2 server (CA)', 'subject'),
      valueArg('ca-secret', 'Initial authentication key (shared secret) from the CA', 'secret', {
        mandatory: true,
      }),
      valueArg('ca-reference', 'Reference value paired with the ca-secret', 'string', { mandatory: true }),
      SUBJECT,
      ...SAN_ARGS,
    ],
    run: (args, ctx) => runEnrollCmpv2(args, ctx, deps),
  };
}

/** Registered in the operational command tree. */
export const ENROLL_CMPV2: OpCommandSpec = enrollCmpv2Command();

async function runEnrollCmpv2(args: OpArgs, ctx: OpContext, deps: EnrollCmpv2Deps): Promise<OpResult> {
  const id = str(args, 'certificate-id')!;
  const profile = str(args, 'ca-profile')!;
  const secret = str(args, 'ca-secret') ?? '';
  const reference = str(args, 'ca-reference') ?? '';
  const bad = checkIdArg(args, 'certificate-id', 'certificate-id') ?? requireCaProfile(ctx, profile);
  if (bad) return failed(bad);
  if (secret === '' || reference === '')
    return failed(cmpDiagnostic('CMP_BAD_REQUEST', 'ca-secret and ca-reference must not be empty'));
  const url = configLeaf(ctx.activeConfig(), ['security', 'pki', 'ca-profile', profile, 'enrollment', 'url']);
  if (!url) {
    return failed(
      cmpDiagnostic(
        'CMP_BAD_REQUEST',
        `CA profile ${profile} has no enrollment url (configure security pki ca-profile ${profile} enrollment url and commit first)`,
      ),
    );
  }
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
  const transport = (deps.transport ?? (() => createNodeCmpTransport()))();
  let result;
  try {
    result = await sendCmpEnrollment({
      url,
      transport,
      command: 'ir',
      protection: {
        kind: 'pbm',
        reference: Buffer.from(reference, 'utf8'),
        secret: Buffer.from(secret, 'utf8'),
      },
      newKey: { privateKey: key.value.privateKey, publicKey: key.value.publicKey },
      subject: nameDer(dnToRdns(subject.value)),
      ...(extensions ? { extensions } : {}),
      ...(recipient ? { recipient } : {}),
      trusted: trustedCas(store).map((t) => t.certificate.der),
      clock: ctx.now,
    });
  } finally {
    transport.close?.();
  }
  if (!result.value) return failed(...result.diagnostics.map((d) => withContext(d, id)));
  return storeResult(ctx, id, profile, result.value, []);
}

/**
 * Stores the enrolled certificate (plus `extraChanges`, e.g. a regenerated
 * key) and the CA certificates of the response in one PKI store commit, and
 * prints what was loaded.
 */
function storeResult(
  ctx: OpContext,
  id: string,
  profile: string,
  r: CmpEnrollResult,
  extraChanges: readonly PkiChange[],
): OpResult {
  const store = ctx.pki();
  const ee = certificateFromDer(r.certificate, 'CMP response');
  if (!ee.value) return failed(...ee.diagnostics);
  const cas: CertificateInfo[] = [];
  const seen = new Set<string>();
  for (const der of [...r.caPubs, ...r.extraCerts]) {
    const c = certificateFromDer(der, 'CMP response');
    if (!c.value || !c.value.isCa) continue; // extraCerts may hold a CMP signer (RA) certificate
    const fp = fingerprint(c.value.der, 'sha256');
    if (seen.has(fp)) continue;
    seen.add(fp);
    cas.push(c.value);
  }
  const stored = storeCaChain(
    store,
    {
      caProfile: profile,
      endEntity: ee.value,
      caCertificates: cas,
      reservedNames: configuredCaProfiles(ctx.activeConfig()),
      meta: { source: 'cmpv2' },
    },
    [
      ...extraChanges,
      localCertificateChange(id, ee.value, { source: 'cmpv2', caProfile: profile, keyLocation: 'local' }),
    ],
  );
  if (!stored.value) return failed(...stored.diagnostics);
  const out = ctx.stdout;
  if (cas.length > 0) {
    out.write('Received following certificates:\n');
    for (const c of [ee.value, ...cas]) {
      out.write(`  Certificate: ${c.x509.subject.split('\n').join(', ')}\n`);
      out.write(`  Fingerprint: ${fingerprint(c.der, 'sha1')} (sha1)\n`);
    }
  }
  out.write(`Local certificate ${id} loaded successfully\n`);
  for (const p of stored.value.placements) {
    out.write(
      p.alreadyPresent
        ? `CA certificate for profile ${p.profile} already loaded\n`
        : `CA certificate for profile ${p.profile} loaded successfully\n`,
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
  return {
    path: ['request', 'security', 'pki', 'local-certificate', 're-enroll', 'cmpv2'],
    help: 'Re-enroll a local certificate using CMPv2 key update (kur)',
    args: [
      CERTIFICATE_ID,
      { ...CA_PROFILE, mandatory: false },
      { name: 're-generate-keypair', help: 'Generate a new key pair for the renewed certificate' },
    ],
    run: (args, ctx) => runReEnrollCmpv2(args, ctx, deps),
  };
}

/** Registered in the operational command tree. */
export const RE_ENROLL_CMPV2: OpCommandSpec = reEnrollCmpv2Command();

async function runReEnrollCmpv2(args: OpArgs, ctx: OpContext, deps: EnrollCmpv2Deps): Promise<OpResult> {
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
  const bad = requireCaProfile(ctx, profile);
  if (bad) return failed(bad);
  const url = configLeaf(ctx.activeConfig(), ['security', 'pki', 'ca-profile', profile, 'enrollment', 'url']);
  if (!url) {
    return failed(
      cmpDiagnostic(
        'CMP_BAD_REQUEST',
        `CA profile ${profile} has no enrollment url (configure security pki ca-profile ${profile} enrollment url and commit first)`,
      ),
    );
  }
  const next =
    args['re-generate-keypair'] === true && key.value
      ? generateKeyPair({ type: key.value.type, size: key.value.size })
      : key.value;
  const cert = current.value;
  const extensions = hasAltNames(cert.altNames)
    ? new Uint8Array(
        new asn1js.Sequence({ value: [altNamesExtension(cert.altNames).toSchema()] }).toBER(false),
      )
    : undefined;
  const trusted = trustedCas(store).map((t) => t.certificate);
  const transport = (deps.transport ?? (() => createNodeCmpTransport()))();
  let result;
  try {
    result = await sendCmpEnrollment({
      url,
      transport,
      command: 'kur',
      protection: {
        kind: 'signature',
        key: key.value.privateKey,
        cert: cert.der,
        chain: trusted.filter((t) => !t.x509.checkIssued(t.x509)).map((t) => t.der),
      },
      newKey: { privateKey: next.privateKey, publicKey: next.publicKey },
      subject: cert.subjectDer,
      ...(extensions ? { extensions } : {}),
      oldCert: cert.der,
      trusted: trusted.map((t) => t.der),
      clock: ctx.now,
    });
  } finally {
    transport.close?.();
  }
  if (!result.value)
    return failed(
      ...result.diagnostics.map((d) => ({
        ...d,
        message: `CMPv2 re-enrollment of ${id} failed: ${d.message}`,
      })),
    );
  return storeResult(
    ctx,
    id,
    profile,
    result.value,
    next === key.value ? [] : [keyPairChange(id, next, { source: 'cmpv2' })],
  );
}

function nameDer(rdns: pkijs.RelativeDistinguishedNames): Uint8Array {
  return new Uint8Array(rdns.toSchema().toBER(false));
}

function withContext(d: Diagnostic, id: string): Diagnostic {
  return { ...d, message: `CMPv2 enrollment of ${id} failed: ${d.message}` };
}
