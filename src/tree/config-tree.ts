/**
 * The configuration tree: plain, deep-frozen JSON (deepFreeze below;
 * an edit copies the path it touches) whose keys are the words a user types,
 * so that ajv can validate the effective tree as is and trees
 * compare with structural equality. Spans live outside the tree (SpanMap).
 *
 * Shape, driven by the schema's `x-kind` (see schemas/README.md):
 *   container        -> ConfigObject                         { "enrollment": { "url": "http://..." } }
 *   presence (empty) -> ConfigObject with no data keys       { "ocsp": {} }
 *   list             -> ConfigObject of entries + "@order"   { "ca-profile": { "@order": ["B","A"], "B": {...}, "A": {...} } }
 *   leaf             -> string | number (number only for integer leaves whose text is a valid integer;
 *                       anything else stays a string so that ajv reports it with its span)
 *   flag             -> true
 *   leaf-list        -> string[] (user order)
 *
 * Reserved keys, all starting with "@", never data:
 *   "@"         NodeMeta of the object it is in (container, list entry)
 *   "@<leaf>"   NodeMeta of the sibling leaf / flag / leaf-list named <leaf>
 *   "@order"    in a list object: the entry names in user (ordered-by-user) order.
 *               JS reorders integer-like keys, so order never comes from Object.keys.
 *   "@opaque"   statements of hierarchies the schema does not model, kept verbatim
 *
 * The effective tree (what is validated and committed to daemons) drops every
 * "@" key and every node whose meta says inactive.
 */

export interface NodeMeta {
  readonly inactive?: true;
  readonly protect?: true;
  /** `replace:` prefix of a curly statement (used by `load replace`). */
  readonly replace?: true;
  /** The annotation text as displayed, delimiters included: "/* text *\/" or "# text". */
  readonly annotation?: string;
}

/**
 * A statement of an unmodelled hierarchy (interfaces, protocols, security zones...),
 * kept as written. `words` are raw token images (a quoted word keeps its quotes and
 * escapes) so that output reproduces the input. From curly text a header like
 * `unit 0 {` is one statement with words ["unit","0"] and children; a leaf like
 * `address 192.0.2.1/24;` has no children. From set lines, words of an unmodelled
 * path descend through existing statements whose words match, and the rest becomes
 * one leaf statement.
 */
export interface OpaqueStatement {
  readonly words: readonly string[];
  /** undefined: a leaf (`words;`); an array: a block (`words { ... }`), possibly empty. */
  readonly children?: readonly OpaqueStatement[];
  readonly meta?: NodeMeta;
  /** Trailing `#` comment after the statement on its line (e.g. `## SECRET-DATA`), kept verbatim. */
  readonly trailing?: string;
  /**
   * In a modelled container: the key of the modelled child it followed in the source
   * (undefined = before all of them), so that printing interleaves it in its original place.
   */
  readonly after?: string;
}

type ConfigScalar = string | number;
export type ConfigValue = ConfigScalar | true | readonly string[] | ConfigObject;

export interface ConfigObject {
  readonly [key: string]: ConfigValue | NodeMeta | readonly OpaqueStatement[] | undefined;
}

/** The whole configuration: the root container. */
export type ConfigTree = ConfigObject;

export const META_KEY = '@';
export const ORDER_KEY = '@order';
export const OPAQUE_KEY = '@opaque';

/** True for reserved keys ("@", "@order", "@opaque", "@<leaf>"), which never hold data. */
export function isReservedKey(key: string): boolean {
  return key.charCodeAt(0) === 64; /* '@' */
}

export const EMPTY_TREE: ConfigTree = Object.freeze({});

/** True for an object node (container, list, list entry): not a leaf, flag or leaf-list. */
export function isObject(v: unknown): v is ConfigObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** True for a keyed list object (it carries "@order"). */
export function isListNode(v: unknown): v is ConfigObject {
  return isObject(v) && Array.isArray(v[ORDER_KEY]);
}

/*
 * Where metadata sits, for reading: an object node holds its own under "@";
 * a leaf, flag or leaf-list has it beside it, in its parent, under "@<key>".
 * Writers (tree-ops.ts TreeWriter, writeMeta) keep the same layout.
 */

/** The metadata of an object node ("@"); undefined for anything else. */
export function objectMeta(v: unknown): NodeMeta | undefined {
  return isObject(v) ? (v[META_KEY] as NodeMeta | undefined) : undefined;
}

/** The metadata of the leaf, flag or leaf-list `key` of `parent` ("@<key>" beside it). */
export function leafMeta(parent: ConfigObject, key: string): NodeMeta | undefined {
  return parent[META_KEY + key] as NodeMeta | undefined;
}

/** The metadata of child `key` of `parent`, whichever kind of node it is. */
export function childMeta(parent: ConfigObject, key: string): NodeMeta | undefined {
  const v = parent[key];
  return isObject(v) ? (v[META_KEY] as NodeMeta | undefined) : leafMeta(parent, key);
}

/** True for an object node marked `inactive:` (a leaf's mark is beside it: isInactiveLeaf). */
export function isInactive(v: unknown): boolean {
  return objectMeta(v)?.inactive === true;
}

/** True when the leaf, flag or leaf-list `key` of `parent` is marked `inactive:`. */
export function isInactiveLeaf(parent: ConfigObject, key: string): boolean {
  return leafMeta(parent, key)?.inactive === true;
}

/** Deep-freezes every object and array reachable from v that is not already frozen. */
export function deepFreeze<T>(v: T): T {
  if (typeof v !== 'object' || v === null || Object.isFrozen(v)) return v;
  freezeObject(v);
  return v;
}

/**
 * deepFreeze, telling whether one of the objects it froze holds an inactive
 * mark ("@" or "@<leaf>" with `inactive`): the tree writer's finish() knows
 * so at no extra walk whether a tree it built is its own effective tree.
 */
export function deepFreezeFindingInactive(v: object): boolean {
  return Object.isFrozen(v) ? false : freezeObject(v);
}

/**
 * deepFreeze of an unfrozen object; leaves (strings, numbers, booleans) cost no
 * call. Returns whether a frozen object held an inactive mark (see above).
 */
function freezeObject(v: object): boolean {
  Object.freeze(v);
  let inactive = false;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x: unknown = v[i];
      if (typeof x === 'object' && x !== null && !Object.isFrozen(x)) inactive = freezeObject(x) || inactive;
    }
  } else {
    const o = v as Record<string, unknown>;
    for (const k in o) {
      const x = o[k];
      if (typeof x === 'object' && x !== null) {
        // "@order" is an array and "@opaque" items carry no "inactive" key of their own
        if (k.charCodeAt(0) === 64 && (x as NodeMeta).inactive) inactive = true;
        if (!Object.isFrozen(x)) inactive = freezeObject(x) || inactive;
      }
    }
  }
  return inactive;
}
