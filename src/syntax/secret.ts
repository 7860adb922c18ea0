/**
 * Junos "type 9" secrets (`$9$...`): a reversible obfuscation, not encryption.
 * Re-implementation of the algorithm of the Perl module Crypt::Juniper (Kevin
 * Brintnall): a salt character, a number of random characters determined by
 * the salt's family, then each plaintext byte spread over 2-4 characters whose
 * distances in the alphabet encode it with a position-dependent weight table.
 */

import { createHmac } from 'node:crypto';

const MAGIC = '$9$';
const FAMILY = ['QzF3n6/9CAtpu0O', 'B1IREhcSyrleKvMW8LXx', '7N-dVbwsY2g4oaJZGUDj', 'iHkq.mPf5T'];
const EXTRA = new Map<string, number>();
FAMILY.forEach((f, i) => {
  for (const c of f) EXTRA.set(c, 3 - i);
});
const NUM_ALPHA = FAMILY.join('');
const ALPHA_NUM = new Map<string, number>([...NUM_ALPHA].map((c, i) => [c, i]));
const ENCODING = [
  [1, 4, 32],
  [1, 16, 32],
  [1, 8, 32],
  [1, 64],
  [1, 32],
  [1, 4, 16, 128],
  [1, 32, 64],
];
const VALID = new RegExp(`^\\$9\\$[${NUM_ALPHA.replace(/[-/.]/g, '\\$&')}]{4,}$`);

/** True if text looks like a `$9$` secret that decrypt9 can read. */
export function isEncrypted9(text: string): boolean {
  return VALID.test(text) && decrypt9(text) !== undefined;
}

const gap = (c1: string, c2: string): number =>
  ((((ALPHA_NUM.get(c2)! - ALPHA_NUM.get(c1)!) % NUM_ALPHA.length) + NUM_ALPHA.length) % NUM_ALPHA.length) -
  1;

/** The plain text of a `$9$` secret, or undefined if it is not one. */
export function decrypt9(text: string): string | undefined {
  if (!VALID.test(text)) return undefined;
  let chars = text.slice(MAGIC.length);
  const first = chars[0];
  chars = chars.slice(1);
  chars = chars.slice(EXTRA.get(first)!);
  let prev = first;
  const out: number[] = [];
  while (chars.length > 0) {
    const decode = ENCODING[out.length % ENCODING.length];
    if (chars.length < decode.length) return undefined;
    const nibble = chars.slice(0, decode.length);
    chars = chars.slice(decode.length);
    let num = 0;
    for (let i = 0; i < nibble.length; i++) {
      num += gap(prev, nibble[i]) * decode[i];
      prev = nibble[i];
    }
    out.push(num % 256);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(out));
  } catch {
    return undefined;
  }
}

/**
 * The `$9$` form of plain text. `random` picks the salt and filler characters
 * (default Math.random); pass a fixed one for reproducible output in tests.
 */
export function encrypt9(plain: string, random: () => number = Math.random): string {
  const pick = (): string => NUM_ALPHA[Math.floor(random() * NUM_ALPHA.length) % NUM_ALPHA.length];
  const salt = pick();
  let crypt = MAGIC + salt;
  for (let i = 0; i < EXTRA.get(salt)!; i++) crypt += pick();
  let prev = salt;
  const bytes = new TextEncoder().encode(plain);
  bytes.forEach((b, pos) => {
    const enc = ENCODING[pos % ENCODING.length];
    const gaps: number[] = [];
    let v = b;
    for (let x = enc.length - 1; x >= 0; x--) {
      gaps.unshift(Math.floor(v / enc[x]));
      v %= enc[x];
    }
    for (const g of gaps) {
      const c = NUM_ALPHA[(g + ALPHA_NUM.get(prev)! + 1) % NUM_ALPHA.length];
      crypt += c;
      prev = c;
    }
  });
  return crypt;
}

/**
 * The `$9$` form of plain text with salt and filler derived from the value
 * and its statement path (HMAC-SHA256 keyed by the path), so that parsing
 * the same configuration twice gives the same text: `convert` output and
 * `show | compare` settle, and setting a secret to the value it has is no
 * change. `$9$` is obfuscation, not encryption (anyone can decode it), so a
 * derived salt hides nothing that a random one would.
 */
export function encrypt9At(path: readonly string[], plain: string): string {
  const digest = createHmac('sha256', path.join(' ')).update(plain).digest();
  let i = 0;
  return encrypt9(plain, () => digest[i++ % digest.length] / 256);
}
