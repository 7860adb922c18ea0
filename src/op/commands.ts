/**
 * The operational-command table: every op command pkicfg has, and the tree
 * built from them once. What the parser, the shell's `?` and TAB and
 * `pkicfg show ... --help` read: names, arguments and help (src/op/specs/),
 * no implementation; each command's `run` loads its own module on first call,
 * so building the tree costs no PKI, protocol or store code and a command
 * loads only what it runs (test/e2e/bundle-chunks.test.ts). Owners add a
 * command with one spec in specs/ and one entry here.
 */
import { BASE_NODES, buildOpTree, type OpCommandSpec, type OpTree } from './op-tree.js';
import { SHOW_CONFIGURATION_COMMAND, SHOW_SYSTEM_COMMIT_COMMAND } from './specs/config.js';
import { CA_ENROLL_COMMAND, ENROLL_CMPV2, ENROLL_SCEP_COMMAND, RE_ENROLL_CMPV2 } from './specs/enroll.js';
import {
  clearCaCertificateCommand,
  clearCertificateRequestCommand,
  clearCrlCommand,
  clearKeyPairCommand,
  clearLocalCertificateCommand,
} from './specs/pki-clear.js';
import {
  caCertificateLoadCommand,
  caCertificateVerifyCommand,
  crlLoadCommand,
  generateCertificateRequestCommand,
  generateKeyPairCommand,
  generateSelfSignedCommand,
  localCertificateLoadCommand,
  localCertificateVerifyCommand,
} from './specs/pki-request.js';
import {
  showCaCertificateCommand,
  showCertificateRequestCommand,
  showCrlCommand,
  showEnrollmentCommand,
  showEnrollmentTimelineCommand,
  showKeyPairCommand,
  showLocalCertificateCommand,
} from './specs/pki-show.js';

/** The `request/show/clear security pki` commands of issue 4. */
const PKI_OP_COMMANDS: readonly OpCommandSpec[] = [
  generateKeyPairCommand,
  generateCertificateRequestCommand,
  generateSelfSignedCommand,
  caCertificateLoadCommand,
  localCertificateLoadCommand,
  crlLoadCommand,
  caCertificateVerifyCommand,
  localCertificateVerifyCommand,
  clearLocalCertificateCommand,
  clearCaCertificateCommand,
  clearKeyPairCommand,
  clearCertificateRequestCommand,
  clearCrlCommand,
  showCaCertificateCommand,
  showLocalCertificateCommand,
  showCertificateRequestCommand,
  showKeyPairCommand,
  showCrlCommand,
  showEnrollmentCommand,
  showEnrollmentTimelineCommand,
];

const ALL_OP_COMMANDS: readonly OpCommandSpec[] = [
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
