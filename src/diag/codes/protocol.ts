/** Diagnostic codes owned by the protocol stage. Add codes here; never rename or reuse one. */
import type { CodeInfo } from '../codes.js';

// ---- SCEP (RFC 8894), owned by the SCEP engineer ----
const SCEP_CODES = {
  SCEP_HTTP_ERROR: {
    stage: 'protocol',
    severity: 'error',
    summary: 'The SCEP server answered with an HTTP error status.',
  },
  SCEP_CONNECT_FAILED: {
    stage: 'protocol',
    severity: 'error',
    summary: 'The SCEP server could not be reached.',
  },
  SCEP_TIMEOUT: { stage: 'protocol', severity: 'error', summary: 'The SCEP server did not answer in time.' },
  SCEP_RESPONSE_TOO_LARGE: {
    stage: 'protocol',
    severity: 'error',
    summary: 'The SCEP response exceeded the body size limit.',
  },
  SCEP_BAD_CONTENT_TYPE: {
    stage: 'protocol',
    severity: 'error',
    summary: 'The SCEP response had an unexpected Content-Type.',
  },
  SCEP_MALFORMED: {
    stage: 'protocol',
    severity: 'error',
    summary: 'A SCEP message could not be decoded (bad DER or structure).',
  },
  SCEP_BAD_SIGNATURE: {
    stage: 'protocol',
    severity: 'error',
    summary: 'A SCEP message signature or message digest did not verify.',
  },
  SCEP_UNKNOWN_SIGNER: {
    stage: 'protocol',
    severity: 'error',
    summary: 'A CertRep was not signed by the CA or RA certificate.',
  },
  SCEP_TRANSACTION_MISMATCH: {
    stage: 'protocol',
    severity: 'error',
    summary: 'The CertRep transactionID differs from the request.',
  },
  SCEP_NONCE_MISMATCH: {
    stage: 'protocol',
    severity: 'error',
    summary: 'The CertRep recipientNonce differs from the request senderNonce.',
  },
  SCEP_UNEXPECTED_MESSAGE_TYPE: {
    stage: 'protocol',
    severity: 'error',
    summary: 'The SCEP response was not a CertRep.',
  },
  SCEP_DECRYPT_FAILED: {
    stage: 'protocol',
    severity: 'error',
    summary: 'The pkcsPKIEnvelope could not be decrypted.',
  },
  SCEP_FAILINFO: {
    stage: 'protocol',
    severity: 'error',
    summary: 'The CA refused the request (pkiStatus FAILURE with failInfo).',
  },
  SCEP_CERT_MISMATCH: {
    stage: 'protocol',
    severity: 'error',
    summary: 'The returned certificate does not match the requested key.',
  },
  SCEP_NO_CA_CERT: {
    stage: 'protocol',
    severity: 'error',
    summary: 'GetCACert returned no usable CA certificate.',
  },
  SCEP_WEAK_ALGORITHM: {
    stage: 'protocol',
    severity: 'warning',
    summary: 'A weak algorithm (DES, MD5, SHA-1) is in use because the CA or configuration forces it.',
  },
  SCEP_ECDSA_UNSUPPORTED: { stage: 'protocol', severity: 'error', summary: 'SCEP supports RSA keys only.' },
  SCEP_FINGERPRINT_MISMATCH: {
    stage: 'protocol',
    severity: 'error',
    summary: 'The CA certificate fingerprint differs from the expected one.',
  },
  SCEP_BAD_REQUEST: { stage: 'protocol', severity: 'error', summary: 'An invalid SCEP request or argument.' },
} as const satisfies Record<string, CodeInfo>;
// ---- end SCEP ----

// ---- CMPv2 (RFC 4210/4211), owned by the CMP engineer ----
const CMP_CODES = {
  CMP_HTTP_ERROR: {
    stage: 'protocol',
    severity: 'error',
    summary: 'The CMP server could not be reached or answered with an HTTP error.',
  },
  CMP_MALFORMED: {
    stage: 'protocol',
    severity: 'error',
    summary: 'A CMP message could not be decoded (bad DER or structure).',
  },
  CMP_UNPROTECTED: { stage: 'protocol', severity: 'error', summary: 'A CMP response carried no protection.' },
  CMP_BAD_PROTECTION: {
    stage: 'protocol',
    severity: 'error',
    summary: 'The protection (PBM MAC or signature) of a CMP message did not verify.',
  },
  CMP_UNTRUSTED_SIGNER: {
    stage: 'protocol',
    severity: 'error',
    summary: 'A signed CMP message was signed by a certificate that does not chain to a trusted CA.',
  },
  CMP_BAD_HEADER: {
    stage: 'protocol',
    severity: 'error',
    summary: 'The CMP header is wrong: version, transactionID, nonces or recipient.',
  },
  CMP_UNEXPECTED_BODY: {
    stage: 'protocol',
    severity: 'error',
    summary: 'The CMP response body type does not answer the request.',
  },
  CMP_ERROR_MESSAGE: {
    stage: 'protocol',
    severity: 'error',
    summary: 'The CMP server answered with an error message (PKIStatus, failInfo, text).',
  },
  CMP_REJECTED: {
    stage: 'protocol',
    severity: 'error',
    summary: 'The CA rejected the certificate request (PKIStatus rejection).',
  },
  CMP_CERT_MISMATCH: {
    stage: 'protocol',
    severity: 'error',
    summary: 'The returned certificate does not match the requested key or request.',
  },
  CMP_POLL_TIMEOUT: {
    stage: 'protocol',
    severity: 'error',
    summary: 'The CA kept answering waiting beyond the polling limit.',
  },
  CMP_BAD_REQUEST: {
    stage: 'protocol',
    severity: 'error',
    summary: 'An invalid CMP request or argument (unsupported key, missing secret, ...).',
  },
} as const satisfies Record<string, CodeInfo>;
// ---- end CMPv2 ----

export const PROTOCOL_CODES = {
  ...SCEP_CODES,
  ...CMP_CODES,
} as const satisfies Record<string, CodeInfo>;
