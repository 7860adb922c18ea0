/** Diagnostic codes owned by the pki stage. Add codes here; never rename or reuse one. */
import type { CodeInfo } from '../codes.js';

export const PKI_CODES = {
  PKI_INVALID_ID: {
    stage: 'pki',
    severity: 'error',
    summary:
      "An identifier (certificate-id, ca-profile) is empty, longer than 32 characters or contains '/', '%', '.' or a space.",
  },
  PKI_KEY_TYPE_SIZE: {
    stage: 'pki',
    severity: 'error',
    summary:
      'The key size does not fit the key type (256/384/521 ECDSA only, 512 RSA only, 1024/2048/4096 RSA or DSA).',
  },
  PKI_KEY_EXISTS: {
    stage: 'pki',
    severity: 'error',
    summary: 'A key pair with this certificate-id already exists.',
  },
  PKI_KEY_NOT_FOUND: {
    stage: 'pki',
    severity: 'error',
    summary: 'No key pair exists for this certificate-id.',
  },
  PKI_KEY_INVALID: {
    stage: 'pki',
    severity: 'error',
    summary: 'A private key file cannot be read or is not a supported key.',
  },
  PKI_KEY_MISMATCH: {
    stage: 'pki',
    severity: 'error',
    summary: 'The certificate was issued for another key than the key pair of this certificate-id.',
  },
  PKI_DN_MALFORMED: {
    stage: 'pki',
    severity: 'error',
    summary: 'The subject DN is not a list of ATTR=value items.',
  },
  PKI_DN_UNBALANCED_QUOTES: {
    stage: 'pki',
    severity: 'error',
    summary: 'The subject DN has an unterminated quoted value.',
  },
  PKI_DN_UNKNOWN_ATTRIBUTE: {
    stage: 'pki',
    severity: 'error',
    summary: 'The subject DN uses an attribute other than DC, CN, SN, OU, O, L, ST, C.',
  },
  PKI_DIGEST_INVALID: {
    stage: 'pki',
    severity: 'error',
    summary: 'The digest does not fit the key type (sha-1 RSA/DSA only, sha-384 ECDSA only).',
  },
  PKI_SAN_INVALID: {
    stage: 'pki',
    severity: 'error',
    summary: 'A subjectAltName value (domain-name, email, ip-address, ipv6-address) is malformed.',
  },
  PKI_PEM_INVALID: {
    stage: 'pki',
    severity: 'error',
    summary: 'A file is not valid PEM or DER of the expected type.',
  },
  PKI_CERT_INVALID: { stage: 'pki', severity: 'error', summary: 'A certificate cannot be parsed.' },
  PKI_CRL_INVALID: { stage: 'pki', severity: 'error', summary: 'A CRL cannot be parsed.' },
  PKI_CSR_INVALID: { stage: 'pki', severity: 'error', summary: 'A certificate request cannot be parsed.' },
  PKI_CERT_EXPIRED: { stage: 'pki', severity: 'error', summary: 'A certificate is past its notAfter date.' },
  PKI_CERT_NOT_YET_VALID: {
    stage: 'pki',
    severity: 'error',
    summary: 'A certificate is before its notBefore date.',
  },
  PKI_CERT_REVOKED: {
    stage: 'pki',
    severity: 'error',
    summary: "A certificate's serial number is on its issuer's CRL.",
  },
  PKI_CHAIN_INCOMPLETE: {
    stage: 'pki',
    severity: 'error',
    summary: 'No CA certificate in the store issued this certificate, so the chain does not reach a root.',
  },
  PKI_SIGNATURE_INVALID: {
    stage: 'pki',
    severity: 'error',
    summary: 'A certificate or CRL signature does not verify.',
  },
  PKI_NOT_CA: {
    stage: 'pki',
    severity: 'error',
    summary:
      'A certificate used as a CA certificate is not marked as a CA (basicConstraints cA), lacks keyCertSign, or is past its pathLenConstraint.',
  },
  PKI_NAME_CONSTRAINTS: {
    stage: 'pki',
    severity: 'error',
    summary: "A certificate's names violate the name constraints of a CA above it (RFC 5280 §4.2.1.10).",
  },
  PKI_CRL_ISSUER_MISMATCH: {
    stage: 'pki',
    severity: 'error',
    summary: 'The CRL was not issued (or not signed) by the CA certificate of this ca-profile.',
  },
  PKI_CRL_EXPIRED: { stage: 'pki', severity: 'warning', summary: 'A CRL is past its nextUpdate date.' },
  PKI_CA_PROFILE_UNKNOWN: {
    stage: 'pki',
    severity: 'error',
    summary: 'The ca-profile is not in the active (committed) configuration.',
  },
  PKI_CA_CERT_EXISTS: {
    stage: 'pki',
    severity: 'error',
    summary: 'A CA certificate is already loaded for this ca-profile.',
  },
  PKI_CA_CERT_NOT_FOUND: {
    stage: 'pki',
    severity: 'error',
    summary: 'No CA certificate is loaded for this ca-profile.',
  },
  PKI_LOCAL_CERT_EXISTS: {
    stage: 'pki',
    severity: 'error',
    summary: 'A local certificate with this certificate-id already exists.',
  },
  PKI_LOCAL_CERT_NOT_FOUND: {
    stage: 'pki',
    severity: 'error',
    summary: 'No local certificate has this certificate-id.',
  },
  PKI_REQUEST_NOT_FOUND: {
    stage: 'pki',
    severity: 'error',
    summary: 'No certificate request has this certificate-id.',
  },
  PKI_CRL_NOT_FOUND: { stage: 'pki', severity: 'error', summary: 'No CRL is loaded for this ca-profile.' },
  PKI_SERIAL_UNKNOWN: {
    stage: 'pki',
    severity: 'error',
    summary: 'The embedded CA issued no certificate with this serial number (`ca revoke`).',
  },
  PKI_ALREADY_REVOKED: {
    stage: 'pki',
    severity: 'error',
    summary: 'The certificate is already revoked at the embedded CA (`ca revoke`).',
  },
  PKI_REVOCATION_REASON_UNKNOWN: {
    stage: 'pki',
    severity: 'error',
    summary: 'Not an RFC 5280 CRLReason name (`ca revoke SERIAL keyCompromise`).',
  },
  PKI_CRL_DOWNLOAD_FAILED: {
    stage: 'pki',
    severity: 'error',
    summary:
      'The CRL of a ca-profile could not be downloaded from its `revocation-check crl url` (or was refused); verification fails unless `crl disable on-download-failure`.',
  },
  PKI_CRL_REPLAYED: {
    stage: 'pki',
    severity: 'error',
    summary: 'A downloaded CRL is older than the one stored (lower CRL number or thisUpdate): refused.',
  },
  PKI_CA_PROFILE_NAMES_EXHAUSTED: {
    stage: 'pki',
    severity: 'error',
    summary:
      'A CA certificate from a chain needs a profile name, but the serial-number name and all of -00..-99 are taken.',
  },
  PKI_FILE_READ: {
    stage: 'pki',
    severity: 'error',
    summary: 'A file named on the command line cannot be read.',
  },
  PKI_STORE_IO: {
    stage: 'pki',
    severity: 'error',
    summary: 'The PKI store under STATE/pki cannot be read or written.',
  },
  OP_SYNTAX_ERROR: {
    stage: 'syntax',
    severity: 'error',
    summary:
      'An operational command word matches nothing at its position (`syntax error, expecting <command>`).',
  },
  OP_AMBIGUOUS: {
    stage: 'syntax',
    severity: 'error',
    summary: 'An abbreviated operational command word matches several keywords.',
  },
  OP_INCOMPLETE: {
    stage: 'syntax',
    severity: 'error',
    summary: 'An operational command is incomplete (a mandatory argument is missing).',
  },
  OP_INVALID_VALUE: {
    stage: 'syntax',
    severity: 'error',
    summary: 'An operational command argument has an invalid value.',
  },
} as const satisfies Record<string, CodeInfo>;
