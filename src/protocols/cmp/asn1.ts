/**
 * Small asn1js helpers shared by the CMP codec (RFC 4210 / RFC 4211). The
 * codec reads decoded asn1js blocks by hand, one type per file, and throws
 * `CmpDecodeError` on a shape it does not expect; `parsePkiMessage` catches it
 * at the top and turns it into a diagnostic, so it never leaves the codec.
 */
import * as asn1js from 'asn1js';

/** A malformed CMP structure. Caught by `parsePkiMessage`; never escapes the codec. */
export class CmpDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CmpDecodeError';
  }
}

const CONTEXT = 3;

/** Decode exactly one DER element; trailing bytes or a short buffer are errors. */
export function decodeDer(der: Uint8Array, what: string): asn1js.AsnType {
  const res = asn1js.fromBER(toArrayBuffer(der));
  if (res.offset === -1 || res.result.error)
    throw new CmpDecodeError(`${what}: not valid DER (${res.result.error || 'truncated'})`);
  if (res.offset !== der.length)
    throw new CmpDecodeError(`${what}: ${der.length - res.offset} trailing bytes after the DER value`);
  return res.result;
}

export function toArrayBuffer(u: Uint8Array): ArrayBuffer {
  return u.buffer.slice(u.byteOffset, u.byteOffset + u.byteLength) as ArrayBuffer;
}

/** The encoded bytes of a decoded block (exactly as received). */
export function rawOf(block: asn1js.AsnType): Uint8Array {
  return new Uint8Array(block.valueBeforeDecodeView);
}

/** DER of a block built with asn1js. */
export function derOf(block: asn1js.AsnType): Uint8Array {
  return new Uint8Array(block.toBER(false));
}

/**
 * A block that encodes as the given DER bytes, unchanged: embedding received
 * certificates or header bytes without decoding and re-encoding them (which
 * is slow and could alter non-canonical input).
 */
class RawDer extends asn1js.Sequence {
  constructor(private readonly raw: Uint8Array) {
    super();
  }

  override toBER(sizeOnly?: boolean, writer?: { write(buf: ArrayBuffer): void }): ArrayBuffer {
    const buf = sizeOnly ? new ArrayBuffer(this.raw.length) : toArrayBuffer(this.raw);
    writer?.write(buf);
    return buf;
  }
}

/** Re-embed previously encoded DER into an asn1js tree being built. */
export function fromRaw(der: Uint8Array): asn1js.AsnType {
  return new RawDer(der);
}

export function isContext(block: asn1js.AsnType, n: number): boolean {
  return block.idBlock.tagClass === CONTEXT && block.idBlock.tagNumber === n;
}

/** Children of a constructed block (SEQUENCE, SET or constructed context tag). */
export function children(block: asn1js.AsnType, what: string): asn1js.AsnType[] {
  if (!block.idBlock.isConstructed) throw new CmpDecodeError(`${what}: expected a constructed value`);
  return (block.valueBlock as unknown as { value: asn1js.AsnType[] }).value;
}

export function expectSequence(block: asn1js.AsnType | undefined, what: string): asn1js.AsnType[] {
  if (!(block instanceof asn1js.Sequence)) throw new CmpDecodeError(`${what}: expected a SEQUENCE`);
  return block.valueBlock.value;
}

/** The single inner value of an EXPLICIT context tag. */
export function explicitInner(block: asn1js.AsnType, what: string): asn1js.AsnType {
  const c = children(block, what);
  if (c.length !== 1) throw new CmpDecodeError(`${what}: explicit tag must hold exactly one value`);
  return c[0];
}

export function readInteger(block: asn1js.AsnType | undefined, what: string): number {
  if (!(block instanceof asn1js.Integer)) throw new CmpDecodeError(`${what}: expected an INTEGER`);
  // Computed from the bytes: asn1js's valueDec is not reliable for 4+ byte values.
  const b = block.valueBlock.valueHexView;
  if (b.length === 0 || b.length > 6) throw new CmpDecodeError(`${what}: INTEGER out of range`);
  let u = 0;
  for (const x of b) u = u * 256 + x;
  return b[0] & 0x80 ? u - 256 ** b.length : u;
}

