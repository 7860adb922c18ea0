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

/** DER encoding of one TLV (definite length). */
export function encodeTlv(tag: number, ...contents: readonly Uint8Array[]): Buffer {
  const body = Buffer.concat(contents);
  const n = body.length;
  const len =
    n < 0x80
      ? [n]
      : n < 0x100
        ? [0x81, n]
        : n < 0x10000
          ? [0x82, n >> 8, n & 0xff]
          : [0x83, n >> 16, (n >> 8) & 0xff, n & 0xff];
  return Buffer.concat([Buffer.from([tag, ...len]), body]);
}

/** OBJECT IDENTIFIER from dotted text. */
export function encodeOid(dotted: string): Buffer {
  const arcs = dotted.split('.').map(Number);
  const bytes: number[] = [];
  const push = (v: number): void => {
    const tmp = [v & 0x7f];
    for (v = Math.floor(v / 128); v > 0; v = Math.floor(v / 128)) tmp.unshift((v & 0x7f) | 0x80);
    bytes.push(...tmp);
  };
  push(arcs[0] * 40 + arcs[1]);
  for (const a of arcs.slice(2)) push(a);
  return encodeTlv(0x06, Buffer.from(bytes));
}

/** UTCTime YYMMDDHHMMSSZ (dates before 2050, RFC 5280 §4.1.2.5.1). */
export function encodeUtcTime(d: Date): Buffer {
  const p = (n: number): string => String(n).padStart(2, '0');
  const text = `${p(d.getUTCFullYear() % 100)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z`;
  return encodeTlv(0x17, Buffer.from(text, 'latin1'));
}
