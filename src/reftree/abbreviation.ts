/**
 * Junos abbreviation: a word names an item when it is the item's name or a
 * prefix of exactly one name (`sh sec pki` for `show security pki`, `pkicfg
 * req` for `pkicfg request`); a prefix of several is ambiguous. The command
 * words of `pkicfg` and of the operational commands resolve this way.
 */

export type Abbreviated<T> = { hit: T } | { ambiguous: T[] } | { none: true };

/** The item named WORD exactly, else the one item WORD is a prefix of. */
export function matchAbbreviation<T extends { readonly name: string }>(
  items: readonly T[],
  word: string,
): Abbreviated<T> {
  const exact = items.find((i) => i.name === word);
  if (exact) return { hit: exact };
  const pre = items.filter((i) => i.name.startsWith(word));
  if (pre.length === 1) return { hit: pre[0] };
  if (pre.length > 1) return { ambiguous: pre };
  return { none: true };
}
