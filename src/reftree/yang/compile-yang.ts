/**
 * Juniper's YANG configuration modules (junos-es `conf-with-extensions`: the
 * SRX family, with the `junos:` CLI features) turned into the compact files of
 * yang-format.ts. Groupings stay shared definitions (`uses` is a reference, not
 * a copy), choice/case members are flattened into their parent, and only
 * structural facts are kept (no description text). Deterministic: the same
 * modules always give the same bytes.
 *
 * Junos quirks handled here:
 * - `security policies`: the YANG list `policy` (keys `from-zone-name`,
 *   `to-zone-name`) is written `from-zone <a> to-zone <b>` in the CLI (a DDL
 *   alias the YANG does not carry), so it is emitted under that keyword.
 * - CLI keywords that differ from the YANG name (CLI_ALIASES): both are emitted.
 * - `config false` nodes and `status obsolete` nodes are left out.
 * - the `groups` list of the root module is not emitted: group contents are
 *   root-shaped, which the reader knows.
 */
import type { YangFile, YangFragment, YangIndex, YangNode, YangType } from '../yang-format.js';
import { parseYang, type YangStatement } from './parse-yang.js';

/** One YANG file: its name (for messages) and its text. */
export interface YangSource {
  readonly name: string;
  readonly text: string;
  /** The module already parsed (and given borrowed extensions, borrow-extensions.ts): `text` is then unused. */
  readonly statement?: YangStatement;
}

export interface CompileInput {
  /** The configuration modules (`junos-es-conf-*.yang`). */
  readonly modules: readonly YangSource[];
  /** `junos-common-types` (typedefs of `jt:`). */
  readonly commonTypes: YangSource;
  /** Top-level keywords of modules that exist but could not be read (too large to fetch ...). */
  readonly unreadable?: readonly string[];
  /** Where the modules come from, recorded in the index. */
  readonly source: string;
}

export interface CompileOutput {
  readonly index: YangIndex;
  /** File name -> content. */
  readonly files: ReadonlyMap<string, YangFile>;
}

/**
 * YANG names the Junos CLI spells otherwise: `ether-options 802.3ad ae0` (a YANG
 * identifier cannot start with a digit), `member-range ge-0/0/0 to ge-0/0/23`,
 * and the `match` of a `security nat` rule (source, destination, static), a
 * DDL alias the YANG does not carry.
 */
const CLI_ALIASES: ReadonlyMap<string, string> = new Map([
  ['ieee-802.3ad', '802.3ad'],
  ['end-range', 'to'],
  ['src-nat-rule-match', 'match'],
  ['dest-nat-rule-match', 'match'],
  ['static-nat-rule-match', 'match'],
]);

/** Leaves whose values Junos displays as secret although their YANG type is a plain string. */
const SECRET_NAMES: ReadonlySet<string> = new Set(['encrypted-password']);

const argOf = (s: YangStatement): string => s.arg ?? '';
const sub = (s: YangStatement, kw: string): YangStatement | undefined =>
  s.children.find((c) => c.keyword === kw);
const subs = (s: YangStatement, kw: string): YangStatement[] => s.children.filter((c) => c.keyword === kw);
const cliFeatures = (s: YangStatement): Set<string> =>
  new Set(subs(s, 'junos:cli-feature').map((c) => argOf(c)));

interface Typedefs {
  readonly byName: ReadonlyMap<string, YangStatement>;
}

function readTypedefs(src: YangSource): Typedefs {
  const [mod] = parseYang(src.text, src.name);
  const byName = new Map<string, YangStatement>();
  for (const t of subs(mod, 'typedef')) byName.set(argOf(t), t);
  return { byName };
}

class ModuleCompiler {
  private readonly groupings = new Map<string, YangStatement>();
  readonly defs: Record<string, YangFragment> = {};
  private readonly compiling = new Set<string>();
  readonly types: YangType[] = [];
  private readonly typeIndex = new Map<string, number>();

