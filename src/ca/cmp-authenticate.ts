/**
 * Who sent a CMP request to the embedded CA: the message's protection is
 * checked (PBM with the configured reference/secret, within the server's PBM
 * work bounds, or a signature chaining to this CA) and turned into a Proof.
 * What that proof may obtain is decided in ./authorize.ts, not here.
 */
import { bytesEqual, CmpDecodeError } from '../protocols/cmp/asn1.js';
import { OID, type AlgorithmIdentifier } from '../protocols/cmp/algorithm-identifier.js';
import {
  pbmParameterFromAlgorithm,
  pbmParameterProblem,
  SERVER_PBM_LIMITS,
} from '../protocols/cmp/pbm-parameter.js';
import type { ParsedPkiMessage } from '../protocols/cmp/pki-message.js';
import { checkProtection } from '../protocols/cmp/protection.js';
import type { Proof } from './authorize.js';
import { Refusal } from './cmp-refusal.js';

export interface CmpCredentials {
  /** PBM reference (senderKID) and secret; PBM is refused when absent. */
  readonly reference?: string;
  readonly secret?: Uint8Array;
  /** This CA and the chain above it (DER). */
  readonly trusted: readonly Uint8Array[];
  readonly now: Date;
}

/** The proof a request's protection gives; throws a Refusal when it gives none. */
export function authenticate(m: ParsedPkiMessage, c: CmpCredentials): Proof {
  const alg = m.header.protectionAlg;
  if (!alg || !m.protection) throw new Refusal('badMessageCheck', 'message is not protected');
  if (alg.oid === OID.passwordBasedMac) {
    if (!c.secret || c.reference === undefined)
      throw new Refusal('wrongIntegrity', 'PBM protection is not enabled on this server');
    if (!bytesEqual(m.header.senderKID, Buffer.from(c.reference)))
      throw new Refusal('badMessageCheck', 'unknown senderKID (reference)');
    // The reference is no secret: bound the work the message's own parameters ask for before doing it.
    const problem = pbmProblem(alg);
    if (problem) throw new Refusal('badAlg', `PBM parameters refused: ${problem}`);
    const r = checkProtection(m, {
      secret: c.secret,
      trusted: c.trusted,
      now: c.now,
      pbmLimits: SERVER_PBM_LIMITS,
    });
    if (r.diagnostic) throw new Refusal('badMessageCheck', 'wrong pbm value');
    return { kind: 'shared-secret' };
  }
  const r = checkProtection(m, { trusted: c.trusted, now: c.now });
  if (r.diagnostic || r.value?.kind !== 'signature')
    throw new Refusal(
      r.diagnostic?.code === 'CMP_UNTRUSTED_SIGNER' ? 'signerNotTrusted' : 'badMessageCheck',
      r.diagnostic?.message ?? 'signature does not verify',
    );
  return { kind: 'signature', signer: r.value.signer };
}

/** Whether two requests carry the same proof (a follow-up must match the request that opened it). */
export function sameProof(a: Proof, b: Proof): boolean {
  if (a.kind !== b.kind) return false;
  return a.kind !== 'signature' || bytesEqual(a.signer, (b as typeof a).signer);
}

function pbmProblem(alg: AlgorithmIdentifier): string | undefined {
  try {
    return pbmParameterProblem(pbmParameterFromAlgorithm(alg), SERVER_PBM_LIMITS);
  } catch (e) {
    if (e instanceof CmpDecodeError) return e.message;
    throw e;
  }
}
