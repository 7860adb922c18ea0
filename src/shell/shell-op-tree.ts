/**
 * The operational commands the shell offers: every command spec registered
 * in op/ (PKI's show/request/clear security pki commands, SCEP's and CMP's
 * enroll commands, COMMIT's show configuration / show system commit).
 * (When op/ gains its own list, this becomes a call to it.)
 */
import { CA_ENROLL_COMMAND } from './op/ca-enroll.js';
import { enrollCmpv2Command } from './op/enroll-cmpv2.js';
import { ENROLL_SCEP_COMMAND } from './op/enroll-scep.js';
import { BASE_NODES, buildOpTree, type OpTree } from './op/op-tree.js';
import {
  clearCaCertificateCommand,
  clearCertificateRequestCommand,
  clearCrlCommand,
  clearKeyPairCommand,
  clearLocalCertificateCommand,
} from './op/pki-clear.js';
import {
  generateCertificateRequestCommand,
  generateKeyPairCommand,
  generateSelfSignedCommand,
} from './op/pki-generate.js';
import { caCertificateLoadCommand, crlLoadCommand, localCertificateLoadCommand } from './op/pki-load.js';
import {
  showCaCertificateCommand,
  showCertificateRequestCommand,
  showCrlCommand,
  showKeyPairCommand,
  showLocalCertificateCommand,
} from './op/pki-show.js';
import { caCertificateVerifyCommand, localCertificateVerifyCommand } from './op/pki-verify.js';
import { SHOW_CONFIGURATION_COMMAND } from './op/show-configuration.js';
import { SHOW_SYSTEM_COMMIT_COMMAND } from './op/show-system-commit.js';

let cached: OpTree | undefined;

/** The operational-command tree, built once. */
export function shellOpTree(): OpTree {
  cached ??= buildOpTree(BASE_NODES, [
    showCaCertificateCommand,
    showLocalCertificateCommand,
    showCertificateRequestCommand,
    showKeyPairCommand,
    showCrlCommand,
    caCertificateVerifyCommand,
    localCertificateVerifyCommand,
    clearLocalCertificateCommand,
    clearCaCertificateCommand,
    clearKeyPairCommand,
    clearCertificateRequestCommand,
    clearCrlCommand,
    generateKeyPairCommand,
    generateCertificateRequestCommand,
    generateSelfSignedCommand,
    caCertificateLoadCommand,
    localCertificateLoadCommand,
    crlLoadCommand,
    CA_ENROLL_COMMAND,
    ENROLL_SCEP_COMMAND,
    enrollCmpv2Command(),
    SHOW_CONFIGURATION_COMMAND,
    SHOW_SYSTEM_COMMIT_COMMAND,
  ]);
  return cached;
}
