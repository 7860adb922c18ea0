/**
 * Which CMP server and which CA certificates the CMP client believes: the one
 * place where a response's signer, its caPubs and the issued certificate are
 * judged (README "Trust model"; RFC 4210 §5.1.3, RFC 9483 §3.5 and §4.1.1).
 *
 * - A signature-protected response is accepted only from a trust anchor, a
 *   CA certificate, or a certificate issued for CMP (id-kp-cmcCA,
 *   id-kp-cmcRA, RFC 6402), each chaining to a trusted CA; never from an
 *   ordinary end entity of that CA, which anyone enrolled there holds.
 * - caPubs become trust anchors only when the response is MAC-protected with
 *   the shared secret of this request (the secret authenticates the CA), or
 *   when each of them verifies up to an anchor the device already trusts.
 *   extraCerts are outside the protection and are never installed as such.
 * - The issued certificate must verify, by signature, up to an anchor: the
 *   trusted CAs, plus the caPubs of a MAC-protected response. The certificates
 *   of that chain are what the caller stores.
 */
import { X509Certificate } from 'node:crypto';
import { chainToTrust } from './protection.js';

const CMC_CA = '1.3.6.1.5.5.7.3.27';
const CMC_RA = '1.3.6.1.5.5.7.3.28';

/** Why `signer` may not sign CMP responses, or undefined when it may (it already chains to `trusted`). */
export function signerRefusal(signer: Uint8Array, trusted: readonly Uint8Array[]): string | undefined {
  const x = new X509Certificate(signer);
  if (trusted.some((t) => Buffer.from(t).equals(x.raw))) return undefined;
  if (x.ca) return undefined;
  const eku = x.keyUsage ?? [];
  if (eku.includes(CMC_CA) || eku.includes(CMC_RA)) return undefined;
  return `CMP response is signed by '${x.subject.replace(/\n/g, ', ')}', an end-entity certificate that is neither the CA nor issued for CMP (id-kp-cmcRA/id-kp-cmcCA); refused`;
}

export interface ResponseTrustInput {
  /** How the response carrying the certificate was protected (verified). */
  readonly protectedBy: 'pbm' | 'signature';
  readonly certificate: Uint8Array;
  readonly caPubs: readonly Uint8Array[];
  readonly extraCerts: readonly Uint8Array[];
  readonly trusted: readonly Uint8Array[];
  readonly now: Date;
}

export interface ResponseTrust {
  /** CA certificates to store: the verified chain of the issued certificate, then accepted caPubs (no duplicates). */
  readonly caCertificates: readonly Uint8Array[];
  /** caPubs that were not believed (not installed). */
  readonly refusedCaPubs: readonly Uint8Array[];
}

/** Judges the issued certificate and the caPubs; a string says why the certificate is refused. */
export function judgeResponse(r: ResponseTrustInput): ResponseTrust | string {
  const isCa = (d: Uint8Array): boolean => {
    try {
      return new X509Certificate(d).ca;
    } catch {
      return false;
    }
  };
  const caPubs = r.caPubs.filter(isCa);
  const accepted =
    r.protectedBy === 'pbm'
      ? caPubs
      : caPubs.filter((c) => chainToTrust(c, [...r.caPubs, ...r.extraCerts], r.trusted, r.now) !== undefined);
  const anchors = [...r.trusted, ...accepted];
  const chain = chainToTrust(r.certificate, [...r.caPubs, ...r.extraCerts], anchors, r.now);
  if (!chain)
    return anchors.length === 0
      ? 'the new certificate cannot be verified: no trusted CA certificate is loaded and the response carries no caPubs under the shared secret'
      : 'the new certificate does not verify up to a trusted CA certificate';
  const out: Uint8Array[] = [];
  const add = (d: Uint8Array): void => {
    if (isCa(d) && !out.some((o) => Buffer.from(o).equals(Buffer.from(d)))) out.push(d);
  };
  chain.slice(1).forEach(add);
  accepted.forEach(add);
  return {
    caCertificates: out,
    refusedCaPubs: caPubs.filter((c) => !accepted.includes(c)),
  };
}
