/**
 * CertConfirmContent and CertStatus (RFC 4210 §5.3.18), the certConf body.
 *
 * ```asn1
 * CertConfirmContent ::= SEQUENCE OF CertStatus
 *
 * CertStatus ::= SEQUENCE {
 *     certHash    OCTET STRING,
 *     certReqId   INTEGER,
 *     statusInfo  PKIStatusInfo OPTIONAL }
 * ```
 */
import * as asn1js from 'asn1js';
import { CmpDecodeError, expectSequence, integer, octets, readInteger, readOctets } from './asn1.js';
import { pkiStatusInfoFromSchema, pkiStatusInfoToSchema, type PkiStatusInfo } from './pki-status-info.js';

export interface CertStatus {
  readonly certHash: Uint8Array;
  readonly certReqId: number;
  readonly statusInfo?: PkiStatusInfo;
}

export function certConfirmContentFromSchema(
  block: asn1js.AsnType,
  what = 'CertConfirmContent',
): CertStatus[] {
  return expectSequence(block, what).map((s, i) => certStatusFromSchema(s, `${what}[${i}]`));
}

export function certConfirmContentToSchema(c: readonly CertStatus[]): asn1js.Sequence {
  return new asn1js.Sequence({ value: c.map(certStatusToSchema) });
}

function certStatusFromSchema(block: asn1js.AsnType, what = 'CertStatus'): CertStatus {
  const c = expectSequence(block, what);
  if (c.length < 2 || c.length > 3) throw new CmpDecodeError(`${what}: expected 2 or 3 fields`);
  const certHash = readOctets(c[0], `${what}.certHash`);
  const certReqId = readInteger(c[1], `${what}.certReqId`);
  return c[2]
    ? { certHash, certReqId, statusInfo: pkiStatusInfoFromSchema(c[2], `${what}.statusInfo`) }
    : { certHash, certReqId };
}

function certStatusToSchema(s: CertStatus): asn1js.Sequence {
  const value: asn1js.AsnType[] = [octets(s.certHash), integer(s.certReqId)];
  if (s.statusInfo) value.push(pkiStatusInfoToSchema(s.statusInfo));
  return new asn1js.Sequence({ value });
}