  constructor(
    readonly file: string,
    readonly mod: YangStatement,
    private readonly typedefs: Typedefs,
  ) {
    for (const g of subs(mod, 'grouping')) this.groupings.set(argOf(g), g);
  }

  private fail(s: YangStatement, msg: string): never {
    throw new Error(`${this.file}:${s.line}: ${msg}`);
  }

  private intern(t: YangType): number {
    const k = JSON.stringify(t);
    let i = this.typeIndex.get(k);
    if (i === undefined) {
      i = this.types.length;
      this.types.push(t);
      this.typeIndex.set(k, i);
    }
    return i;
  }

  /** The type of a `type` statement; `secret` is set when it is (or unions) `jt:unreadable`. */
  private typeOf(s: YangStatement, secret: { v: boolean }): number {
    let name = argOf(s);
    let typedef: string | undefined;
    let body = s;
    if (name.includes(':')) {
      const local = name.slice(name.indexOf(':') + 1);
      const td = this.typedefs.byName.get(local);
      if (!td) this.fail(s, `unknown type ${name}`);
      if (local === 'unreadable') secret.v = true;
      typedef = local;
      const inner = sub(td, 'type');
      if (!inner) this.fail(td, `typedef ${local} without type`);
      name = argOf(inner);
      // the restrictions written at the use site apply on top of the typedef's
      body = s.children.length > 0 ? s : inner;
    }
    const t: { -readonly [K in keyof YangType]: YangType[K] } = { b: name };
    if (typedef) t.n = typedef;
    const range = sub(body, 'range');
    if (range) t.r = argOf(range);
    const len = sub(body, 'length');
    if (len) t.len = argOf(len);
    const pats = subs(body, 'pattern').map(argOf);
    if (pats.length) t.p = pats;
    const pp = sub(body, 'junos:posix-pattern');
    if (pp) t.pp = argOf(pp);
    const pm = sub(body, 'junos:pattern-message');
    if (pm) t.pm = argOf(pm);
    const fd = sub(body, 'fraction-digits');
    if (fd) t.fd = Number(argOf(fd));
    if (name === 'enumeration') t.e = subs(body, 'enum').map(argOf);
    if (name === 'union') t.u = subs(body, 'type').map((m) => this.typeOf(m, secret));
    return this.intern(t);
  }

  private status(s: YangStatement): string | undefined {
    const st = sub(s, 'status');
    return st ? argOf(st) : undefined;
  }

  /** Adds the data-definition children of `s` to `c` / `u` (choice and case flattened). */
  private collect(s: YangStatement, c: Record<string, YangNode>, u: string[]): void {
    for (const ch of s.children) {
      switch (ch.keyword) {
        case 'uses': {
          if (ch.children.some((x) => x.keyword === 'refine' || x.keyword === 'augment'))
            this.fail(ch, 'uses with refine/augment is not supported');
          const g = argOf(ch);
          this.grouping(ch, g);
          if (!u.includes(g)) u.push(g);
          break;
        }
        case 'choice':
        case 'case':
          if (this.status(ch) === 'obsolete') break;
          // flattened, a mandatory choice would lose its constraint silently (junos-es 24.4 has none)
          if (ch.keyword === 'choice' && sub(ch, 'mandatory') && argOf(sub(ch, 'mandatory')!) === 'true')
            this.fail(ch, 'mandatory choice is not supported');
          this.collect(ch, c, u);
          break;
        case 'container':
        case 'list':
        case 'leaf':
        case 'leaf-list': {
          const name = argOf(ch);
          if (c[name] !== undefined) break; // the same statement in two cases of a choice
          const n = this.node(ch);
          if (n) c[n[0]] = n[1];
          const alias = n && CLI_ALIASES.get(n[0]);
          if (n && alias) c[alias] ??= n[1];
          break;
        }
        case 'anydata':
        case 'anyxml':
          this.fail(ch, `${ch.keyword} is not supported`);
      }
    }
  }

