/**
 * The `request/show/clear security pki` commands of issue 4, and a tree of
 * just these for the one-shot CLI: loading every command module (schema,
 * validator, protocol stacks) costs far more than a `show security pki`
 * itself, so `pkicfg show|request|clear` first parses against this tree. The
 * other owners' command paths are kept here as keyword stubs (no command), so
 * abbreviations are exactly as ambiguous as in the full tree; a line that ends
 * on a stub is re-parsed against the full tree (commands.ts).
 */
import { BASE_NODES, buildOpTree, type OpCommandSpec, type OpNodeSpec, type OpTree } from './op-tree.js';
import {
  clearCaCertificateCommand,
  clearCertificateRequestCommand,
  clearCrlCommand,
  clearKeyPairCommand,
  clearLocalCertificateCommand,
} from './pki-clear.js';
import {
  generateCertificateRequestCommand,
  generateKeyPairCommand,
  generateSelfSignedCommand,
} from './pki-generate.js';
import { caCertificateLoadCommand, crlLoadCommand, localCertificateLoadCommand } from './pki-load.js';
import {
  showCaCertificateCommand,
  showCertificateRequestCommand,
  showCrlCommand,
  showKeyPairCommand,
  showLocalCertificateCommand,
} from './pki-show.js';
import { showEnrollmentCommand, showEnrollmentTimelineCommand } from './pki-enrollment-show.js';
import { caCertificateVerifyCommand, localCertificateVerifyCommand } from './pki-verify.js';
import './enroll-scep-status.js'; // SCEP: enrollment status lines for show local-certificate

export const PKI_OP_COMMANDS: readonly OpCommandSpec[] = [
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

/** Paths of the commands other owners register in commands.ts (checked by test/unit/op). */
export const FOREIGN_COMMAND_PATHS: readonly (readonly string[])[] = [
  ['show', 'configuration'],
  ['show', 'system', 'commit'],
  ['request', 'security', 'pki', 'ca-certificate', 'enroll'],
  ['request', 'security', 'pki', 'local-certificate', 'enroll', 'scep'],
  ['request', 'security', 'pki', 'local-certificate', 'enroll', 'cmpv2'],
  ['request', 'security', 'pki', 'local-certificate', 're-enroll', 'cmpv2'],
];

let tree: OpTree | undefined;

/** PKI commands plus keyword stubs for the other owners' commands. */
export function pkiOpTree(): OpTree {
  const stubs: OpNodeSpec[] = FOREIGN_COMMAND_PATHS.map((path) => ({ path, help: '' }));
  return (tree ??= buildOpTree([...BASE_NODES, ...stubs], PKI_OP_COMMANDS));
}
