/**
 * The check of a received pkiMessage: its messageDigest against the signed
 * content, and its signature by one of the certificates the caller trusts
 * for it (RFC 8894 §3.2, RFC 5652 §5.4).
 */
import { digest, rsaVerify } from './crypto.js';
import { matchesIssuerAndSerial, type ScepCertificate } from './certificate.js';
import type { ParsedPkiMessage } from './pki-message-parse.js';
import { failure, success, type ScepResult } from './types.js';

/**
 * Checks the messageDigest and the signature of a parsed pkiMessage against the
 * candidate signer certificates (for a CertRep: the CA/RA certs from GetCACert;
 * for a request: the certificates it carries). Returns the signer.
 */
export function verifyPkiMessage(
  msg: ParsedPkiMessage,
  candidates: readonly ScepCertificate[],
): ScepResult<ScepCertificate> {
  const signer = candidates.find((c) => matchesIssuerAndSerial(c, msg.signerId));
  if (!signer) {
    return failure(
      'SCEP_UNKNOWN_SIGNER',
      'message is not signed by an expected certificate (no issuer/serial match)',
    );
  }
  const expected = digest(msg.digest, msg.envelope ?? Buffer.alloc(0));
  if (!msg.messageDigest || !expected.equals(msg.messageDigest)) {
    return failure('SCEP_BAD_SIGNATURE', 'messageDigest attribute does not match the signed content');
  }
  if (!rsaVerify(msg.digest, signer.publicKey, msg.signedAttrsDer, msg.signature)) {
    return failure(
      'SCEP_BAD_SIGNATURE',
      `signature by '${signer.x509.subject.replace(/\n/g, ', ')}' does not verify`,
    );
  }
  return success(signer);
}