  private grouping(at: YangStatement, name: string): void {
    if (this.defs[name] !== undefined || this.compiling.has(name)) return;
    const g = this.groupings.get(name);
    if (!g) this.fail(at, `unknown grouping ${name}`);
    this.compiling.add(name);
    const c: Record<string, YangNode> = {};
    const u: string[] = [];
    this.collect(g, c, u);
    const f: { c?: Record<string, YangNode>; u?: string[] } = {};
    if (Object.keys(c).length) f.c = c;
    if (u.length) f.u = u;
    this.defs[name] = f;
    this.compiling.delete(name);
  }

  /** One data node, as [keyword, node]; undefined for nodes left out. */
  node(s: YangStatement): [string, YangNode] | undefined {
    const status = this.status(s);
    if (status === 'obsolete') return undefined;
    const config = sub(s, 'config');
    if (config && argOf(config) === 'false') return undefined;
    let name = argOf(s);
    const feats = cliFeatures(s);
    const n: { -readonly [K in keyof YangNode]: YangNode[K] } = { k: 'c' };
    const nk = feats.has('nokeyword');
    const ol = feats.has('oneliner') ? 1 : feats.has('oneliner-plus') ? 2 : undefined;
    if (s.keyword === 'container' || s.keyword === 'list') {
      const c: Record<string, YangNode> = {};
      const u: string[] = [];
      this.collect(s, c, u);
      n.k = s.keyword === 'container' ? 'c' : 'l';
      if (s.keyword === 'list') {
        const key = sub(s, 'key');
        if (!key) this.fail(s, `list ${name} without key`);
        n.key = argOf(key).split(/\s+/);
        // see the header: the CLI spells this list `from-zone <a> to-zone <b>`
        if (n.key.includes('choice-ident') || n.key.includes('choice-value')) n.ck = 1;
        if (name === 'policy' && argOf(key) === 'from-zone-name to-zone-name') {
          name = 'from-zone';
          n.kw = [null, 'to-zone'];
        }
      }
      if (Object.keys(c).length) n.c = c;
      if (u.length) n.u = u;
      if (sub(s, 'presence')) n.pr = 1;
    } else {
      const type = sub(s, 'type');
      if (!type) this.fail(s, `${s.keyword} ${name} without type`);
      const secret = { v: false };
      const t = this.typeOf(type, secret);
      n.k = s.keyword === 'leaf-list' ? 'll' : argOf(type) === 'empty' ? 'e' : 'v';
      if (n.k !== 'e') n.t = t;
      if (secret.v || SECRET_NAMES.has(name)) n.sec = 1;
      const mandatory = sub(s, 'mandatory');
      if (mandatory && argOf(mandatory) === 'true') n.man = 1;
      const def = sub(s, 'default');
      if (def) n.d = argOf(def);
    }
    if (nk) n.nk = 1;
    if (ol) n.ol = ol;
    if (status === 'deprecated') n.dep = 1;
    const ob = sub(s, 'ordered-by');
    if (ob && argOf(ob) === 'user') n.ob = 1;
    const max = sub(s, 'max-elements');
    if (max && argOf(max) !== 'unbounded') n.max = Number(argOf(max));
    return [name, n];
  }

  /** The top-level statements this module adds to the configuration root. */
  tops(): Record<string, YangNode> {
    const out: Record<string, YangNode> = {};
    const addFrom = (s: YangStatement): void => {
      const c: Record<string, YangNode> = {};
      const u: string[] = [];
      this.collect(s, c, u);
      // a top-level `uses` is expanded here so that each top-level keyword has its own node
      const expand = (names: readonly string[]): void => {
        for (const g of names) {
          const f = this.defs[g];
          for (const [k, v] of Object.entries(f.c ?? {})) if (out[k] === undefined) out[k] = v;
          expand(f.u ?? []);
        }
      };
      for (const [k, v] of Object.entries(c)) if (out[k] === undefined) out[k] = v;
      expand(u);
    };
    for (const a of subs(this.mod, 'augment')) {
      if (argOf(a) === '/jc:configuration') addFrom(a);
    }
    const conf = subs(this.mod, 'container').find((c) => argOf(c) === 'configuration');
    if (conf) {
      const withoutGroups: YangStatement = {
        ...conf,
        children: conf.children.filter((c) => !(c.keyword === 'list' && argOf(c) === 'groups')),
      };
      addFrom(withoutGroups);
    }
    return out;
  }

