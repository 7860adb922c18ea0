/**
 * The whole-device schema generated from Juniper's YANG (schemas/yang/, see
 * yang-format.ts), read lazily: the index at first use, each module's file
 * when one of its top-level statements is first looked up, and each node's
 * resolved children (own + groupings) when first asked. Nothing is compiled
 * at start-up, so a command that never looks at `interfaces` never reads it.
 *
 * Also the walk of words through the schema (yangStep) that validation uses,
 * with Junos CLI rules: list keys follow their list keyword (or stand alone
 * for `nokeyword` lists such as `interfaces <name>`), a `nokeyword` leaf takes a word that is no keyword,
 * `groups <name>` holds root-shaped configuration, and `apply-groups`,
 * `apply-groups-except` and `apply-macro` are accepted at every level.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { YangFile, YangFragment, YangIndex, YangNode, YangType } from './yang-format.js';

/** A schema node together with the file that resolves its groupings and types. */
export interface YangRef {
  readonly name: string;
  readonly node: YangNode;
  readonly file: YangFile;
}

/** The device family generated (schemas/yang/<family>/): junos-es, the SRX. */
export const YANG_FAMILIES = ['junos-es'] as const;

let baseCache: string | null | undefined;

function yangBase(): string | undefined {
  if (baseCache === undefined) {
    baseCache = null;
    let d = dirname(fileURLToPath(import.meta.url));
    for (;;) {
      const f = join(d, 'schemas', 'yang');
      if (existsSync(join(f, YANG_FAMILIES[0], 'index.json'))) {
        baseCache = f;
        break;
      }
      const up = dirname(d);
      if (up === d) break;
      d = up;
    }
  }
  return baseCache ?? undefined;
}

/** The generated schema of one device family: its index, and its module files read on first use. */
export class YangSchema {
  private readonly files = new Map<string, YangFile>();

  constructor(
    readonly family: string,
    readonly index: YangIndex,
    private readonly dir: string,
  ) {}

  private file(name: string): YangFile {
    let f = this.files.get(name);
    if (!f) {
      f = JSON.parse(readFileSync(join(this.dir, name), 'utf8')) as YangFile;
      this.files.set(name, f);
    }
    return f;
  }

  /** The top-level statement `word`, 'unchecked' for a module that could not be read, or undefined. */
  top(word: string): YangRef | 'unchecked' | undefined {
    const tops = this.index.tops;
    const fname = Object.prototype.hasOwnProperty.call(tops, word) ? tops[word] : undefined;
    if (fname === undefined) return this.index.unchecked.includes(word) ? 'unchecked' : undefined;
    const file = this.file(fname);
    return { name: word, node: file.tops[word], file };
  }

  /** The top-level keywords (for help and suggestions). */
  topKeywords(): readonly string[] {
    return [...Object.keys(this.index.tops), ...this.index.unchecked];
  }
}

const schemas = new Map<string, YangSchema | null>();

/** The generated schema of a family (default: the primary one), or undefined when the project has none. */
export function yangSchema(family: string = YANG_FAMILIES[0]): YangSchema | undefined {
  let s = schemas.get(family);
  if (s === undefined) {
    const base = yangBase();
    const dir = base && join(base, family);
    s =
      dir && existsSync(join(dir, 'index.json'))
        ? new YangSchema(family, JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as YangIndex, dir)
        : null;
    schemas.set(family, s);
  }
  return s ?? undefined;
}

const childCache = new WeakMap<YangNode, ReadonlyMap<string, YangNode>>();

function addFragment(out: Map<string, YangNode>, f: YangFragment, file: YangFile, depth: number): void {
  if (depth > 64) return;
  for (const [k, v] of Object.entries(f.c ?? {})) if (!out.has(k)) out.set(k, v);
  for (const g of f.u ?? []) {
    const d = file.defs[g];
    if (d) addFragment(out, d, file, depth + 1);
  }
}

/** The children of a container or list entry: its own, then those of its groupings, in YANG order. */
export function yangChildren(ref: YangRef): ReadonlyMap<string, YangNode> {
  let m = childCache.get(ref.node);
  if (!m) {
    const out = new Map<string, YangNode>();
    addFragment(out, ref.node, ref.file, 0);
    childCache.set(ref.node, out);
    m = out;
  }
  return m;
}

/** The child `word` of a container or list entry. */
export function yangChild(ref: YangRef, word: string): YangRef | undefined {
  const n = yangChildren(ref).get(word);
  return n ? { name: word, node: n, file: ref.file } : undefined;
}

/** The type of a leaf or leaf-list. */
export function yangType(ref: YangRef): YangType | undefined {
  return ref.node.t === undefined ? undefined : ref.file.types[ref.node.t];
}

const INT_BOUNDS: Readonly<Record<string, readonly [bigint, bigint]>> = {
  int8: [-128n, 127n],
  int16: [-32768n, 32767n],
  int32: [-2147483648n, 2147483647n],
  int64: [-9223372036854775808n, 9223372036854775807n],
  uint8: [0n, 255n],
  uint16: [0n, 65535n],
  uint32: [0n, 4294967295n],
  uint64: [0n, 18446744073709551615n],
};

