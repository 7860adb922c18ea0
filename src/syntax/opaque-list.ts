/**
 * Statements of unmodelled hierarchies ("@opaque" lists of word statements):
 * how a set line is inserted. One place, so that the nesting that set lines
 * get (builder) and that commands rely on (verbs/, through opaque-find.ts)
 * stay the same; the lookup index it inserts through is opaque-index.ts.
 */
import type { OpaqueStatement } from '../tree/config-tree.js';
import { candidates, findCandidate, forgetIndex, pushStatement, same, startsWith } from './opaque-index.js';
import { segment, type Segment, type Shape } from './opaque-shapes.js';

/** The trailing comment Junos prints after a secret. */
export const SECRET_DATA = '## SECRET-DATA';

/**
 * Inserts the words of one set line into an unmodelled hierarchy whose shape
 * (schemas/junos-shapes.json) is `shape`: blocks and named headers nest as
 * Junos prints them (`ge-0/0/0 { unit 0 { family inet { dhcp; } } }`), values
 * of a multi-value leaf join one `[ a b ]` list, a oneliner block with one leaf
 * child prints as one statement (`then accept;`), a secret leaf gets `##
 * SECRET-DATA`. From the first word the shape does not know on, and for an
 * unknown shape, the divergence rule of insertOpaque applies.
 */
export function insertOpaqueShaped(
  list: OpaqueStatement[],
  words: readonly string[],
  shape: Shape | undefined,
): void {
  if (!shape) return insertOpaque(list, words);
  const { segs, tail } = segment(shape, words);
  place(list, segs, 0, tail);
}

/**
 * Where inserting the words of a set line (as insertOpaqueShaped would) opens a
 * block more than `room` levels below `list`: the index of the first word of
 * that block's header, or -1 when the line fits. Pure, so that a line nested
 * too deep (src/syntax/input-limits.ts) is refused before anything changes; it
 * may count a level that a oneliner collapse would remove, never fewer.
 */
export function blockPastLimit(
  list: readonly OpaqueStatement[],
  words: readonly string[],
  shape: Shape | undefined,
  room: number,
): number {
  let depth = 0;
  let at = 0;
  let cur: readonly OpaqueStatement[] | undefined = list;
  let tail = words;
  if (shape) {
    const r = segment(shape, words);
    for (const seg of r.segs) {
      if (seg.terminal) return -1;
      if (++depth > room) return at;
      const i: number = cur ? findCandidate(cur, seg.words, (x) => same(x.words, seg.words)) : -1;
      cur = i >= 0 ? cur![i].children : undefined;
      at += seg.words.length;
    }
    tail = r.tail;
  }
  // the divergence rule (insertOpaque): through the blocks whose words start the rest
  while (cur && tail.length) {
    const rest: readonly string[] = tail;
    const into: OpaqueStatement | undefined = cur.find(
      (x) => x.children && x.words.length < rest.length && x.words.every((w, j) => w === rest[j]),
    );
    if (!into) break;
    if (++depth > room) return at;
    at += into.words.length;
    tail = tail.slice(into.words.length);
    cur = into.children;
  }
  if (!cur || !tail.length) return -1;
  const rest = tail;
  // a statement sharing leading words becomes (or is split into) a block
  const opens = cur.some((x) => x.words[0] === rest[0] && !same(x.words, rest) && !startsWith(x.words, rest));
  return opens && depth + 1 > room ? at : -1;
}

/** A block's children to insert into: its own array unless frozen (then a copy). */
function childrenOf(s: OpaqueStatement): OpaqueStatement[] {
  const c = s.children!;
  return Object.isFrozen(c) ? c.slice() : (c as OpaqueStatement[]);
}

function place(list: OpaqueStatement[], segs: readonly Segment[], k: number, tail: string[]): void {
  if (k === segs.length) {
    if (tail.length) insertOpaque(list, tail);
    return;
  }
  const seg = segs[k];
  if (seg.terminal) return putTerminal(list, seg);
  const shape = seg.shape!;
  const last = k === segs.length - 1 && tail.length === 0;
  let i = findCandidate(list, seg.words, (s) => !!s.children && same(s.words, seg.words));
  if (i < 0) {
    i = findCandidate(list, seg.words, (s) => !s.children && same(s.words, seg.words));
    if (i >= 0) {
      if (last) return;
      list[i] = { ...list[i], children: [] };
    }
  }
  if (i < 0 && shape.oneliner) {
    // a oneliner printed on one line (`route P next-hop N;`): open it up again
    i = findCandidate(list, seg.words, (s) => !s.children && startsWith(s.words, seg.words));
    if (i >= 0) {
      if (last) return;
      const { words: all, trailing, ...rest } = list[i];
      const child: OpaqueStatement = { words: all.slice(seg.words.length) };
      if (seg.words.length < 2) forgetIndex(list); // its first two words change
      list[i] = {
        ...rest,
        words: all.slice(0, seg.words.length),
        children: [trailing === undefined ? child : { ...child, trailing }],
      };
    }
  }
  if (i < 0) {
    if (last) {
      pushStatement(list, { words: seg.words.slice() });
      return;
    }
    pushStatement(list, { words: seg.words.slice(), children: [] });
    i = list.length - 1;
  }
  const s = list[i];
  const children = childrenOf(s);
  place(children, segs, k + 1, tail);
  list[i] = collapse(s.children === children ? s : { ...s, children }, shape);
}

