/**
 * Message protection (RFC 4210 §5.1.3): PBM with a shared secret
 * (§5.1.3.1) or a signature with the sender's key (§5.1.3.3), both over the
 * DER of ProtectedPart. Verification of a signature also checks that the
 * signing certificate chains to one of the given trust anchors.
 */
import { createPublicKey, sign, verify, X509Certificate, type KeyObject } from 'node:crypto';
import type { Diagnostic } from '../../diag/diagnostic.js';
import { bytesEqual, CmpDecodeError } from './asn1.js';
import {
  OID,
  signatureAlgorithmFor,
  signatureHash,
  type AlgorithmIdentifier,
} from './algorithm-identifier.js';
import { cmpDiagnostic, type CmpCode } from './cmp-diagnostic.js';
import {
  computePbm,
  defaultPbmParameter,
  pbmAlgorithm,
  pbmEquals,
  pbmParameterFromAlgorithm,
  type PbmLimits,
} from './pbm-parameter.js';
import { buildProtectedPart, type ParsedPkiMessage, type PkiMessage } from './pki-message.js';
import type { PkiHeader } from './pki-header.js';
import type { PkiBody } from './pki-body.js';

/** How to protect an outgoing message. */
export type Protection =
  | {
      readonly kind: 'pbm';
      /** senderKID, e.g. Junos ca-reference */ readonly reference: Uint8Array;
      readonly secret: Uint8Array;
    }
  | {
      readonly kind: 'signature';
      readonly key: KeyObject;
      /** DER of the signer's certificate (sent first in extraCerts). */
      readonly cert: Uint8Array;
      /** More certificates to send (the signer's chain). */
      readonly chain?: readonly Uint8Array[];
    };

/** How to check an incoming message's protection. */
export interface ProtectionCheck {
  /** Shared secret for PBM responses; PBM is refused when absent. */
  readonly secret?: Uint8Array;
  /** Trust anchors (DER) for signature-protected messages. */
  readonly trusted: readonly Uint8Array[];
  /** Untrusted intermediates (DER) that may complete a chain, besides extraCerts. */
  readonly untrusted?: readonly Uint8Array[];
  readonly now: Date;
  /** Bounds on the peer's PBM parameters (default PBM_LIMITS, OpenSSL's). */
  readonly pbmLimits?: PbmLimits;
}

/** Add protectionAlg/senderKID to the header and protect the message. */
export function protectMessage(
  header: PkiHeader,
  body: PkiBody,
  p: Protection,
  extraCerts: readonly Uint8Array[] = [],
): PkiMessage {
  if (p.kind === 'pbm') {
    const h: PkiHeader = {
      ...header,
      protectionAlg: pbmAlgorithm(defaultPbmParameter()),
      senderKID: p.reference,
    };
    const protection = computePbm(
      pbmParameterFromAlgorithm(h.protectionAlg!),
      p.secret,
      buildProtectedPart(h, body),
    );
    return { header: h, body, protection, ...(extraCerts.length ? { extraCerts } : {}) };
  }

  const alg = signatureAlgorithmFor(p.key.asymmetricKeyType);
  const ski = subjectKeyIdentifier(p.cert);
  const h: PkiHeader = { ...header, protectionAlg: alg, ...(ski ? { senderKID: ski } : {}) };
  const protection = sign(signatureHash(alg.oid)!, buildProtectedPart(h, body), p.key);
  return { header: h, body, protection, extraCerts: [p.cert, ...(p.chain ?? []), ...extraCerts] };
}

type ProtectionResult =
  | { readonly kind: 'pbm' }
  | { readonly kind: 'signature'; /** DER of the verified signer certificate */ readonly signer: Uint8Array };

type Checked = { value?: ProtectionResult; diagnostic?: Diagnostic };

function refused(code: CmpCode, message: string): Checked {
  return { diagnostic: cmpDiagnostic(code, message) };
}

/** Verify a received message's protection. Returns a diagnostic when it does not verify. */
export function checkProtection(m: ParsedPkiMessage, check: ProtectionCheck): Checked {
  const alg = m.header.protectionAlg;
  if (!alg || !m.protection) return refused('CMP_UNPROTECTED', 'CMP response is not protected; refused.');
  if (alg.oid === OID.passwordBasedMac) return checkPbm(m, alg, m.protection, check);
  return checkSignature(m, alg, m.protection, check);
}

