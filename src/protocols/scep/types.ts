/**
 * SCEP (RFC 8894) vocabulary: message types, statuses, failInfo words, the
 * attribute and algorithm OIDs, and the result type every SCEP function returns.
 */
import type { Diagnostic } from '../../diag/diagnostic.js';
import type { DiagnosticCode } from '../../diag/codes.js';

/** RFC 8894 §3.2.1.2 messageType values. */
export const MESSAGE_TYPES = {
  CertRep: 3,
  RenewalReq: 17,
  PKCSReq: 19,
  CertPoll: 20,
  GetCert: 21,
  GetCRL: 22,
} as const;
export type MessageType = keyof typeof MESSAGE_TYPES;

export function messageTypeName(code: number): MessageType | undefined {
  return (Object.keys(MESSAGE_TYPES) as MessageType[]).find((k) => MESSAGE_TYPES[k] === code);
}

/** RFC 8894 §3.2.1.3 pkiStatus. */
export const PKI_STATUS = { SUCCESS: 0, FAILURE: 2, PENDING: 3 } as const;
export type PkiStatus = keyof typeof PKI_STATUS;

/** RFC 8894 §3.2.1.4 failInfo. */
export const FAIL_INFO = { badAlg: 0, badMessageCheck: 1, badRequest: 2, badTime: 3, badCertId: 4 } as const;
export type FailInfo = keyof typeof FAIL_INFO;

/**
 * RFC 8894 §3.2.1.4's meaning of each failInfo, which is all a SCEP CA says
 * about a refusal (CertRep has no reason text), so nothing is guessed beyond it.
 */
const FAIL_INFO_WORDS: Record<FailInfo, string> = {
  badAlg: 'unrecognized or unsupported algorithm',
  badMessageCheck: 'integrity check (signature) failed',
  badRequest: 'transaction not permitted or supported',
  badTime: 'the signingTime attribute was not close enough to the system time',
  badCertId: 'no certificate could be identified matching the provided criteria',
};

/** failInfo in words, e.g. `badRequest (2): transaction not permitted ...`. */
export function failInfoText(code: number | undefined): string {
  if (code === undefined) return 'no failInfo given';
  const name = (Object.keys(FAIL_INFO) as FailInfo[]).find((k) => FAIL_INFO[k] === code);
  return name ? `${name} (${code}): ${FAIL_INFO_WORDS[name]}` : `unknown failInfo (${code})`;
}

export const OID = {
  // RFC 8894 §3.2.1 (id-VeriSign 2.16.840.1.113733 pki(1) attributes(9))
  messageType: '2.16.840.1.113733.1.9.2',
  pkiStatus: '2.16.840.1.113733.1.9.3',
  failInfo: '2.16.840.1.113733.1.9.4',
  senderNonce: '2.16.840.1.113733.1.9.5',
  recipientNonce: '2.16.840.1.113733.1.9.6',
  transactionID: '2.16.840.1.113733.1.9.7',
  // RFC 5652 / PKCS#9
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  envelopedData: '1.2.840.113549.1.7.3',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  challengePassword: '1.2.840.113549.1.9.7',
  extensionRequest: '1.2.840.113549.1.9.14',
  rsaEncryption: '1.2.840.113549.1.1.1',
  ecPublicKey: '1.2.840.10045.2.1',
} as const;

/** Content-encryption algorithms SCEP may use for pkcsPKIEnvelope. */
export type ContentCipher = 'des-cbc' | 'des-ede3-cbc' | 'aes-128-cbc' | 'aes-256-cbc';
/** Digest algorithms SCEP may use for SignedData. */
export type DigestAlg = 'md5' | 'sha1' | 'sha256' | 'sha512';

export const CIPHER_OID: Record<ContentCipher, string> = {
  'des-cbc': '1.3.14.3.2.7',
  'des-ede3-cbc': '1.2.840.113549.3.7',
  'aes-128-cbc': '2.16.840.1.101.3.4.1.2',
  'aes-256-cbc': '2.16.840.1.101.3.4.1.42',
};
export const DIGEST_OID: Record<DigestAlg, string> = {
  md5: '1.2.840.113549.2.5',
  sha1: '1.3.14.3.2.26',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha512: '2.16.840.1.101.3.4.2.3',
};
export const RSA_SIGNATURE_OID: Record<DigestAlg, string> = {
  md5: '1.2.840.113549.1.1.4',
  sha1: '1.2.840.113549.1.1.5',
  sha256: '1.2.840.113549.1.1.11',
  sha512: '1.2.840.113549.1.1.13',
};

export const WEAK_CIPHERS: ReadonlySet<ContentCipher> = new Set(['des-cbc']);
export const WEAK_DIGESTS: ReadonlySet<DigestAlg> = new Set(['md5', 'sha1']);

export function cipherByOid(oid: string): ContentCipher | undefined {
  return (Object.keys(CIPHER_OID) as ContentCipher[]).find((k) => CIPHER_OID[k] === oid);
}
export function digestByOid(oid: string): DigestAlg | undefined {
  return (Object.keys(DIGEST_OID) as DigestAlg[]).find((k) => DIGEST_OID[k] === oid);
}
/** Digest named by an RSA signature OID (sha256WithRSAEncryption) or by a bare digest OID. */
export function digestBySignatureOid(oid: string): DigestAlg | undefined {
  return (
    (Object.keys(RSA_SIGNATURE_OID) as DigestAlg[]).find((k) => RSA_SIGNATURE_OID[k] === oid) ??
    digestByOid(oid)
  );
}

/** Outcome of a SCEP step: a value, or one error; warnings either way. */
export type ScepResult<T> =
  | { readonly ok: true; readonly value: T; readonly warnings: readonly Diagnostic[] }
  | { readonly ok: false; readonly error: Diagnostic; readonly warnings: readonly Diagnostic[] };

export function scepDiag(
  code: DiagnosticCode,
  message: string,
  severity?: 'error' | 'warning' | 'info',
): Diagnostic {
  return {
    code,
    severity: severity ?? (code === 'SCEP_WEAK_ALGORITHM' ? 'warning' : 'error'),
    stage: 'protocol',
    message,
  };
}

export function success<T>(value: T, warnings: readonly Diagnostic[] = []): ScepResult<T> {
  return { ok: true, value, warnings };
}
export function failure<T>(
  code: DiagnosticCode,
  message: string,
  warnings: readonly Diagnostic[] = [],
): ScepResult<T> {
  return { ok: false, error: scepDiag(code, message), warnings };
}