/** A oneliner block with exactly one plain leaf child becomes one statement. */
function collapse(s: OpaqueStatement, shape: Shape): OpaqueStatement {
  const c = s.children;
  if (!shape.oneliner || !c || c.length !== 1 || c[0].children || c[0].meta || c[0].after !== undefined)
    return s;
  if (shape.oneliner === 'flag') {
    const k = shape.keywords.get(c[0].words[0]);
    if (k?.kind !== 'terminal' || k.terminal !== 'flag') return s;
  }
  const { children: _c, ...rest } = s;
  const merged: OpaqueStatement = { ...rest, words: [...s.words, ...c[0].words] };
  const trailing = c[0].trailing ?? s.trailing;
  return trailing === undefined ? merged : { ...merged, trailing };
}

/**
 * Adds one statement read from curly text to a block's list. A statement that
 * repeats one already there (`ge-0/0/1 { unit 0 { ... } } ge-0/0/1 { unit 0; }`)
 * merges into it, as Junos merges a repeated stanza on load, and the words of
 * a merged stanza meet those already there as set lines would: the tree, and
 * so its set form, is that of the merged configuration, and reading that set
 * form back gives the same tree.
 */
export function addCurlyStatement(list: OpaqueStatement[], s: OpaqueStatement): void {
  const i = findCandidate(list, s.words, (e) => same(e.words, s.words));
  if (i >= 0) {
    list[i] = mergeStatement(list[i], s);
    return;
  }
  // as for set lines (insertOpaque, putTerminal): into a block whose words begin the statement's,
  // a leaf implied by a longer statement adds nothing, a longer leaf extends a shorter one
  const into = findCandidate(list, s.words, (e) => !!e.children && startsWith(s.words, e.words));
  if (into >= 0) {
    const e = list[into];
    const c = e.children!.slice();
    addCurlyStatement(c, { ...s, words: s.words.slice(e.words.length) });
    list[into] = { ...e, children: c };
    return;
  }
  if (s.children) {
    // statements that go on past this block's words (`a b;` before `a { ... }`) move into it, at the first's place
    const inside = candidates(list, s.words).filter((j) => startsWith(list[j].words, s.words));
    if (inside.length) {
      const c: OpaqueStatement[] = [];
      for (const j of inside)
        addCurlyStatement(c, { ...list[j], words: list[j].words.slice(s.words.length) });
      for (const x of s.children) addCurlyStatement(c, x);
      const at = inside[0];
      const moved = new Set(inside.slice(1));
      const { after: _a, ...rest } = s;
      const head = list[at].after === undefined ? rest : { ...rest, after: list[at].after };
      const kept = list.filter((_, j) => !moved.has(j));
      kept[at] = { ...head, children: c };
      list.splice(0, list.length, ...kept);
      forgetIndex(list);
      return;
    }
  }
  if (!s.children && !s.meta && !s.trailing) {
    if (findCandidate(list, s.words, (e) => !!e.children && startsWith(e.words, s.words)) >= 0) return;
  }
  if (!s.children) {
    const longer = findCandidate(list, s.words, (e) => !e.children && startsWith(e.words, s.words));
    if (longer >= 0) {
      list[longer] = mergeStatement(list[longer], { ...s, words: list[longer].words });
      return;
    }
    const shorter = findCandidate(list, s.words, (e) => !e.children && startsWith(s.words, e.words));
    if (shorter >= 0) {
      list[shorter] = mergeStatement({ ...list[shorter], words: s.words }, s);
      return;
    }
  }
  pushStatement(list, s);
}

/** `b` merged into the equal-worded `a`: children merged, meta united, `a`'s place and comments kept. */
function mergeStatement(a: OpaqueStatement, b: OpaqueStatement): OpaqueStatement {
  let children = a.children;
  if (b.children && a.children) {
    const c = a.children.slice();
    for (const x of b.children) addCurlyStatement(c, x);
    children = c;
  } else if (b.children) children = b.children;
  const out: { -readonly [K in keyof OpaqueStatement]: OpaqueStatement[K] } = { ...a };
  if (children) out.children = children;
  if (b.meta) out.meta = { ...b.meta, ...a.meta };
  if (out.trailing === undefined && b.trailing !== undefined) out.trailing = b.trailing;
  return out;
}

/** Values of a `[ a "b c" ]` word, or the word itself. */
function valuesOf(raw: string): string[] {
  if (!/^\[[^]*\]$/.test(raw)) return [raw];
  return raw.slice(1, -1).match(/"(?:[^"\\]|\\.)*"|[^\s"]+/g) ?? [];
}

