/**
 * Gives a plain `conf` module the `junos:` CLI extensions it lacks, taken from
 * the `conf-with-extensions` modules of the same release. Juniper publishes
 * each module twice: `conf/` is `conf-with-extensions/` minus every `junos:`
 * statement (checked on junos-es-conf-interfaces 24.4R1: the only difference).
 * Where the extended copy of a module is missing (junos-es-conf-tenants 24.4R1
 * is too large for the mirror), its plain copy still gives the structure, but
 * without `cli-feature "nokeyword"` the CLI spelling `tenants T interfaces
 * ge-0/0/0` would not parse. Most of such a module repeats groupings of the
 * other modules verbatim (564 of tenants' 585 groupings), so a statement is
 * matched by its path inside its grouping (`grouping X/container Y/leaf Z`);
 * a statement of a grouping no other module has is matched by the same path
 * without the grouping's name (`container security/container alarms` of
 * `juniper-tenant` is the security module's `security-group` one), and last
 * by its last three, two or one segments (`container file/leaf filename`).
 * Where donors differ, most of them win. Measured on 23.2R2, whose extended
 * tenants module exists: the borrowed copy compiles to the same schema in
 * 16,576 of 16,606 nodes (the rest: POSIX patterns and one-line display hints).
 */
import type { YangStatement } from './parse-yang.js';

/** The extensions compile-yang.ts reads; `junos:must` and the rest are not used. */
const BORROWED: ReadonlySet<string> = new Set([
  'junos:cli-feature',
  'junos:posix-pattern',
  'junos:pattern-message',
]);

/** Path -> the different extension sets the donors have there, each with how many donors have it. */
type Donations = Map<string, Map<string, { readonly ext: readonly YangStatement[]; n: number }>>;

/** The last segments of a path kept for the last-resort match (`container file/leaf filename`). */
const TAIL = 3;

const seg = (s: YangStatement): string => `${s.keyword} ${s.arg ?? ''}`;
const extKey = (ext: readonly YangStatement[]): string =>
  ext.map((e) => `${e.keyword} ${e.arg ?? ''}`).join('\n');

function give(into: Donations, path: string, ext: readonly YangStatement[]): void {
  let votes = into.get(path);
  if (!votes) into.set(path, (votes = new Map()));
  const k = extKey(ext);
  const v = votes.get(k);
  if (v) v.n++;
  else votes.set(k, { ext, n: 1 });
}

/** The extension set most donors have at `path` (the first seen on a tie); undefined when none has the path. */
function pick(from: Donations, path: string): readonly YangStatement[] | undefined {
  let best: { readonly ext: readonly YangStatement[]; n: number } | undefined;
  for (const v of from.get(path)?.values() ?? []) if (!best || v.n > best.n) best = v;
  return best?.ext;
}

/** What the donor modules say: by full path (`grouping X/...`), by path within the grouping, by the path's last segments. */
export interface ExtensionDonors {
  readonly full: Donations;
  readonly inner: Donations;
  readonly tail: Donations;
  readonly groupings: ReadonlySet<string>;
}

const tailOf = (segs: readonly string[], n: number): string => segs.slice(-n).join('/');

/** Indexes the extensions of the `conf-with-extensions` modules (their parsed `module` statements). */
export function extensionDonors(modules: readonly YangStatement[]): ExtensionDonors {
  const full: Donations = new Map();
  const inner: Donations = new Map();
  const tail: Donations = new Map();
  const groupings = new Set<string>();
  const walk = (s: YangStatement, segs: string[]): void => {
    const ext = s.children.filter((c) => BORROWED.has(c.keyword));
    // a statement without extensions is recorded too: it is a vote for "none"
    give(full, segs.join('/'), ext);
    if (segs.length > 1) give(inner, segs.slice(1).join('/'), ext);
    for (let n = 1; n <= TAIL && n < segs.length; n++) give(tail, tailOf(segs, n), ext);
    for (const c of s.children) if (!c.keyword.includes(':')) walk(c, [...segs, seg(c)]);
  };
  for (const mod of modules)
    for (const top of mod.children) {
      if (top.keyword === 'grouping') groupings.add(top.arg ?? '');
      if (top.keyword === 'grouping' || top.keyword === 'augment' || top.keyword === 'container')
        walk(top, [seg(top)]);
    }
  return { full, inner, tail, groupings };
}

/** The donors' extensions for a statement at `segs`: whole path, path within the grouping, then ever shorter tails. */
function lookup(
  d: ExtensionDonors,
  segs: readonly string[],
  known: boolean,
): readonly YangStatement[] | undefined {
  if (known) {
    const f = pick(d.full, segs.join('/'));
    if (f) return f;
  }
  if (segs.length < 2) return undefined;
  const i = pick(d.inner, segs.slice(1).join('/'));
  if (i) return i;
  for (let n = Math.min(TAIL, segs.length - 1); n >= 1; n--) {
    const t = pick(d.tail, tailOf(segs, n));
    if (t) return t;
  }
  return undefined;
}

/** Figures of one borrowing, for the generator's report. */
export interface BorrowCount {
  /** Statements that received extensions. */
  given: number;
  /** Statements whose path no donor has, or whose donors disagree. */
  unmatched: number;
}

/** The plain module with the donors' extensions added where its statements match theirs. */
export function borrowExtensions(
  plain: YangStatement,
  donors: ExtensionDonors,
  count: BorrowCount = { given: 0, unmatched: 0 },
): YangStatement {
  const visit = (s: YangStatement, segs: string[], known: boolean): YangStatement => {
    const ext = lookup(donors, segs, known);
    if (ext === undefined) count.unmatched++;
    else if (ext.length) count.given++;
    const children = s.children.map((c) => visit(c, [...segs, seg(c)], known));
    return { ...s, children: ext?.length ? [...ext, ...children] : children };
  };
  return {
    ...plain,
    children: plain.children.map((top) => {
      if (top.keyword !== 'grouping' && top.keyword !== 'augment' && top.keyword !== 'container') return top;
      // a grouping other modules have is looked up whole; one of this module alone, by its inner paths
      return visit(top, [seg(top)], top.keyword === 'grouping' && donors.groupings.has(top.arg ?? ''));
    }),
  };
}
