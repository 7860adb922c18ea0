/** PEM <-> DER (RFC 7468), tolerant of DER input where a file may be either. */

/** Wraps DER in a PEM block with 64-character lines. */
export function toPem(label: string, der: Uint8Array): string {
  const b64 = Buffer.from(der).toString('base64');
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

export interface PemBlock {
  readonly label: string;
  readonly der: Uint8Array;
}

/** Every PEM block in `text`, in order (malformed base64 yields no block). */
export function parsePemBlocks(text: string): PemBlock[] {
  const out: PemBlock[] = [];
  const re = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;
  for (const m of text.matchAll(re)) {
    const body = m[2].replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body) || body.length === 0 || body.length % 4 !== 0) continue;
    out.push({ label: m[1], der: new Uint8Array(Buffer.from(body, 'base64')) });
  }
  return out;
}

/**
 * The DER of the first block whose label is one of `labels`, or the bytes
 * themselves when they look like DER (a SEQUENCE); undefined otherwise.
 */
export function derFromFile(bytes: Uint8Array, labels: readonly string[]): Uint8Array | undefined {
  const text = Buffer.from(bytes).toString('latin1');
  // DER starts with a SEQUENCE tag; a text file may start with '0' (0x30) too.
  if (bytes.length > 2 && bytes[0] === 0x30 && !text.includes('-----BEGIN')) return bytes;
  const block = parsePemBlocks(text).find((b) => labels.includes(b.label));
  return block?.der;
}