/** What is wrong with a value, in Junos words; undefined when it fits (or cannot be judged with certainty). */
export interface ValueProblem {
  readonly code: 'INVALID_VALUE' | 'VALUE_OUT_OF_RANGE';
  readonly message: string;
}

function inRanges(v: bigint, spec: string, lo: bigint, hi: bigint): boolean {
  for (const part of spec.split('|')) {
    const [a, b] = part.split('..').map((s) => s.trim());
    const num = (s: string, dflt: bigint): bigint | undefined =>
      s === 'min'
        ? lo
        : s === 'max'
          ? hi
          : /^-?\d+$/.test(s)
            ? BigInt(s)
            : s === undefined
              ? dflt
              : undefined;
    const x = num(a, lo);
    const y = b === undefined ? x : num(b, hi);
    // a range this reader does not understand (decimals) is taken as satisfied
    if (x === undefined || y === undefined) return true;
    if (v >= x && v <= y) return true;
  }
  return false;
}

/**
 * Checks one value against a type where the check is certain: enumerations,
 * integers (numeric, built-in bounds, `range`) and string `length`. Patterns are
 * not checked (XSD and POSIX dialects; a wrong translation would reject valid
 * configurations). Group wildcards (`<*>`) and variables (`$junos-...`) always fit.
 */
export function checkYangValue(file: YangFile, t: YangType, value: string): ValueProblem | undefined {
  if (value.startsWith('$') || (value.startsWith('<') && value.endsWith('>'))) return undefined;
  switch (t.b) {
    case 'enumeration':
      if (t.e && !t.e.includes(value))
        return { code: 'INVALID_VALUE', message: `syntax error, expecting one of: ${t.e.join(' ')}` };
      return undefined;
    case 'union': {
      let problem: ValueProblem | undefined;
      for (const i of t.u ?? []) {
        const m = file.types[i];
        const p = checkYangValue(file, m, value);
        if (!p) return undefined;
        // the message of the member that says what the value should be, not of the wildcard member
        if (!problem || !onlyWildcards(m)) problem = p;
      }
      return problem;
    }
    case 'string': {
      // `<.*>|$.*`: the member of a union that admits group wildcards and variables, nothing else
      if (onlyWildcards(t)) return { code: 'INVALID_VALUE', message: `Invalid value: '${value}'` };
      if (t.len) {
        const n = [...value].length;
        if (!inRanges(BigInt(n), t.len, 0n, 1n << 62n)) {
          const m = /^\s*(\d+)\s*\.\.\s*(\d+)\s*$/.exec(t.len);
          return {
            code: 'INVALID_VALUE',
            message: m
              ? m[1] === '1' || m[1] === '0'
                ? `Must be string of ${m[2]} characters or less`
                : `Must be string of ${m[1]} to ${m[2]} characters`
              : `Length of '${value}' is not within ${t.len}`,
          };
        }
      }
      return undefined;
    }
    default: {
      const b = INT_BOUNDS[t.b];
      if (!b) return undefined;
      if (!/^-?\d+$/.test(value))
        return { code: 'INVALID_VALUE', message: `Invalid numeric value: '${value}'` };
      const v = BigInt(value);
      if (v < b[0] || v > b[1] || (t.r !== undefined && !inRanges(v, t.r, b[0], b[1])))
        return {
          code: 'VALUE_OUT_OF_RANGE',
          message: `Value ${value} is not within range (${(t.r ?? `${b[0]} .. ${b[1]}`).replace(/\s+/g, '')})`,
        };
      return undefined;
    }
  }
}

/** A string type whose pattern admits only `<wildcard>` and `$variable` values. */
export function onlyWildcards(t: YangType): boolean {
  return t.b === 'string' && t.p !== undefined && t.p.includes(WILDCARD_PATTERN);
}

const WILDCARD_PATTERN = '<.*>|$.*';

/** Whether a word can be the value of a `nokeyword` leaf or list key (an enumeration must contain it). */
function yangAccepts(file: YangFile, t: YangType | undefined, word: string): boolean {
  if (!t) return true;
  if (t.b === 'enumeration') return checkYangValue(file, t, word) === undefined;
  if (t.b === 'union') return (t.u ?? []).some((i) => yangAccepts(file, file.types[i], word));
  return checkYangValue(file, t, word) === undefined;
}

/** Statements Junos allows at every level (junos-cli.md §8), whether or not the YANG of that level lists them. */
export const EVERYWHERE: ReadonlySet<string> = new Set([
  'apply-groups',
  'apply-groups-except',
  'apply-macro',
]);

/**
 * Where a walk of words stands:
 * - `root` / `scope`: at the configuration root / in a container or list entry, expecting a keyword;
 * - `key`: after a list keyword, expecting key number `i` (`named`: its keyword was just read);
 * - `value`: expecting the value of the leaf or leaf-list `ref`, then back to `back`;
 * - `group`: after `groups`, expecting a group name;
 * - `any`: inside something not checked (an unchecked module, `apply-macro`): every word fits.
 */
