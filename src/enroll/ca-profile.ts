/**
 * What enrollment needs of a `security pki ca-profile` (from the PKI view,
 * tree/pki-view.ts): its enrollment url, retry and retry-interval, or a
 * diagnostic saying which is missing; and the Junos SCEP algorithm words.
 */
import type { Diagnostic, Result } from '../diag/diagnostic.js';
import type { ContentCipher, DigestAlg } from '../protocols/scep/types.js';
import type { ConfigTree } from '../tree/config-tree.js';
import { pkiView } from '../tree/pki-view.js';
import { diagnostic } from '../diag/diagnostic.js';

export interface CaProfileSettings {
  readonly name: string;
  readonly url: string;
  readonly retry: number;
  readonly retryIntervalSec: number;
}

function enrollDiag(code: 'ENROLL_PROFILE_UNKNOWN', message: string, path: readonly string[]): Diagnostic {
  return diagnostic(code, message, { severity: 'error', path });
}

/** The ca-profile `name` of an (active) configuration tree, with its enrollment url. */
export function caProfileSettings(
  tree: ConfigTree | undefined,
  name: string,
): Result<CaProfileSettings | undefined> {
  const profile = pkiView(tree).caProfile(name);
  const path = ['security', 'pki', 'ca-profile', name];
  if (!profile) {
    return {
      value: undefined,
      diagnostics: [enrollDiag('ENROLL_PROFILE_UNKNOWN', `CA profile ${name} not configured`, path)],
    };
  }
  if (profile.url === undefined) {
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
    value: { name, url: profile.url, retry: profile.retry, retryIntervalSec: profile.retryIntervalSec },
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