export function readOctets(block: asn1js.AsnType | undefined, what: string): Uint8Array {
  if (block instanceof asn1js.OctetString) return new Uint8Array(block.valueBlock.valueHexView);
  throw new CmpDecodeError(`${what}: expected an OCTET STRING`);
}

/** Contents octets of a primitive value whatever its tag (IMPLICIT / EXPLICIT context tags). */
export function primitiveBytes(block: asn1js.AsnType, what: string): Uint8Array {
  if (block.idBlock.isConstructed) throw new CmpDecodeError(`${what}: expected a primitive value`);
  return new Uint8Array((block.valueBlock as unknown as { valueHexView: Uint8Array }).valueHexView);
}

export function readOid(block: asn1js.AsnType | undefined, what: string): string {
  if (!(block instanceof asn1js.ObjectIdentifier))
    throw new CmpDecodeError(`${what}: expected an OBJECT IDENTIFIER`);
  return block.valueBlock.toString();
}

/** BIT STRING contents with unused-bits count. */
export function readBitString(
  block: asn1js.AsnType | undefined,
  what: string,
): { bytes: Uint8Array; unusedBits: number } {
  if (!(block instanceof asn1js.BitString)) throw new CmpDecodeError(`${what}: expected a BIT STRING`);
  return { bytes: new Uint8Array(block.valueBlock.valueHexView), unusedBits: block.valueBlock.unusedBits };
}

export function readGeneralizedTime(block: asn1js.AsnType | undefined, what: string): Date {
  if (!(block instanceof asn1js.GeneralizedTime))
    throw new CmpDecodeError(`${what}: expected a GeneralizedTime`);
  return block.toDate();
}

export function readUtf8(block: asn1js.AsnType | undefined, what: string): string {
  if (block instanceof asn1js.Utf8String) return block.valueBlock.value;
  throw new CmpDecodeError(`${what}: expected a UTF8String`);
}

/** Build an EXPLICIT context tag [n] around one value. */
export function explicit(n: number, inner: asn1js.AsnType): asn1js.Constructed {
  return new asn1js.Constructed({ idBlock: { tagClass: CONTEXT, tagNumber: n }, value: [inner] });
}

/** IMPLICIT [n] of a constructed type: the children of `inner` under the context tag. */
export function implicitConstructed(n: number, values: asn1js.AsnType[]): asn1js.Constructed {
  return new asn1js.Constructed({ idBlock: { tagClass: CONTEXT, tagNumber: n }, value: values });
}

/** IMPLICIT [n] of a primitive type. */
export function implicitPrimitive(n: number, contents: Uint8Array): asn1js.Primitive {
  return new asn1js.Primitive({
    idBlock: { tagClass: CONTEXT, tagNumber: n },
    valueHex: toArrayBuffer(contents),
  });
}

/** DER-encoded universal SEQUENCE from the children of an IMPLICIT-tagged constructed block. */
export function untagToSequence(block: asn1js.AsnType, what: string): Uint8Array {
  return derOf(new asn1js.Sequence({ value: children(block, what).map((c) => fromRaw(rawOf(c))) }));
}

/** The children of a DER SEQUENCE, re-embeddable under another tag. */
export function sequenceChildren(der: Uint8Array, what: string): asn1js.AsnType[] {
  return expectSequence(decodeDer(der, what), what).map((c) => fromRaw(rawOf(c)));
}

export function integer(n: number): asn1js.Integer {
  return new asn1js.Integer({ value: n });
}

export function integerFromBytes(b: Uint8Array): asn1js.Integer {
  return new asn1js.Integer({ valueHex: toArrayBuffer(b) });
}

export function octets(b: Uint8Array): asn1js.OctetString {
  return new asn1js.OctetString({ valueHex: toArrayBuffer(b) });
}

export function bytesEqual(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.length === b.length && Buffer.from(a).equals(Buffer.from(b));
}

export function hex(b: Uint8Array): string {
  return Buffer.from(b).toString('hex');
}
