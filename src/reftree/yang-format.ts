/**
 * The compact, structure-only form of Juniper's YANG configuration schema that
 * `npm run schema-yang` writes to schemas/yang/ (one file per YANG module,
 * read lazily per top-level statement by yang-schema.ts). Only facts of the
 * structure are kept: keywords, nesting, list keys, types, ranges, lengths,
 * patterns, enumerations, mandatory, ordered-by, deprecated status, defaults,
 * secrets and the Junos CLI features that change how a statement is written
 * (`nokeyword`, `oneliner`). No description text.
 */

/** A value type. `b` is the YANG built-in (`string`, `uint32`, `enumeration`, `union`, ...). */
export interface YangType {
  readonly b: string;
  /** Name of the Junos typedef (`ipv4addr`, `unreadable`, ...), when the type is one. */
  readonly n?: string;
  /** YANG `range` (`"1 .. 65535"`, `"min .. 10 | 20"`). */
  readonly r?: string;
  /** YANG `length`. */
  readonly len?: string;
  /** YANG `pattern`s (XSD regular expressions), all of which must match. */
  readonly p?: readonly string[];
  /** `junos:posix-pattern` (POSIX ERE; a leading `!` negates) and its message. */
  readonly pp?: string;
  readonly pm?: string;
  /** Enumeration names. */
  readonly e?: readonly string[];
  /** Member types of a union, as indexes into the file's `types`. */
  readonly u?: readonly number[];
  readonly fd?: number;
}

/**
 * A schema node. `k`: `c` container, `l` list, `v` leaf with a value, `e` leaf
 * of type empty (a flag), `ll` leaf-list.
 */
export interface YangNode {
  readonly k: 'c' | 'l' | 'v' | 'e' | 'll';
  /** Children by keyword, YANG order; choice/case members are flattened in. */
  readonly c?: Readonly<Record<string, YangNode>>;
  /** Groupings whose children this node also has (names in the file's `defs`). */
  readonly u?: readonly string[];
  /** List keys, in order (leaves among the children). */
  readonly key?: readonly string[];
  /** Type of a leaf or of leaf-list items: an index into the file's `types`. */
  readonly t?: number;
  /** Presence container. */
  readonly pr?: 1;
  /** `junos:cli-feature "nokeyword"`: the value (leaf) or the entries (list) are written without the keyword. */
  readonly nk?: 1;
  /** `oneliner` (1) / `oneliner-plus` (2): printed on one line. */
  readonly ol?: 1 | 2;
  readonly dep?: 1;
  readonly man?: 1;
  /** The value is a secret (`jt:unreadable`, or an encrypted password). */
  readonly sec?: 1;
  /** `ordered-by user`. */
  readonly ob?: 1;
  readonly max?: number;
  /** YANG `default`. */
  readonly d?: string;
  /**
   * A list keyed by Junos pseudo-keys (`choice-ident` / `choice-value`: `route-filter
   * 10.0.0.0/8 orlonger`, `community add C`) whose CLI spelling the YANG does not say.
   */
  readonly ck?: 1;
  /** For a list whose keys are written with keywords other than their leaf names: the keyword of each key. */
  readonly kw?: readonly (string | null)[];
}

/** The children a grouping contributes. */
export interface YangFragment {
  readonly c?: Readonly<Record<string, YangNode>>;
  readonly u?: readonly string[];
}

/** One generated file: the top-level statements of one YANG module. */
export interface YangFile {
  readonly module: string;
  readonly tops: Readonly<Record<string, YangNode>>;
  readonly defs: Readonly<Record<string, YangFragment>>;
  readonly types: readonly YangType[];
}

/** schemas/yang/index.json. */
export interface YangIndex {
  /** The Junos release the YANG is of (`24.4R1.11`). */
  readonly release: string;
  /** Where in Juniper/yang the modules came from. */
  readonly source: string;
  /** Top-level keyword -> file name in schemas/yang/. */
  readonly tops: Readonly<Record<string, string>>;
  /** Top-level keywords whose module could not be read: accepted unchecked. */
  readonly unchecked: readonly string[];
}
