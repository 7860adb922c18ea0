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

/** RFC 4211 allows large counts; a hostile peer must not make us spin. */
export const MAX_PBM_ITERATIONS = 100_000;

export function pbmParameterFromSchema(block: asn1js.AsnType, what = 'PBMParameter'): PbmParameter {
  const c = expectSequence(block, what);
  if (c.length !== 4) throw new CmpDecodeError(`${what}: expected 4 fields`);
  return {
    salt: readOctets(c[0], `${what}.salt`),
    owf: algorithmIdentifierFromSchema(c[1], `${what}.owf`),
    iterationCount: readInteger(c[2], `${what}.iterationCount`),
    mac: algorithmIdentifierFromSchema(c[3], `${what}.mac`),
  };
}

export function pbmParameterToSchema(p: PbmParameter): asn1js.Sequence {
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

/** Compute the PBM over `data`. Throws CmpDecodeError for unsupported or abusive parameters. */
export function computePbm(p: PbmParameter, secret: Uint8Array, data: Uint8Array): Uint8Array {
  const owf = OWF[p.owf.oid];
  const mac = MAC[p.mac.oid];
  if (!owf) throw new CmpDecodeError(`PBM: unsupported one-way function ${p.owf.oid}`);
  if (!mac) throw new CmpDecodeError(`PBM: unsupported MAC algorithm ${p.mac.oid}`);
  if (p.iterationCount < 1 || p.iterationCount > MAX_PBM_ITERATIONS) {
    throw new CmpDecodeError(`PBM: iterationCount ${p.iterationCount} outside 1..${MAX_PBM_ITERATIONS}`);
  }
  let key: Buffer = createHash(owf).update(secret).update(p.salt).digest();
  // One-shot hash(): several times faster than a Hash object per iteration.
  for (let i = 1; i < p.iterationCount; i++) key = hash(owf, key, 'buffer');
  return createHmac(mac, key).update(data).digest();
}

export function pbmEquals(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
