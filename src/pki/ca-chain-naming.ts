/**
 * Storing the CA certificates of an enrollment response the Junos way (seed
 * document, "End-Entity Certificate with CA Certificate Chain"):
 *
 * - the CA certificate whose subject is the issuer of the end-entity
 *   certificate goes under the ca-profile named in the enroll command (no
 *   action when that exact certificate is already there; also when another
 *   profile holds it, since the named profile is what the device uses);
 * - every other CA certificate, unless already present anywhere in the CA
 *   store, gets a new profile named from the least significant 16 decimal
 *   digits of its serial number, zero-padded on the left
 *   (11111000100010001000 -> 1000100010001000, 10001000 -> 0000000010001000);
 * - on a collision `-00` is appended, then `-01` ... `-99`; when all are
 *   taken the response is refused with PKI_CA_PROFILE_NAMES_EXHAUSTED.
 */
import { diagnostic, type Result } from '../diag/diagnostic.js';
import type { CertificateInfo } from './certificate.js';
import { printDnSpaced } from './dn.js';
import { fingerprint } from './fingerprint.js';
import { fail } from './pki-diagnostic.js';
import type { PkiChange, PkiStore } from './pki-store.js';

/** The profile name for a serial number: its least significant 16 decimal digits, zero-padded. */
export function caProfileNameFromSerial(serial: bigint): string {
  const dec = (serial < 0n ? -serial : serial).toString(10);
  return dec.length > 16 ? dec.slice(-16) : dec.padStart(16, '0');
}

/** The first free name among `base`, `base-00` .. `base-99`, or undefined. */
export function uniqueProfileName(base: string, taken: (name: string) => boolean): string | undefined {
  if (!taken(base)) return base;
  for (let i = 0; i < 100; i++) {
    const name = `${base}-${String(i).padStart(2, '0')}`;
    if (!taken(name)) return name;
  }
  return undefined;
}

export interface CaChainPlacement {
  readonly profile: string;
  readonly certificate: CertificateInfo;
  /** The same certificate was already in the store: nothing written. */
  readonly alreadyPresent: boolean;
}

export interface CaChainPlan {
  readonly placements: readonly CaChainPlacement[];
  /** Store changes to commit (together with the end-entity certificate, in one commit). */
  readonly changes: readonly PkiChange[];
}

export interface PlanCaChainInput {
  /** The ca-profile named in the enroll command. */
  readonly caProfile: string;
  readonly endEntity: CertificateInfo;
  readonly caCertificates: readonly CertificateInfo[];
  /** Names that must not be used for new profiles (e.g. ca-profiles in the configuration). */
  readonly reservedNames?: readonly string[];
  /** Extra metadata for the index entries (e.g. `{source: 'cmpv2'}`). */
  readonly meta?: Readonly<Record<string, string | number | boolean>>;
}

function sameName(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a).equals(Buffer.from(b));
}

/** RFC 5280 §7.1-style comparison (case and inner spaces ignored): CAs re-encode names (PrintableString vs UTF8String). */
function looselySameName(a: CertificateInfo['subject'], b: CertificateInfo['issuer']): boolean {
  const norm = (d: typeof a): string => printDnSpaced(d).toLowerCase().replace(/\s+/g, ' ').trim();
  return norm(a) === norm(b);
}

/** Decides where each CA certificate goes; pure apart from reading the store. */
function planCaChain(store: PkiStore, input: PlanCaChainInput): Result<CaChainPlan | undefined> {
  const existing = new Map<string, string>(); // sha256 -> profile
  const byProfile = new Map<string, string>(); // profile -> sha256
  const storedProfiles = store.list('ca');
  for (const p of storedProfiles) {
    const pem = store.readPem('ca', p);
    if (!pem) continue;
    const der = Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
    existing.set(fingerprint(der, 'sha256'), p);
    byProfile.set(p, fingerprint(der, 'sha256'));
  }
  const taken = new Set<string>([...storedProfiles, ...(input.reservedNames ?? []), input.caProfile]);
  const placements: CaChainPlacement[] = [];
  const changes: PkiChange[] = [];
  const seen = new Set<string>();
  const issuer =
    input.caCertificates.find((c) => sameName(c.subjectDer, input.endEntity.issuerDer)) ??
    input.caCertificates.find((c) => looselySameName(c.subject, input.endEntity.issuer));
  for (const cert of input.caCertificates) {
    const fp = fingerprint(cert.der, 'sha256');
    if (seen.has(fp)) continue;
    seen.add(fp);
    const present = existing.get(fp);
    if (cert === issuer) {
      // The issuer belongs under the named profile even when another profile holds it too.
      if (byProfile.get(input.caProfile) === fp) {
        placements.push({ profile: input.caProfile, certificate: cert, alreadyPresent: true });
        continue;
      }
      if (storedProfiles.includes(input.caProfile)) {
        return fail(
          'PKI_CA_CERT_EXISTS',
          `CA certificate for profile ${input.caProfile} already exists and differs from the issuer in the response; clear it first`,
        );
      }
      placements.push({ profile: input.caProfile, certificate: cert, alreadyPresent: false });
      changes.push({
        op: 'put',
        kind: 'ca',
        id: input.caProfile,
        pem: cert.pem,
        meta: { ...input.meta, chain: true },
      });
      continue;
    }
    if (present !== undefined) {
      placements.push({ profile: present, certificate: cert, alreadyPresent: true });
      continue;
    }
    const base = caProfileNameFromSerial(cert.serial);
    const name = uniqueProfileName(base, (n) => taken.has(n));
    if (name === undefined) {
      return {
        value: undefined,
        diagnostics: [
          diagnostic(
            'PKI_CA_PROFILE_NAMES_EXHAUSTED',
            `cannot store CA certificate with serial number ${cert.serial}: profile names ${base} and ${base}-00 .. ${base}-99 are all taken`,
          ),
        ],
      };
    }
    taken.add(name);
    placements.push({ profile: name, certificate: cert, alreadyPresent: false });
    changes.push({
      op: 'put',
      kind: 'ca',
      id: name,
      pem: cert.pem,
      meta: { ...input.meta, chain: true, parent: input.caProfile },
    });
  }
  return { value: { placements, changes }, diagnostics: [] };
}

/** planCaChain + commit (plus `extraChanges`, e.g. the end-entity certificate) in one atomic store commit. */
export function storeCaChain(
  store: PkiStore,
  input: PlanCaChainInput,
  extraChanges: readonly PkiChange[] = [],
): Result<CaChainPlan | undefined> {
  const plan = planCaChain(store, input);
  if (!plan.value) return plan;
  const committed = store.commit([...extraChanges, ...plan.value.changes]);
  if (!committed.value) return { value: undefined, diagnostics: committed.diagnostics };
  return plan;
}