function putTerminal(list: OpaqueStatement[], seg: Segment): void {
  const words = seg.words;
  if (seg.terminal === 'values' && words.length === 2) {
    const kw = words[0];
    // by the keyword alone: merging values changes a statement's second word
    const i = findCandidate(list, [kw], (s) => !s.children && s.words.length === 2 && s.words[0] === kw);
    if (i >= 0) {
      const vals = valuesOf(list[i].words[1]);
      for (const v of valuesOf(words[1])) if (!vals.includes(v)) vals.push(v);
      list[i] = { ...list[i], words: [kw, vals.length === 1 ? vals[0] : `[ ${vals.join(' ')} ]`] };
      return;
    }
    const vals = valuesOf(words[1]);
    pushStatement(list, { words: [kw, vals.length === 1 ? vals[0] : `[ ${vals.join(' ')} ]`] });
    return;
  }
  // a leaf keeps every value it is given (a wrong shape must not lose data), but a
  // line implied by a longer one adds nothing and a longer line extends a shorter one
  if (
    findCandidate(list, words, (s) => !s.children && (same(s.words, words) || startsWith(s.words, words))) >=
    0
  )
    return;
  const shorter = findCandidate(list, words, (s) => !s.children && startsWith(words, s.words));
  if (shorter >= 0) {
    list[shorter] = { ...list[shorter], words: words.slice() };
    return;
  }
  const secret = seg.terminal === 'secret' || seg.terminal === 'secrets';
  pushStatement(list, secret ? { words: words.slice(), trailing: SECRET_DATA } : leafOf(words.slice()));
}

/**
 * Values Junos shows with `## SECRET-DATA` wherever the shapes file does not
 * say so: $9$ / crypt(3) hashes and SSH public keys (as read-json.ts does for
 * JSON, which has no trailing comments either).
 */
const SECRET_VALUE = /^"?\$(?:9|1|5|6|sha1|sha256|sha512)\$/;
const SECRET_KEYWORD = /^ssh-(?:rsa|dsa|ecdsa|ed25519)$/;

/** A leaf statement of a set line, with `## SECRET-DATA` if it holds a secret. */
function leafOf(words: string[]): OpaqueStatement {
  const n = words.length;
  return n >= 2 && (SECRET_VALUE.test(words[n - 1]) || (n === 2 && SECRET_KEYWORD.test(words[0])))
    ? { words, trailing: SECRET_DATA }
    : { words };
}

/**
 * Inserts the words of one set line into an unmodelled hierarchy. Descends through
 * blocks whose words prefix `words`; a statement (leaf or block) that shares only
 * some leading words with the line is split at the divergence, the shared words
 * becoming a block that holds both rests (`services ssh` + `services netconf ssh`
 * -> `services { ssh; netconf ssh; }`). Without the schema a `keyword value` pair
 * (`unit 0`) cannot be told from two nested keywords, so words are only grouped
 * where two lines diverge: a lone line stays one statement, as Junos would print a
 * one-child chain only if it were a pair.
 */
function insertOpaque(list: OpaqueStatement[], words: readonly string[]): void {
  forgetIndex(list); // splits below change statements' words
  for (let i = 0; i < list.length; i++) {
    const s = list[i];
    if (s.children && s.words.length < words.length && s.words.every((x, j) => x === words[j])) {
      const children = s.children.slice();
      insertOpaque(children, words.slice(s.words.length));
      list[i] = { ...s, children };
      return;
    }
  }
  if (list.some((s) => s.words.length === words.length && s.words.every((x, j) => x === words[j]))) return;
  for (let i = 0; i < list.length; i++) {
    const s = list[i];
    let k = 0;
    while (k < s.words.length && k < words.length && s.words[k] === words[k]) k++;
    if (k === 0) continue;
    if (k === words.length) return; // already implied by the longer statement
    const last = s.words[k];
    if (!s.children && k === s.words.length - 1 && k === words.length - 1 && /^\[[^]*\]$/.test(last)) {
      // another value of a curly value list (`members [ a b ];` + `set .. members c`)
      if (
        last
          .slice(1, -1)
          .match(/"(?:[^"\\]|\\.)*"|[^\s"]+/g)
          ?.includes(words[k])
      )
        return;
      list[i] = { ...s, words: [...s.words.slice(0, k), `${last.slice(0, -1).trimEnd()} ${words[k]} ]`] };
      return;
    }
    if (k === s.words.length) {
      // a leaf whose words prefix the line becomes a block
      list[i] = { ...s, children: [leafOf(words.slice(k))] };
      return;
    }
    const { after, ...rest } = s;
    const head: OpaqueStatement = {
      words: s.words.slice(0, k),
      children: [{ ...rest, words: s.words.slice(k) }, leafOf(words.slice(k))],
    };
    list[i] = after === undefined ? head : { ...head, after };
    return;
  }
  list.push(leafOf(words.slice()));
}
