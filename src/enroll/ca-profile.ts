/**
 * The typed view of a `security pki ca-profile` that enrollment needs, read
 * from the committed configuration tree: enrollment url, retry and
 * retry-interval. Junos's defaults are uncertain (YANG 1000/600, current docs
 * 10/900); pkicfg uses the documented CLI defaults 10 and 900 seconds.
 */
import type { Diagnostic, Result } from '../diag/diagnostic.js';
import type { ContentCipher, DigestAlg } from '../protocols/scep/types.js';

export const DEFAULT_RETRY = 10;
export const DEFAULT_RETRY_INTERVAL_SEC = 900;

export interface CaProfileSettings {
  readonly name: string;
  readonly url: string;
  readonly retry: number;
  readonly retryIntervalSec: number;
}

type Tree = { readonly [k: string]: unknown };

function obj(v: unknown): Tree | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Tree) : undefined;
}

function num(v: unknown, dflt: number): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : undefined;
  return n ?? dflt;
}

function enrollDiag(code: 'ENROLL_PROFILE_UNKNOWN', message: string, path: readonly string[]): Diagnostic {
  return { code, severity: 'error', stage: 'enroll', message, path };
}

/** Reads ca-profile `name` from an (effective) configuration tree. */
export function caProfileSettings(tree: unknown, name: string): Result<CaProfileSettings | undefined> {
  const path = ['security', 'pki', 'ca-profile', name];
  const profile = obj(obj(obj(obj(obj(tree)?.security)?.pki)?.['ca-profile'])?.[name]);
  if (!profile) {
    return {
      value: undefined,
      diagnostics: [enrollDiag('ENROLL_PROFILE_UNKNOWN', `CA profile ${name} not configured`, path)],
    };
  }
  const enrollment = obj(profile.enrollment);
  const url = enrollment?.url;
  if (typeof url !== 'string' || url === '') {
    return {
      value: undefined,
      diagnostics: [
        enrollDiag('ENROLL_PROFILE_UNKNOWN', `CA profile ${name} has no enrollment url`, [
          ...path,
          'enrollment',
        ]),
      ],
    };
  }
  return {
    value: {
      name,
      url,
      retry: num(enrollment?.retry, DEFAULT_RETRY),
      retryIntervalSec: num(enrollment?.['retry-interval'], DEFAULT_RETRY_INTERVAL_SEC),
    },
    diagnostics: [],
  };
}

/** Junos `scep-encryption-algorithm` / `scep-digest-algorithm` words to protocol names. */
export function scepCipherFromJunos(word: string | undefined): ContentCipher | undefined {
  return word === 'des' ? 'des-cbc' : word === 'des3' ? 'des-ede3-cbc' : undefined;
}
export function scepDigestFromJunos(word: string | undefined): DigestAlg | undefined {
  return word === 'md5' ? 'md5' : word === 'sha1' || word === 'sha-1' ? 'sha1' : undefined;
}
