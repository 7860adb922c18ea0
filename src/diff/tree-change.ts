/**
 * A change is a value (vyconf `cfg_op`): the structural difference between two
 * configuration trees, in configuration order. `path` addresses the changed node
 * the way a user types it (list keyword then entry name), so the enrollment stage
 * can plan from it and `applyChanges(a, diffTrees(a, b))` rebuilds `b`.
 */
import type { ConfigPath } from '../diag/diagnostic.js';
import type { ConfigValue, NodeMeta, OpaqueStatement } from '../tree/config-tree.js';

interface ChangeBase {
  readonly path: ConfigPath;
  /** True when the last path word is the name of a list entry (`ca-profile CA1`). */
  readonly entry: boolean;
}

/** A node present only in the new tree (a whole subtree for containers and entries). */
export interface AddChange extends ChangeBase {
  readonly op: 'add';
  readonly value: ConfigValue;
  /** NodeMeta of a leaf / flag / leaf-list (objects carry theirs under "@"). */
  readonly meta?: NodeMeta;
  /** For list entries: the entry it follows in the new order (null = first). */
  readonly after?: string | null;
}

/** A node present only in the old tree. */
export interface DeleteChange extends ChangeBase {
  readonly op: 'delete';
  readonly old: ConfigValue;
  readonly meta?: NodeMeta;
}

/** A leaf or leaf-list whose value changed (kind unchanged). */
export interface ModifyChange extends ChangeBase {
  readonly op: 'modify';
  readonly old: ConfigValue;
  readonly value: ConfigValue;
}

/** Activation, protection or annotation of an existing node changed. */
export interface MetaChange extends ChangeBase {
  readonly op: 'meta';
  readonly old: NodeMeta | undefined;
  readonly value: NodeMeta | undefined;
}

/** The user order of an ordered-by-user list changed (entries kept). */
export interface ReorderChange extends ChangeBase {
  readonly op: 'reorder';
  readonly old: readonly string[];
  readonly value: readonly string[];
}

/** Unmodelled statements ("@opaque") of a container changed; replaced as a whole. */
export interface OpaqueChange extends ChangeBase {
  readonly op: 'opaque';
  readonly old: readonly OpaqueStatement[] | undefined;
  readonly value: readonly OpaqueStatement[] | undefined;
}

export type TreeChange = AddChange | DeleteChange | ModifyChange | MetaChange | ReorderChange | OpaqueChange;