export type YangState =
  | { readonly s: 'root'; readonly schema: YangSchema }
  | { readonly s: 'scope'; readonly ref: YangRef }
  | { readonly s: 'key'; readonly list: YangRef; readonly i: number; readonly named: boolean }
  | { readonly s: 'value'; readonly ref: YangRef; readonly back: YangState }
  | { readonly s: 'group'; readonly schema: YangSchema }
  | { readonly s: 'any' };

/** One step of a walk: the next state, or why the word does not fit. */
export type YangStepResult =
  | {
      readonly ok: true;
      readonly state: YangState;
      /** The word was the value of this leaf / list key (for value checks and secrets). */
      readonly valueFor?: YangRef;
    }
  | { readonly ok: false; readonly expecting: 'statement' | 'value'; readonly candidates: readonly string[] };

/** The start of a walk: the configuration root of a family's schema. */
export function yangRoot(schema: YangSchema): YangState {
  return { s: 'root', schema };
}

function keyRef(list: YangRef, i: number): YangRef | undefined {
  const k = list.node.key?.[i];
  return k === undefined ? undefined : yangChild(list, k);
}

function afterKey(list: YangRef, i: number): YangState {
  return i + 1 >= (list.node.key?.length ?? 0)
    ? { s: 'scope', ref: list }
    : { s: 'key', list, i: i + 1, named: false };
}

function enter(child: YangRef, scope: YangState): YangState {
  switch (child.node.k) {
    case 'c':
      return { s: 'scope', ref: child };
    case 'l':
      // entries of a list with pseudo-keys are not checked: their spelling is not in the YANG
      return child.node.ck ? { s: 'any' } : { s: 'key', list: child, i: 0, named: false };
    case 'e':
      return scope;
    default:
      return { s: 'value', ref: child, back: scope };
  }
}

/** Values of a leaf-list written `[ a b ]`, or the one word. */
export function listValues(word: string): string[] {
  if (!word.startsWith('[')) return [word];
  return word
    .replace(/^\[\s*/, '')
    .replace(/\s*\]$/, '')
    .split(/\s+/)
    .filter((w) => w.length > 0);
}

/** Advances a walk by one word (quotes already removed). */
export function yangStep(state: YangState, word: string): YangStepResult {
  switch (state.s) {
    case 'any':
      return { ok: true, state };
    case 'group':
      return { ok: true, state: { s: 'root', schema: state.schema } };
    case 'value':
      return { ok: true, state: state.back, valueFor: state.ref };
    case 'key': {
      const list = state.list;
      const k = keyRef(list, state.i);
      if (!k) return { ok: true, state: { s: 'scope', ref: list } };
      const kw = list.node.kw?.[state.i] ?? k.name;
      // a key leaf written with its keyword (`neighbor-id 10.0.0.1`, `to-zone untrust`)
      if (!state.named && word === kw && (state.i > 0 || !k.node.nk))
        return { ok: true, state: { ...state, named: true } };
      return { ok: true, state: afterKey(list, state.i), valueFor: k };
    }
    case 'root':
    case 'scope': {
      if (EVERYWHERE.has(word)) {
        if (word === 'apply-macro') return { ok: true, state: { s: 'any' } };
        return { ok: true, state: { s: 'value', ref: APPLY_GROUPS, back: state } };
      }
      if (state.s === 'root') {
        if (word === 'groups') return { ok: true, state: { s: 'group', schema: state.schema } };
        const top = state.schema.top(word);
        if (top === 'unchecked') return { ok: true, state: { s: 'any' } };
        if (top) return { ok: true, state: enter(top, state) };
        return { ok: false, expecting: 'statement', candidates: ['groups', ...state.schema.topKeywords()] };
      }
      const ref = state.ref;
      // inside a list entry its keys were given with the entry: they are no statements of it
      const keys = ref.node.k === 'l' ? ref.node.key : undefined;
      const c = keys?.includes(word) ? undefined : yangChild(ref, word);
      if (c) return { ok: true, state: enter(c, state) };
      // a word that is no keyword: the value of a `nokeyword` leaf, or the name of a `nokeyword` list's entry
      for (const [name, n] of yangChildren(ref)) {
        if (!n.nk || keys?.includes(name)) continue;
        const child: YangRef = { name, node: n, file: ref.file };
        if (n.k === 'l') {
          const k = keyRef(child, 0);
          if (k && yangAccepts(ref.file, yangType(k), word))
            return { ok: true, state: n.ck ? { s: 'any' } : afterKey(child, 0), valueFor: k };
        } else if (n.k === 'v' || n.k === 'll') {
          if (yangAccepts(ref.file, yangType(child), word)) return { ok: true, state, valueFor: child };
        }
      }
      return {
        ok: false,
        expecting: 'statement',
        candidates: [...yangChildren(ref).keys()].filter((k) => !keys?.includes(k)),
      };
    }
  }
}

const APPLY_GROUPS: YangRef = {
  name: 'apply-groups',
  node: { k: 'll', t: 0 },
  file: { module: '', tops: {}, defs: {}, types: [{ b: 'string' }] },
};
