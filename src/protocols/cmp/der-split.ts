/**
 * A minimal DER element splitter: tag, length and the bytes of each element,
 * without decoding the contents. The codec uses it where a message carries
 * certificates it only passes on as bytes (caPubs, extraCerts, the issued
 * certificate): decoding a 5 KB ip with asn1js spends most of its time in
 * the certificates, which pkijs or node:crypto parse later anyway.
 */
import { CmpDecodeError } from './asn1.js';

export interface DerElement {
  /** The identifier octet (single-octet tags only; CMP needs no others). */
  readonly tag: number;
  /** The whole element, identifier and length included. */
  readonly der: Uint8Array;
  /** The contents octets. */
  readonly contents: Uint8Array;
}

/** The element starting at `offset` of `buf`. */
function derElementAt(buf: Uint8Array, offset: number, what: string): DerElement {
  if (offset + 2 > buf.length) throw new CmpDecodeError(`${what}: not valid DER (truncated)`);
  const tag = buf[offset];
  if ((tag & 0x1f) === 0x1f) throw new CmpDecodeError(`${what}: multi-octet tags are not supported`);
  let p = offset + 1;
  let len = buf[p++];
  if (len === 0x80) throw new CmpDecodeError(`${what}: indefinite length is not DER`);
  if (len > 0x80) {
    const n = len & 0x7f;
    if (n > 4 || p + n > buf.length) throw new CmpDecodeError(`${what}: not valid DER (bad length)`);
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[p++];
  }
  if (p + len > buf.length) throw new CmpDecodeError(`${what}: not valid DER (truncated)`);
  return { tag, der: buf.subarray(offset, p + len), contents: buf.subarray(p, p + len) };
}

/** The single element filling `buf` exactly. */
export function derElement(buf: Uint8Array, what: string): DerElement {
  const e = derElementAt(buf, 0, what);
  if (e.der.length !== buf.length)
    throw new CmpDecodeError(`${what}: ${buf.length - e.der.length} trailing bytes after the DER value`);
  return e;
}

/** The elements inside a constructed element's contents. */
export function derChildren(e: DerElement, what: string): DerElement[] {
  if (!(e.tag & 0x20)) throw new CmpDecodeError(`${what}: expected a constructed value`);
  const out: DerElement[] = [];
  for (let p = 0; p < e.contents.length;) {
    const c = derElementAt(e.contents, p, what);
    out.push(c);
    p += c.der.length;
  }
  return out;
}

/** A copy (the caller may keep it after the input buffer is reused). */
export function copyOf(b: Uint8Array): Uint8Array {
  return new Uint8Array(b);
}
