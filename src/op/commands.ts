/**
 * Every operational command pkicfg has, and the tree built from them once.
 * Owners add their command here with one import and one entry: PKI
 * (pki-commands.ts), COMMIT (show configuration, show system commit), SCEP
 * (ca-certificate enroll, local-certificate enroll scep), CMP (enroll cmpv2).
 * A command added here also gets its path in FOREIGN_COMMAND_PATHS
 * (pki-commands.ts; a unit test checks it).
 */
import { CA_ENROLL_COMMAND } from './ca-enroll.js';
import { ENROLL_CMPV2, RE_ENROLL_CMPV2 } from './enroll-cmpv2.js';
import { ENROLL_SCEP_COMMAND } from './enroll-scep.js';
import { BASE_NODES, buildOpTree, type OpCommandSpec, type OpTree } from './op-tree.js';
import { PKI_OP_COMMANDS } from './pki-commands.js';
import { SHOW_CONFIGURATION_COMMAND } from './show-configuration.js';
import { SHOW_SYSTEM_COMMIT_COMMAND } from './show-system-commit.js';

export { PKI_OP_COMMANDS };

export const ALL_OP_COMMANDS: readonly OpCommandSpec[] = [
  ...PKI_OP_COMMANDS,
  SHOW_CONFIGURATION_COMMAND,
  SHOW_SYSTEM_COMMIT_COMMAND,
  CA_ENROLL_COMMAND,
  ENROLL_SCEP_COMMAND,
  ENROLL_CMPV2,
  RE_ENROLL_CMPV2,
];

let tree: OpTree | undefined;

/** The operational-command tree of every registered command (built on first use). */
export function defaultOpTree(): OpTree {
  return (tree ??= buildOpTree(BASE_NODES, ALL_OP_COMMANDS));
}
