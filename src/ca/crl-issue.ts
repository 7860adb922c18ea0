/**
 * The embedded CA's CRL (RFC 5280 §5), served by `ca serve` at /crl: a v2 CRL
 * signed by the CA key (sha256WithRSAEncryption) listing every revocation of
 * index.jsonl (revoke.ts) with its reasonCode, thisUpdate/nextUpdate, a
 * cRLNumber and the authorityKeyIdentifier of the CA.
 *
 * The last CRL issued is kept in STATE/ca/crl.der (written atomically) and
 * served again as long as it lists exactly the recorded revocations and is in
 * the first half of its validity; otherwise a new one is issued with the next
 * CRL number. So the number grows with every CRL that differs, two fetches
 * in a row get the same bytes, and a revocation made by another process
 * (`pkicfg ca revoke` while the server runs) is in the next CRL served.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { parseCrl } from '../pki/crl.js';
import { rsaSign } from '../protocols/scep/crypto.js';
import { writeAtomic, type EmbeddedCa } from './ca-store.js';
import { CRL_REASONS, listRevoked, type RevokedRecord } from './revoke.js';

/** How long a CRL is valid (nextUpdate - thisUpdate) unless told otherwise. */
const DEFAULT_CRL_VALIDITY_HOURS = 24;

const SHA256_WITH_RSA = '1.2.840.113549.1.1.11';

function time(d: Date): pkijs.Time {
  return new pkijs.Time({ type: d.getUTCFullYear() < 2050 ? 0 : 1, value: d });
}

function ext(extnID: string, value: asn1js.AsnType): pkijs.Extension {
  return new pkijs.Extension({ extnID, critical: false, extnValue: value.toBER(false) });
}

/** An INTEGER holding a non-negative bigint in the fewest octets (DER). */
function integer(n: bigint): asn1js.Integer {
  let hex = n.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  if (parseInt(hex.slice(0, 2), 16) & 0x80) hex = `00${hex}`;
  return new asn1js.Integer({ valueHex: Buffer.from(hex, 'hex') });
}

/** Builds and signs a CRL; exported for tests that need a CRL of a given shape. */
export function buildCrl(
  ca: EmbeddedCa,
  revoked: readonly RevokedRecord[],
  crlNumber: bigint,
  thisUpdate: Date,
  nextUpdate: Date,
): Uint8Array {
  const alg = new pkijs.AlgorithmIdentifier({
    algorithmId: SHA256_WITH_RSA,
    algorithmParams: new asn1js.Null(),
  });
  const extensions: pkijs.Extension[] = [ext('2.5.29.20', integer(crlNumber))];
  const ski = ca.certificate.asn1.extensions?.find((e) => e.extnID === '2.5.29.14');
  const keyId = (ski?.parsedValue as asn1js.OctetString | undefined)?.valueBlock.valueHexView;
  if (keyId) {
    extensions.unshift(
      ext(
        '2.5.29.35',
        new pkijs.AuthorityKeyIdentifier({
          keyIdentifier: new asn1js.OctetString({ valueHex: keyId }),
        }).toSchema(),
      ),
    );
  }
  const crl = new pkijs.CertificateRevocationList({
    version: 1,
    signature: alg,
    issuer: ca.certificate.asn1.subject,
    thisUpdate: time(thisUpdate),
    nextUpdate: time(nextUpdate),
    crlExtensions: new pkijs.Extensions({ extensions }),
  });
  if (revoked.length > 0) {
    crl.revokedCertificates = revoked.map(
      (r) =>
        new pkijs.RevokedCertificate({
          userCertificate: new asn1js.Integer({ valueHex: Buffer.from(r.revoked, 'hex') }),
          revocationDate: time(new Date(r.revokedAt)),
          // RFC 5280 §5.3.1: the reason code unspecified SHOULD be absent
          ...(r.reason !== 'unspecified'
            ? {
                crlEntryExtensions: new pkijs.Extensions({
                  extensions: [ext('2.5.29.21', new asn1js.Enumerated({ value: CRL_REASONS[r.reason] }))],
                }),
              }
            : {}),
        }),
    );
  }
  crl.signatureAlgorithm = alg;
  // toSchema(true) encodes the TBSCertList afresh (encodeTBS itself is protected)
  const tbs = new Uint8Array((crl.toSchema(true) as asn1js.Sequence).valueBlock.value[0].toBER(false));
  crl.tbsView = tbs;
  crl.signatureValue = new asn1js.BitString({ valueHex: rsaSign('sha256', ca.key, tbs) });
  return new Uint8Array(crl.toSchema().toBER(false));
}

/** The CRL to serve now (DER): the stored one while it is current, else a new one (stored). */
export function currentCrl(
  ca: EmbeddedCa,
  now: Date,
  validityHours = DEFAULT_CRL_VALIDITY_HOURS,
): Uint8Array {
  const path = join(ca.dir, 'crl.der');
  const revoked = listRevoked(ca);
  const want = revoked
    .map((r) => r.revoked)
    .sort()
    .join(',');
  let lastNumber = 0n;
  if (existsSync(path)) {
    const stored = parseCrl(readFileSync(path), path).value;
    if (stored) {
      lastNumber = stored.crlNumber ?? 0n;
      const listed = stored.revoked
        .map((r) => r.serialHex.toUpperCase().padStart(r.serialHex.length + (r.serialHex.length % 2), '0'))
        .sort()
        .join(',');
      const half = stored.nextUpdate
        ? stored.thisUpdate.getTime() + (stored.nextUpdate.getTime() - stored.thisUpdate.getTime()) / 2
        : 0;
      if (listed === want && now >= stored.thisUpdate && now.getTime() < half) return stored.der;
    }
  }
  const der = buildCrl(ca, revoked, lastNumber + 1n, now, new Date(now.getTime() + validityHours * 3600_000));
  writeAtomic(path, der, 0o644);
  return der;
}
