/** Certificate revocation lists (RFC 5280 §5): parsing and issuer/signature checks. */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { diagnostic, type Diagnostic, type Result } from '../diag/diagnostic.js';
import { verifyData } from './algorithms.js';
import type { CertificateInfo } from './certificate.js';
import { dnFromRdns, printDnSpaced, type Dn } from './dn.js';
import { OID_CRL_NUMBER } from './extensions.js';
import { derFromFile, toPem } from './pem.js';
import { fail } from './pki-diagnostic.js';

interface RevokedEntry {
  readonly serialHex: string;
  readonly revokedAt: Date;
  /** RFC 5280 §5.3.1 reasonCode by name, when the entry carries one. */
  readonly reason?: string;
}

/** CRLReason names by code (RFC 5280 §5.3.1). */
const REASON_NAMES: Readonly<Record<number, string>> = {
  0: 'unspecified',
  1: 'keyCompromise',
  2: 'cACompromise',
  3: 'affiliationChanged',
  4: 'superseded',
  5: 'cessationOfOperation',
  6: 'certificateHold',
  8: 'removeFromCRL',
  9: 'privilegeWithdrawn',
  10: 'aACompromise',
};

function reasonOf(r: pkijs.RevokedCertificate): string | undefined {
  const ext = r.crlEntryExtensions?.extensions.find((e) => e.extnID === '2.5.29.21');
  if (!ext) return undefined;
  const v = asn1js.fromBER(ext.extnValue.valueBlock.valueHexView).result;
  if (!(v instanceof asn1js.Enumerated)) return undefined;
  return REASON_NAMES[v.valueBlock.valueDec] ?? `reason ${v.valueBlock.valueDec}`;
}

export interface CrlInfo {
  readonly der: Uint8Array;
  readonly pem: string;
  readonly version: number;
  readonly crlNumber: bigint | undefined;
  readonly issuer: Dn;
  readonly issuerDer: Uint8Array;
  readonly thisUpdate: Date;
  readonly nextUpdate: Date | undefined;
  readonly revoked: readonly RevokedEntry[];
  readonly tbs: Uint8Array;
  readonly signature: Uint8Array;
  readonly signatureOid: string;
}

function hexOf(view: ArrayBuffer | Uint8Array): string {
  const h = Buffer.from(view instanceof Uint8Array ? view : new Uint8Array(view))
    .toString('hex')
    .replace(/^(00)+(?=..)/, '');
  return h === '' ? '00' : h;
}

/** Reads a PEM or DER CRL. */
export function parseCrl(bytes: Uint8Array, source: string): Result<CrlInfo | undefined> {
  const der = derFromFile(bytes, ['X509 CRL']);
  if (!der) return fail('PKI_PEM_INVALID', `${source}: no CRL (-----BEGIN X509 CRL-----) found`);
  let crl: pkijs.CertificateRevocationList;
  try {
    const asn = asn1js.fromBER(der);
    if (asn.offset === -1) throw new Error(asn.result.error || 'bad BER');
    crl = new pkijs.CertificateRevocationList({ schema: asn.result });
  } catch (e) {
    return fail('PKI_CRL_INVALID', `${source}: not a valid CRL (${(e as Error).message})`);
  }
  const numberExt = crl.crlExtensions?.extensions.find((e) => e.extnID === OID_CRL_NUMBER);
  let crlNumber: bigint | undefined;
  if (numberExt?.parsedValue instanceof asn1js.Integer)
    crlNumber = BigInt('0x' + hexOf(numberExt.parsedValue.valueBlock.valueHexView));
  return {
    value: {
      der,
      pem: toPem('X509 CRL', der),
      version: (crl.version ?? 0) + 1,
      crlNumber,
      issuer: dnFromRdns(crl.issuer),
      issuerDer: new Uint8Array(crl.issuer.toSchema().toBER(false)),
      thisUpdate: crl.thisUpdate.value,
      nextUpdate: crl.nextUpdate?.value,
      revoked: (crl.revokedCertificates ?? []).map((r) => {
        const reason = reasonOf(r);
        return {
          serialHex: hexOf(r.userCertificate.valueBlock.valueHexView),
          revokedAt: r.revocationDate.value,
          ...(reason !== undefined ? { reason } : {}),
        };
      }),
      tbs: new Uint8Array(crl.tbsView),
      signature: new Uint8Array(crl.signatureValue.valueBlock.valueHexView),
      signatureOid: crl.signatureAlgorithm.algorithmId,
    },
    diagnostics: [],
  };
}

/** The CRL was issued by `ca`: same issuer name and a valid signature by its key. */
export function checkCrlIssuer(crl: CrlInfo, ca: CertificateInfo, caProfile: string): Diagnostic | undefined {
  if (!Buffer.from(crl.issuerDer).equals(Buffer.from(ca.subjectDer))) {
    return diagnostic(
      'PKI_CRL_ISSUER_MISMATCH',
      `CRL issuer '${printDnSpaced(crl.issuer)}' is not the CA certificate of profile ${caProfile} ('${printDnSpaced(ca.subject)}')`,
    );
  }
  if (!verifyData(crl.tbs, crl.signature, ca.publicKey, crl.signatureOid)) {
    return diagnostic(
      'PKI_CRL_ISSUER_MISMATCH',
      `CRL signature does not verify with the CA certificate of profile ${caProfile}`,
    );
  }
  return undefined;
}
