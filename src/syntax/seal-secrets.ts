/**
 * Secrets of unmodelled hierarchies (`protocols bgp group G authentication-key
 * X`, `system radius-server S secret X`, ...) stored as Junos stores them:
 * `"$9$..."` with `## SECRET-DATA`, whatever format they came in. Which words
 * are secrets is secret-words.ts's answer; a value already in `$9$` form is
 * kept as written.
 */
import type { OpaqueStatement } from '../tree/config-tree.js';
import type { Reftree } from '../reftree/reftree.js';
import { unquote } from '../../grammar/lexer.js';
import { encrypt9At } from './secret.js';
import { defaultSecretTable, secretWordIndices } from './secret-words.js';
import { SECRET_DATA } from './opaque-list.js';
import { quote } from './words.js';

const plainOf = (raw: string): string => (raw.startsWith('"') ? unquote(raw) : raw);

/** The raw words with secret values (by their path from the root) in `$9$` form; the same array if none. */
function seal(context: readonly string[], raw: readonly string[], rt: Reftree): readonly string[] {
  // most statements hold no secret keyword at all: no path array for them
  const leaves = defaultSecretTable().byLeaf;
  let some = false;
  for (let k = 0; k + 1 < raw.length && !some; k++) some = leaves.has(raw[k]);
  if (!some) return raw;
  const full = [...context, ...raw.map(plainOf)];
  let out: string[] | undefined;
  for (const ix of secretWordIndices(full, { rt })) {
    const j = ix - context.length;
    if (j < 0 || raw[j].startsWith('[')) continue;
    const plain = full[ix];
    // `$9$...` is kept as written, readable or not (device samples carry made-up ones)
    if (plain.startsWith('$9$')) continue;
    out ??= raw.slice();
    out[j] = quote(encrypt9At(full.slice(0, ix), plain));
  }
  return out ?? raw;
}

/** Set-line words (raw) of an unmodelled statement under the container at containerPath, sealed. */
export function sealOpaqueWords(
  containerPath: readonly string[],
  words: readonly string[],
  rt: Reftree,
): readonly string[] {
  return seal(containerPath, words, rt);
}

/** A curly (or JSON) unmodelled statement and its children, sealed; the same object if nothing changed. */
export function sealOpaqueStatement(
  context: readonly string[],
  stmt: OpaqueStatement,
  rt: Reftree,
): OpaqueStatement {
  const words = seal(context, stmt.words, rt);
  let children = stmt.children;
  if (children) {
    const inner = [...context, ...stmt.words.map(plainOf)];
    const sealed = children.map((c) => sealOpaqueStatement(inner, c, rt));
    if (sealed.some((c, k) => c !== children![k])) children = sealed;
  }
  if (words === stmt.words && children === stmt.children) return stmt;
  return {
    ...stmt,
    words,
    ...(children ? { children } : {}),
    ...(words !== stmt.words && stmt.trailing === undefined ? { trailing: SECRET_DATA } : {}),
  };
}
