/**
 * Canonical display order (printers and diff sort through it, never through
 * Object.keys, because JS reorders integer-like keys): containers in schema
 * order (unknown keys after, lexical-numeric), list entries in user order
 * ("@order").
 */
import { isReservedKey, type ConfigObject } from './config-tree.js';

/** VyOS-style lexical-numeric compare: digit runs compare by value. */
export function lexicalNumericCompare(a: string, b: string): number {
  const re = /(\d+)|(\D+)/g;
  const pa = a.match(re) ?? [];
  const pb = b.match(re) ?? [];
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === y) continue;
    const nx = /^\d/.test(x);
    const ny = /^\d/.test(y);
    if (nx && ny) {
      const d = Number(x) - Number(y);
      if (d !== 0) return d;
    }
    return x < y ? -1 : 1;
  }
  return pa.length - pb.length;
}

/** The data keys of a container in schema order; keys the schema does not list come last. */
export function containerKeys(obj: ConfigObject, schemaOrder: readonly string[]): string[] {
  const out: string[] = [];
  for (const k of schemaOrder) if (obj[k] !== undefined) out.push(k);
  if (out.length === countData(obj)) return out;
  const known = new Set(schemaOrder);
  const rest = Object.keys(obj).filter((k) => !isReservedKey(k) && !known.has(k) && obj[k] !== undefined);
  rest.sort(lexicalNumericCompare);
  return out.concat(rest);
}

function countData(o: ConfigObject): number {
  let n = 0;
  for (const k in o) if (!isReservedKey(k) && o[k] !== undefined) n++;
  return n;
}
