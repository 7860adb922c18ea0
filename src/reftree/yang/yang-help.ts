/**
 * What may follow a walk of words through the generated YANG schema, for the
 * shell's `?` help and completion outside `security pki`/`ike`: the keywords
 * of a level with their type (the schema keeps no description text, so the
 * help column says what a statement takes: `<uint32 1..4094>`, `(up | down)`,
 * `<unit_name>`), and the free value a position expects with the set-time
 * check Junos applies to it. Shell-neutral data: src/shell/schema-grammar.ts
 * turns it into grammar steps.
 */
import type { YangFile, YangType } from '../yang-format.js';
import {
  checkYangValue,
  EVERYWHERE,
  onlyWildcards,
  yangChild,
  yangChildren,
  yangType,
  type YangRef,
  type YangSchema,
  type YangState,
} from '../yang-schema.js';

/** One row of a `?` listing. `marker`: `>` container or list, `+` multi-value. */
interface YangCompletion {
  readonly name: string;
  readonly help: string;
  readonly marker?: '>' | '+';
}

/** A free value expected here (a list key, a leaf's value, a `nokeyword` word). */
export interface YangSlot {
  /** Without the angle brackets (`unit_name`). */
  readonly placeholder: string;
  readonly help: string;
  /** The Junos message for a value that cannot fit, or undefined. */
  readonly check: (value: string) => string | undefined;
  readonly secret: boolean;
}

/**
 * What may follow. `complete`: the words so far are a whole statement (a
 * container, an entry, a flag); `leaf`: a leaf or leaf-list value is due.
 */
export interface YangNext {
  readonly keywords: readonly YangCompletion[];
  readonly value?: YangSlot;
  readonly complete: boolean;
  readonly leaf: boolean;
}

/** An enumeration longer than this is shown by its first names and `...`. */
const ENUM_SHOWN = 4;

const compact = (spec: string): string => spec.replace(/\s+/g, '');

/** A type in a few words: `uint32 1..4094`, `string 1..63`, `ipv4prefix`, `(a | b | ...)`. */
function yangTypeText(file: YangFile, t: YangType): string {
  switch (t.b) {
    case 'enumeration': {
      const e = t.e ?? [];
      return `(${[...e.slice(0, ENUM_SHOWN), ...(e.length > ENUM_SHOWN ? ['...'] : [])].join(' | ')})`;
    }
    case 'union': {
      // the member that only admits `<wildcards>` and `$variables` says nothing of the value
      const parts = (t.u ?? [])
        .map((i) => file.types[i])
        .filter((m) => !onlyWildcards(m))
        .map((m) => yangTypeText(file, m));
      return [...new Set(parts)].join(' | ') || 'string';
    }
    case 'empty':
      return '';
    default: {
      const spec = t.r ?? t.len;
      return `${t.n ?? t.b}${spec ? ` ${compact(spec)}` : ''}`;
    }
  }
}

/** The placeholder of a list's first key: `<list>_name` for the usual `name` key, else the key leaf's name. */
function yangKeyPlaceholder(list: YangRef, i = 0): string {
  const k = list.node.key?.[i] ?? 'name';
  return k === 'name' ? `${list.name}_name` : k;
}

/** The help column of a keyword row: its value type, its key, nothing for a container or flag. */
function yangNodeHelp(ref: YangRef): string {
  switch (ref.node.k) {
    case 'l':
      return (ref.node.key ?? []).map((_, i) => `<${yangKeyPlaceholder(ref, i)}>`).join(' ');
    case 'v':
    case 'll': {
      const t = yangType(ref);
      const text = t ? yangTypeText(ref.file, t) : 'string';
      return text.startsWith('(') ? text : `<${text || 'string'}>`;
    }
    default:
      return '';
  }
}

function markerOf(ref: YangRef): '>' | '+' | undefined {
  return ref.node.k === 'c' || ref.node.k === 'l' ? '>' : ref.node.k === 'll' ? '+' : undefined;
}

function slotOf(ref: YangRef, placeholder: string): YangSlot {
  const t = yangType(ref);
  return {
    placeholder,
    help: t ? yangTypeText(ref.file, t) || 'string' : 'string',
    check: (v) => {
      if (!t || v === '[' || v === ']') return undefined;
      return checkYangValue(ref.file, t, v)?.message;
    },
    secret: ref.node.sec === 1,
  };
}