/** A PBM protection (§5.1.3.1): recomputed with the shared secret, within the PBM limits. */
function checkPbm(
  m: ParsedPkiMessage,
  alg: AlgorithmIdentifier,
  protection: Uint8Array,
  check: ProtectionCheck,
): Checked {
  if (!check.secret)
    return refused(
      'CMP_BAD_PROTECTION',
      'CMP response is protected by a PBM, but no shared secret is configured.',
    );
  try {
    const mac = computePbm(pbmParameterFromAlgorithm(alg), check.secret, m.protectedPart, check.pbmLimits);
    if (!pbmEquals(mac, protection)) {
      return refused(
        'CMP_BAD_PROTECTION',
        'CMP response PBM protection does not verify (wrong ca-secret, or the message was altered).',
      );
    }
    return { value: { kind: 'pbm' } };
  } catch (e) {
    if (e instanceof CmpDecodeError)
      return refused('CMP_BAD_PROTECTION', `CMP response PBM protection unusable: ${e.message}`);
    throw e;
  }
}

/**
 * A signature protection (§5.1.3.3): made by the key of a certificate in
 * extraCerts (the one senderKID names, when given), which must chain to a
 * trust anchor.
 */
function checkSignature(
  m: ParsedPkiMessage,
  alg: AlgorithmIdentifier,
  protection: Uint8Array,
  check: ProtectionCheck,
): Checked {
  const hash = signatureHash(alg.oid);
  if (!hash)
    return refused('CMP_BAD_PROTECTION', `CMP response protection algorithm ${alg.oid} is not supported.`);
  const candidates = (m.extraCerts ?? []).filter((der) => {
    if (m.header.senderKID) return bytesEqual(subjectKeyIdentifier(der), m.header.senderKID);
    return true;
  });
  for (const der of candidates) {
    let ok = false;
    try {
      ok = verify(
        hash,
        m.protectedPart,
        createPublicKey(new X509Certificate(der).publicKey.export({ format: 'pem', type: 'spki' })),
        protection,
      );
    } catch {
      ok = false;
    }
    if (!ok) continue;
    const chain = chainToTrust(
      der,
      [...(m.extraCerts ?? []), ...(check.untrusted ?? [])],
      check.trusted,
      check.now,
    );
    if (!chain) {
      return refused(
        'CMP_UNTRUSTED_SIGNER',
        `CMP response is signed by '${new X509Certificate(der).subject.replace(/\n/g, ', ')}', which does not chain to a trusted CA certificate.`,
      );
    }
    return { value: { kind: 'signature', signer: der } };
  }
  return refused(
    'CMP_BAD_PROTECTION',
    'CMP response signature does not verify with any certificate in extraCerts.',
  );
}

/**
 * Build a chain from `leaf` up to one of `trusted` using `pool`; returns the
 * chain (leaf first, anchor last) or undefined. Checks signatures and validity.
 */
export function chainToTrust(
  leaf: Uint8Array,
  pool: readonly Uint8Array[],
  trusted: readonly Uint8Array[],
  now: Date,
): Uint8Array[] | undefined {
  const anchors = trusted.map((d) => new X509Certificate(d));
  const inter = pool.map((d) => ({ der: d, x: new X509Certificate(d) }));
  const valid = (x: X509Certificate) => new Date(x.validFrom) <= now && now <= new Date(x.validTo);
  let cur = { der: leaf, x: new X509Certificate(leaf) };
  const chain: Uint8Array[] = [leaf];
  for (let depth = 0; depth < 10; depth++) {
    if (!valid(cur.x)) return undefined;
    const anchor = anchors.find(
      (a) => (a.raw.equals(cur.x.raw) || (cur.x.checkIssued(a) && cur.x.verify(a.publicKey))) && valid(a),
    );
    if (anchor) {
      if (!anchor.raw.equals(cur.x.raw)) chain.push(new Uint8Array(anchor.raw));
      return chain;
    }
    const next = inter.find(
      (c) => !c.x.raw.equals(cur.x.raw) && cur.x.checkIssued(c.x) && cur.x.verify(c.x.publicKey),
    );
    if (!next) return undefined;
    chain.push(next.der);
    cur = next;
  }
  return undefined;
}

/** The subjectKeyIdentifier extension value of a certificate, if present. */
function subjectKeyIdentifier(der: Uint8Array): Uint8Array | undefined {
  // 2.5.29.14 followed by OCTET STRING wrapping OCTET STRING (keyIdentifier)
  const oid = Buffer.from([0x06, 0x03, 0x55, 0x1d, 0x0e]);
  const buf = Buffer.from(der);
  const at = buf.indexOf(oid);
  if (at < 0) return undefined;
  let p = at + oid.length;
  if (buf[p] === 0x01) p += 3; // critical BOOLEAN
  if (buf[p] !== 0x04) return undefined;
  p += 2;
  if (buf[p] !== 0x04) return undefined;
  const len = buf[p + 1];
  return new Uint8Array(buf.subarray(p + 2, p + 2 + len));
}