  /** Keeps only the groupings reachable from `tops` (a top-level `uses` expanded above is not). */
  prune(tops: Record<string, YangNode>): Record<string, YangFragment> {
    const keep = new Set<string>();
    const visitNames = (names: readonly string[] | undefined): void => {
      for (const g of names ?? []) {
        if (keep.has(g)) continue;
        keep.add(g);
        const f = this.defs[g];
        visitNames(f.u);
        for (const v of Object.values(f.c ?? {})) visitNode(v);
      }
    };
    const visitNode = (n: YangNode): void => {
      visitNames(n.u);
      for (const v of Object.values(n.c ?? {})) visitNode(v);
    };
    for (const v of Object.values(tops)) visitNode(v);
    const out: Record<string, YangFragment> = {};
    for (const g of [...keep].sort()) out[g] = this.defs[g];
    return out;
  }
}

/** `junos-es-conf-security@2024-01-01.yang` -> `security`. */
export function moduleStem(moduleName: string): string {
  return moduleName.replace(/^junos(-[a-z]+)?-conf-/, '');
}

/** Compiles the modules into the index and one file per module. */
export function compileYang(input: CompileInput): CompileOutput {
  const typedefs = readTypedefs(input.commonTypes);
  const files = new Map<string, YangFile>();
  const tops: Record<string, string> = {};
  let release = '';
  const sorted = [...input.modules].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const src of sorted) {
    const [mod] = src.statement ? [src.statement] : parseYang(src.text, src.name);
    if (!mod || mod.keyword !== 'module') throw new Error(`${src.name}: not a YANG module`);
    const rev = sub(mod, 'revision');
    const m = rev && /Junos: (\S+)/.exec(argOf(sub(rev, 'description') ?? rev));
    if (m) release ||= m[1];
    const mc = new ModuleCompiler(src.name, mod, typedefs);
    const t = mc.tops();
    const defs = mc.prune(t);
    // types are interned while compiling: renumber the used ones in first-use order
    const file = renumberTypes({ module: argOf(mod), tops: t, defs, types: mc.types });
    const fileName = `${moduleStem(argOf(mod))}.json`;
    files.set(fileName, file);
    for (const k of Object.keys(t)) tops[k] ??= fileName;
  }
  const unchecked = [...(input.unreadable ?? [])].filter((k) => tops[k] === undefined).sort();
  const sortedTops: Record<string, string> = {};
  for (const k of Object.keys(tops).sort()) sortedTops[k] = tops[k];
  return { index: { release, source: input.source, tops: sortedTops, unchecked }, files };
}

/** Drops types no kept node uses and numbers the rest in order of first use (tops, then defs). */
function renumberTypes(f: YangFile): YangFile {
  const map = new Map<number, number>();
  const types: YangType[] = [];
  const use = (i: number): number => {
    let j = map.get(i);
    if (j !== undefined) return j;
    const t = f.types[i];
    const u = t.u?.map(use);
    j = types.length;
    map.set(i, j);
    types.push(u ? { ...t, u } : t);
    return j;
  };
  const node = (n: YangNode): YangNode => {
    const out: { -readonly [K in keyof YangNode]: YangNode[K] } = { ...n };
    if (n.t !== undefined) out.t = use(n.t);
    if (n.c) out.c = children(n.c);
    return out;
  };
  const children = (c: Readonly<Record<string, YangNode>>): Record<string, YangNode> => {
    const out: Record<string, YangNode> = {};
    for (const [k, v] of Object.entries(c)) out[k] = node(v);
    return out;
  };
  const tops = children(f.tops);
  const defs: Record<string, YangFragment> = {};
  for (const [k, v] of Object.entries(f.defs)) defs[k] = v.c ? { ...v, c: children(v.c) } : v;
  return { module: f.module, tops, defs, types };
}
