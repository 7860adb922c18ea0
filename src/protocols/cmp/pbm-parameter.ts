/**
 * PBMParameter and the password-based MAC (RFC 4211 §4.4, RFC 4210 §5.1.3.1).
 *
 * ```asn1
 * PBMParameter ::= SEQUENCE {
 *     salt                OCTET STRING,
 *     owf                 AlgorithmIdentifier,   -- one-way function, e.g. SHA-256
 *     iterationCount      INTEGER,
 *     mac                 AlgorithmIdentifier }  -- e.g. hmac-sha1
 * ```
 *
 * BASEKEY = owf^iterationCount(secret || salt); MAC = HMAC(BASEKEY, ProtectedPart).
 * OpenSSL 3 sends salt 16 bytes, owf SHA-256, 500 iterations, mac hmac-sha1.
 */
import { createHash, createHmac, hash, randomBytes, timingSafeEqual } from 'node:crypto';
import * as asn1js from 'asn1js';
import {
  CmpDecodeError,
  decodeDer,
  derOf,
  expectSequence,
  integer,
  octets,
  readInteger,
  readOctets,
} from './asn1.js';
import {
  algorithmIdentifierFromSchema,
  algorithmIdentifierToSchema,
  OID,
  type AlgorithmIdentifier,
} from './algorithm-identifier.js';

export interface PbmParameter {
  readonly salt: Uint8Array;
  readonly owf: AlgorithmIdentifier;
  readonly iterationCount: number;
  readonly mac: AlgorithmIdentifier;
}

/**
 * Bounds on a peer's PBMParameter, checked before the one-way function runs:
 * the parameters come from the unauthenticated message itself, so without
 * them anyone who knows the (non-secret) reference buys a CPU-second for a
 * few bytes. RFC 4211 §4.4 and RFC 9481 §6.1.1 leave the choice of
 * parameters to the sender; OpenSSL enforces 100 <= iterationCount <=
 * OSSL_CRMF_PBM_MAX_ITERATION_COUNT = 100000 (crmf_pbm.c "min from RFC",
 * crmf_local.h "if too large allows DoS") and generates 16-byte salts
 * (OSSL_CRMF_pbmp_new: "SHOULD be at least 8").
 */
export interface PbmLimits {
  readonly minIterations: number;
  readonly maxIterations: number;
  readonly minSaltBytes: number;
  readonly maxSaltBytes: number;
}

/** What pkicfg accepts from a CA: OpenSSL's bounds. */
const PBM_LIMITS: PbmLimits = {
  minIterations: 100,
  maxIterations: 100_000,
  minSaltBytes: 1,
  maxSaltBytes: 64,
};

/**
 * What the embedded CA accepts from any client. OpenSSL and pkicfg send 500
 * iterations (about 1 ms of SHA-256); 10 000 leaves clients room and caps a
 * request at about 25 ms of SHA-512, against about 300 ms at OpenSSL's 100 000.
 */
export const SERVER_PBM_LIMITS: PbmLimits = {
  minIterations: 100,
  maxIterations: 10_000,
  minSaltBytes: 8,
  maxSaltBytes: 64,
};

function pbmParameterFromSchema(block: asn1js.AsnType, what = 'PBMParameter'): PbmParameter {
  const c = expectSequence(block, what);
  if (c.length !== 4) throw new CmpDecodeError(`${what}: expected 4 fields`);
  return {
    salt: readOctets(c[0], `${what}.salt`),
    owf: algorithmIdentifierFromSchema(c[1], `${what}.owf`),
    iterationCount: readInteger(c[2], `${what}.iterationCount`),
    mac: algorithmIdentifierFromSchema(c[3], `${what}.mac`),
  };
}

function pbmParameterToSchema(p: PbmParameter): asn1js.Sequence {
  return new asn1js.Sequence({
    value: [
      octets(p.salt),
      algorithmIdentifierToSchema(p.owf),
      integer(p.iterationCount),
      algorithmIdentifierToSchema(p.mac),
    ],
  });
}

/** OpenSSL's defaults, with a fresh 16-byte salt. */
export function defaultPbmParameter(): PbmParameter {
  return {
    salt: randomBytes(16),
    owf: { oid: OID.sha256 },
    iterationCount: 500,
    mac: { oid: OID.hmacSha1 },
  };
}

/** The protectionAlg AlgorithmIdentifier carrying these parameters. */
export function pbmAlgorithm(p: PbmParameter): AlgorithmIdentifier {
  return { oid: OID.passwordBasedMac, parameters: derOf(pbmParameterToSchema(p)) };
}

export function pbmParameterFromAlgorithm(alg: AlgorithmIdentifier): PbmParameter {
  if (alg.oid !== OID.passwordBasedMac || !alg.parameters)
    throw new CmpDecodeError('protectionAlg: not a PasswordBasedMac');
  return pbmParameterFromSchema(decodeDer(alg.parameters, 'PBMParameter'));
}

const OWF: Record<string, string> = {
  [OID.sha1]: 'sha1',
  [OID.sha256]: 'sha256',
  [OID.sha384]: 'sha384',
  [OID.sha512]: 'sha512',
};
const MAC: Record<string, string> = {
  [OID.hmacSha1]: 'sha1',
  [OID.hmacWithSha1]: 'sha1',
  [OID.hmacWithSha256]: 'sha256',
  [OID.hmacWithSha384]: 'sha384',
  [OID.hmacWithSha512]: 'sha512',
};

/** Why these parameters are refused under LIMITS (unsupported algorithm, count or salt out of bounds), or undefined. */
export function pbmParameterProblem(p: PbmParameter, limits: PbmLimits = PBM_LIMITS): string | undefined {
  if (!OWF[p.owf.oid]) return `unsupported one-way function ${p.owf.oid}`;
  if (!MAC[p.mac.oid]) return `unsupported MAC algorithm ${p.mac.oid}`;
  if (p.iterationCount < limits.minIterations || p.iterationCount > limits.maxIterations)
    return `iterationCount ${p.iterationCount} outside ${limits.minIterations}..${limits.maxIterations}`;
  if (p.salt.length < limits.minSaltBytes || p.salt.length > limits.maxSaltBytes)
    return `salt of ${p.salt.length} bytes outside ${limits.minSaltBytes}..${limits.maxSaltBytes}`;
  return undefined;
}

/** Compute the PBM over `data`. Throws CmpDecodeError for parameters outside LIMITS, before any hashing. */
export function computePbm(
  p: PbmParameter,
  secret: Uint8Array,
  data: Uint8Array,
  limits: PbmLimits = PBM_LIMITS,
): Uint8Array {
  const problem = pbmParameterProblem(p, limits);
  if (problem) throw new CmpDecodeError(`PBM: ${problem}`);
  const owf = OWF[p.owf.oid];
  const mac = MAC[p.mac.oid];
  let key: Buffer = createHash(owf).update(secret).update(p.salt).digest();
  // One-shot hash(): several times faster than a Hash object per iteration.
  for (let i = 1; i < p.iterationCount; i++) key = hash(owf, key, 'buffer');
  return createHmac(mac, key).update(data).digest();
}

export function pbmEquals(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
