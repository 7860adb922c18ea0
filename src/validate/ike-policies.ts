/**
 * The `security ike policy` entries of an effective tree, for the rules that
 * check each policy on its own (ike-policy-authentication, ike-policy-proposals):
 * one account of where policies live and of what a policy's certificate
 * authentication is.
 */
import type { ConfigObject, ConfigTree } from '../tree/config-tree.js';
import { getAt, isObject, listNames } from '../tree/tree-ops.js';

/** Each IKE policy entry with its name and path, in list order. */
export function forEachIkePolicy(
  tree: ConfigTree,
  f: (p: ConfigObject, path: readonly string[], name: string) => void,
): void {
  const policies = getAt(tree, ['security', 'ike', 'policy']);
  if (!isObject(policies)) return;
  for (const name of listNames(policies)) {
    const p = policies[name];
    if (isObject(p)) f(p, ['security', 'ike', 'policy', name], name);
  }
}

/** `certificate local-certificate` is configured. */
export function hasLocalCertificate(p: ConfigObject): boolean {
  return isObject(p.certificate) && p.certificate['local-certificate'] !== undefined;
}
