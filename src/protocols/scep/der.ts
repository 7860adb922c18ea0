/**
 * A minimal DER walker (tag, length, offsets; no value decoding). asn1js +
 * pkijs schema matching dominate SCEP's CPU time (decoding one CertRep with
 * them costs more than the RSA operations), so hot paths split structures
 * with this walker and hand only small pieces to asn1js. Anything it does not
 * handle (indefinite lengths, high tag numbers, lengths over 4 bytes) returns
 * undefined, and callers fall back to the full asn1js/pkijs decoder.
 */

/** One TLV: `tag` is the identifier octet; value is b[headerEnd, end). */
export interface Tlv {
  readonly tag: number;
  readonly start: number;
  readonly headerEnd: number;
  readonly end: number;
}

export function readTlv(b: Uint8Array, off: number, limit: number): Tlv | undefined {
  if (off + 2 > limit) return undefined;
  const tag = b[off];
  if ((tag & 0x1f) === 0x1f) return undefined;
  let p = off + 1;
  let len = b[p++];
  if (len === 0x80) return undefined;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n > 4 || p + n > limit) return undefined;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + b[p++];
  }
  if (p + len > limit) return undefined;
  return { tag, start: off, headerEnd: p, end: p + len };
}

/** The TLVs inside a constructed TLV; undefined when they do not tile it exactly. */
export function childrenOf(b: Uint8Array, t: Tlv): Tlv[] | undefined {
  const out: Tlv[] = [];
  let p = t.headerEnd;
  while (p < t.end) {
    const c = readTlv(b, p, t.end);
    if (!c) return undefined;
    out.push(c);
    p = c.end;
  }
  return out;
}

/** The whole encoding of a TLV. */
export function tlvBytes(b: Uint8Array, t: Tlv): Buffer {
  return Buffer.from(b.buffer, b.byteOffset + t.start, t.end - t.start);
}

/** The value of a TLV. */
export function tlvValue(b: Uint8Array, t: Tlv): Buffer {
  return Buffer.from(b.buffer, b.byteOffset + t.headerEnd, t.end - t.headerEnd);
}

/** Dotted form of an OBJECT IDENTIFIER TLV (tag 0x06). */
export function oidOf(b: Uint8Array, t: Tlv): string | undefined {
  if (t.tag !== 0x06 || t.end === t.headerEnd) return undefined;
  const parts: number[] = [];
  let v = 0;
  for (let i = t.headerEnd; i < t.end; i++) {
    v = v * 128 + (b[i] & 0x7f);
    if (!(b[i] & 0x80)) {
      if (parts.length === 0) parts.push(v < 80 ? Math.floor(v / 40) : 2, v < 80 ? v % 40 : v - 80);
      else parts.push(v);
      v = 0;
    }
  }
  return parts.join('.');
}
