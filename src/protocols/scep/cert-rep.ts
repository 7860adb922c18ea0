/**
 * Checking a SCEP CertRep against the request it answers (RFC 8894 §3.3.2):
 * content type, message type, signature by the pinned CA or RA, transaction
 * and nonces; then its status, and for SUCCESS the certificate issued for
 * the requested public key, signed by the CA. Weak algorithms are warnings.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import type { Diagnostic } from '../../diag/diagnostic.js';
import { isRsa } from './certificate.js';
import type { EnrollContext, EnrollOutcome } from './client.js';
import { parseCertsOnly } from './degenerate.js';
import { openEnvelope } from './envelope.js';
import { parsePkiMessage, type ParsedPkiMessage } from './pki-message-parse.js';
import { verifyPkiMessage } from './pki-message-verify.js';
import {
  WEAK_CIPHERS,
  WEAK_DIGESTS,
  failInfoText,
  failure,
  scepDiag,
  success,
  type ScepResult,
} from './types.js';

/** SPKI DER of a key (private or public). */
export function spkiOf(key: KeyObject): Buffer {
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  return pub.export({ format: 'der', type: 'spki' });
}

/** Checks a CertRep against the request (§3.3.2) and extracts the outcome. */
export function checkCertRep(
  ctx: EnrollContext,
  contentType: string | undefined,
  body: Buffer,
  senderNonce: Buffer,
): ScepResult<EnrollOutcome> {
  const warnings: Diagnostic[] = [];
  const ct = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (ct !== 'application/x-pki-message') {
    return failure(
      'SCEP_BAD_CONTENT_TYPE',
      `PKIOperation answered with Content-Type '${contentType ?? ''}', expected application/x-pki-message`,
    );
  }
  const parsed = parsePkiMessage(body);
  if (!parsed.ok) return parsed;
  const rep = parsed.value;
  if (rep.messageType !== 'CertRep') {
    return failure(
      'SCEP_UNEXPECTED_MESSAGE_TYPE',
      `expected a CertRep (3), got messageType ${String(rep.messageType)}`,
    );
  }
  const verified = verifyPkiMessage(rep, ctx.ca.signers);
  if (!verified.ok) return verified;
  if (rep.transactionID !== ctx.transactionID) {
    return failure(
      'SCEP_TRANSACTION_MISMATCH',
      `CertRep transactionID '${rep.transactionID}' does not match the request's '${ctx.transactionID}'`,
    );
  }
  if (!rep.recipientNonce || !rep.recipientNonce.equals(senderNonce)) {
    return failure(
      'SCEP_NONCE_MISMATCH',
      'CertRep recipientNonce does not match the senderNonce of the request',
    );
  }
  if (WEAK_DIGESTS.has(rep.digest)) {
    warnings.push(
      scepDiag(
        'SCEP_WEAK_ALGORITHM',
        `the CA signed its CertRep with weak digest ${rep.digest.toUpperCase()}`,
      ),
    );
  }
  return certRepOutcome(ctx, rep, warnings);
}

/** The outcome a checked CertRep gives: pending, a rejection, or the certificate issued for the requested key. */
function certRepOutcome(
  ctx: EnrollContext,
  rep: ParsedPkiMessage,
  warnings: Diagnostic[],
): ScepResult<EnrollOutcome> {
  switch (rep.pkiStatus) {
    case 'PENDING':
      return success({ status: 'pending' }, warnings);
    case 'FAILURE':
      return failure(
        'SCEP_FAILINFO',
        rep.failInfo === undefined
          ? 'the CA rejected the request without a failInfo'
          : `the CA rejected the request with SCEP failInfo ${failInfoText(rep.failInfo)}`,
        warnings,
      );
    case 'SUCCESS':
      break;
    default:
      return failure('SCEP_MALFORMED', `CertRep has invalid pkiStatus ${String(rep.pkiStatus)}`);
  }
  return issuedCertificate(ctx, rep, warnings);
}

/** SUCCESS: the certificate for the requested public key, signed by the CA, out of the CertRep's envelope. */
function issuedCertificate(
  ctx: EnrollContext,
  rep: ParsedPkiMessage,
  warnings: Diagnostic[],
): ScepResult<EnrollOutcome> {
  if (!rep.envelope) return failure('SCEP_MALFORMED', 'CertRep SUCCESS carries no pkcsPKIEnvelope');
  const opened = openEnvelope(rep.envelope, ctx.signer.certificate, ctx.signer.key);
  if (!opened.ok) return opened;
  if (WEAK_CIPHERS.has(opened.value.cipher)) {
    warnings.push(
      scepDiag(
        'SCEP_WEAK_ALGORITHM',
        `the CA encrypted its CertRep with weak cipher ${opened.value.cipher.toUpperCase()}`,
      ),
    );
  }
  const certs = parseCertsOnly(opened.value.content);
  if (!certs.ok) return certs;
  const issued = certs.value.find((c) => spkiOf(c.publicKey).equals(ctx.requestedSpki));
  if (!issued) {
    return failure(
      'SCEP_CERT_MISMATCH',
      `CertRep SUCCESS holds ${certs.value.length} certificate(s), none for the requested public key`,
    );
  }
  if (!isRsa(issued) && ctx.requestedSpki.length > 0)
    return failure('SCEP_CERT_MISMATCH', 'issued certificate is not RSA');
  const by = ctx.ca.issuer;
  if (!issued.x509.checkIssued(by.x509) || !issued.x509.verify(by.publicKey)) {
    return failure(
      'SCEP_CERT_MISMATCH',
      `the issued certificate is not signed by the CA '${by.x509.subject.replace(/\n/g, ', ')}'`,
    );
  }
  const rest = certs.value.filter((c) => c !== issued);
  return success({ status: 'issued', certificate: issued, certificates: [issued, ...rest] }, warnings);
}