/** The enumeration names a leaf may take (an enumeration, or the enumerations of a union). */
function enumNames(file: YangFile, t: YangType | undefined): string[] {
  if (!t) return [];
  if (t.b === 'enumeration') return [...(t.e ?? [])];
  if (t.b === 'union') return (t.u ?? []).flatMap((i) => enumNames(file, file.types[i]));
  return [];
}

/** Whether a type admits values other than its enumeration names. */
function freeValue(file: YangFile, t: YangType | undefined): boolean {
  if (!t) return true;
  if (t.b === 'enumeration') return false;
  if (t.b === 'union')
    return (t.u ?? []).some((i) => !onlyWildcards(file.types[i]) && freeValue(file, file.types[i]));
  return true;
}

function keywordRow(ref: YangRef): YangCompletion {
  return { name: ref.name, help: yangNodeHelp(ref), marker: markerOf(ref) };
}

/** The keywords of a container or list entry (its keys excluded) and the slot of its first `nokeyword` child. */
function scopeNext(ref: YangRef, statementsOnly: boolean): YangNext {
  const keys = ref.node.k === 'l' ? ref.node.key : undefined;
  const keywords: YangCompletion[] = [];
  let value: YangSlot | undefined;
  for (const name of yangChildren(ref).keys()) {
    // `apply-groups` and the like: the caller lists them as at every level
    if (keys?.includes(name) || EVERYWHERE.has(name)) continue;
    const c = yangChild(ref, name)!;
    if (c.node.nk) {
      if (value) continue;
      if (c.node.k === 'l' && c.node.key?.[0] !== undefined) {
        const k = yangChild(c, c.node.key[0]);
        if (k) value = slotOf(k, yangKeyPlaceholder(c));
      } else if (!statementsOnly && (c.node.k === 'v' || c.node.k === 'll')) value = slotOf(c, name);
      continue;
    }
    // `edit` goes into containers and entries only
    if (statementsOnly && c.node.k !== 'c' && c.node.k !== 'l') continue;
    keywords.push(keywordRow(c));
  }
  return { keywords, value, complete: true, leaf: false };
}

/**
 * What may follow a walk that stands at `state`. `statementsOnly` (for `edit`):
 * leaves are not offered.
 */
export function yangNext(state: YangState, statementsOnly = false): YangNext {
  switch (state.s) {
    case 'any':
      return {
        keywords: [],
        value: { placeholder: 'statement', help: 'not checked', check: () => undefined, secret: false },
        complete: true,
        leaf: false,
      };
    case 'group':
      return {
        keywords: [],
        value: { placeholder: 'group_name', help: 'string', check: () => undefined, secret: false },
        complete: false,
        leaf: false,
      };
    case 'root':
      return rootNext(state.schema, statementsOnly);
    case 'scope':
      return scopeNext(state.ref, statementsOnly);
    case 'key': {
      const list = state.list;
      const kname = list.node.key?.[state.i];
      const k = kname === undefined ? undefined : yangChild(list, kname);
      if (!k) return scopeNext(list, statementsOnly);
      const kw = list.node.kw?.[state.i] ?? k.name;
      const keywords =
        state.i > 0 && !state.named ? [{ name: kw, help: `<${yangKeyPlaceholder(list, state.i)}>` }] : [];
      return {
        keywords,
        value: slotOf(k, yangKeyPlaceholder(list, state.i)),
        // a later key of a multi-key list may be left out (validate says so too)
        complete: state.i > 0 && !state.named,
        leaf: false,
      };
    }
    case 'value': {
      const ref = state.ref;
      const t = yangType(ref);
      const names = enumNames(ref.file, t);
      const keywords = names.map((name) => ({ name, help: '' }));
      if (ref.node.k === 'll') keywords.unshift({ name: '[', help: 'Open a set of values' });
      return {
        keywords,
        value: freeValue(ref.file, t) || ref.node.k === 'll' ? slotOf(ref, ref.name) : undefined,
        complete: false,
        leaf: true,
      };
    }
  }
}

function rootNext(schema: YangSchema, statementsOnly: boolean): YangNext {
  const keywords: YangCompletion[] = [];
  for (const w of schema.topKeywords()) {
    if (EVERYWHERE.has(w)) continue;
    const top = schema.top(w);
    if (top === undefined) continue;
    if (top === 'unchecked') {
      keywords.push({ name: w, help: '', marker: '>' });
      continue;
    }
    if (statementsOnly && top.node.k !== 'c' && top.node.k !== 'l') continue;
    keywords.push(keywordRow(top));
  }
  return { keywords, complete: true, leaf: false };
}
