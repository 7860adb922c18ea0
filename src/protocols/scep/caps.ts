/**
 * GetCACaps (RFC 8894 §3.5.2) and the algorithm choice made from it.
 *
 * Choice order: AES before DES3 before DES; SHA-512/SHA-256 before SHA-1
 * before MD5; POST when POSTPKIOperation is offered. `SCEPStandard` implies
 * AES, SHA-256 and POSTPKIOperation (§3.5.2). Configured overrides
 * (Junos `scep-encryption-algorithm` / `scep-digest-algorithm`) win; a weak
 * algorithm is only used when configured or when the CA offers nothing
 * better, and then with a SCEP_WEAK_ALGORITHM warning.
 */
import type { Diagnostic } from '../../diag/diagnostic.js';
import { WEAK_CIPHERS, WEAK_DIGESTS, scepDiag, type ContentCipher, type DigestAlg } from './types.js';

/** Capabilities as a case-insensitive set of keywords (lower-cased). */
export type CaCaps = ReadonlySet<string>;

/** Parses the GetCACaps body: one keyword per line (CRLF or LF), case-insensitive. */
export function parseCaps(body: string): CaCaps {
  return new Set(
    body
      .split(/\r?\n/)
      .map((l) => l.trim().toLowerCase())
      .filter((l) => l.length > 0 && /^[\x21-\x7e]+$/.test(l)),
  );
}

export interface AlgorithmChoice {
  readonly cipher: ContentCipher;
  readonly digest: DigestAlg;
  readonly post: boolean;
  readonly renewal: boolean;
  readonly warnings: readonly Diagnostic[];
}

export interface AlgorithmOverrides {
  readonly cipher?: ContentCipher;
  readonly digest?: DigestAlg;
}

export function chooseAlgorithms(caps: CaCaps, overrides: AlgorithmOverrides = {}): AlgorithmChoice {
  const standard = caps.has('scepstandard');
  const offered: ContentCipher =
    caps.has('aes') || standard ? 'aes-128-cbc' : caps.has('des3') ? 'des-ede3-cbc' : 'des-cbc';
  const offeredDigest: DigestAlg = caps.has('sha-512')
    ? 'sha512'
    : caps.has('sha-256') || standard
      ? 'sha256'
      : caps.has('sha-1')
        ? 'sha1'
        : 'md5';
  const cipher = overrides.cipher ?? offered;
  const digest = overrides.digest ?? offeredDigest;
  const warnings: Diagnostic[] = [];
  const why = (configured: boolean): string => (configured ? 'configured' : 'the only one the CA offers');
  if (WEAK_CIPHERS.has(cipher)) {
    warnings.push(
      scepDiag(
        'SCEP_WEAK_ALGORITHM',
        `weak encryption algorithm ${cipher.toUpperCase()} used (${why(overrides.cipher !== undefined)})`,
      ),
    );
  }
  if (WEAK_DIGESTS.has(digest)) {
    warnings.push(
      scepDiag(
        'SCEP_WEAK_ALGORITHM',
        `weak digest algorithm ${digest.toUpperCase()} used (${why(overrides.digest !== undefined)})`,
      ),
    );
  }
  return {
    cipher,
    digest,
    post: caps.has('postpkioperation') || standard,
    renewal: caps.has('renewal') || standard,
    warnings,
  };
}
