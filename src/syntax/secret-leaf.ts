/**
 * The value a secret leaf keeps: Junos stores `$9$` text, encrypting clear
 * text on the way in (secret.ts); the leaf's pattern (`hexadecimal`) is the
 * plain text's, so it is checked before encryption.
 */
import type { RefNode } from '../reftree/reftree.js';
import { decrypt9, encrypt9At, isEncrypted9 } from './secret.js';

/** The stored value of the secret leaf at path, or the message when its plain text breaks the pattern. */
export function storedSecret(
  leaf: RefNode,
  path: readonly string[],
  value: string,
): { readonly value: string } | { readonly error: string } {
  const plain = isEncrypted9(value) ? decrypt9(value)! : value;
  const bad = secretPatternError(leaf, plain);
  if (bad !== undefined) return { error: bad };
  return { value: isEncrypted9(value) ? value : encrypt9At(path, value) };
}

/** The x-pattern-message (or a generic message) when a secret's plain text breaks the leaf's pattern. */
function secretPatternError(leaf: RefNode, plain: string): string | undefined {
  const pattern = leaf.schema.pattern;
  if (typeof pattern !== 'string' || new RegExp(pattern, 'u').test(plain)) return undefined;
  const custom = leaf.schema['x-pattern-message'];
  return typeof custom === 'string' ? custom : `Must match regular expression '${pattern}'`;
}
