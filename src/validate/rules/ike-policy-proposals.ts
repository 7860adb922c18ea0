/**
 * ike-policy-proposals: an IKE policy takes its proposals either from a list
 * of named `proposals` or from a predefined `proposal-set`, never both (Junos
 * `must` rule, `IKE policy must not have both proposals and proposal-set
 * configured`). The Suite B and PRIME proposal-sets authenticate with
 * certificates only, so they also need `certificate local-certificate` and no
 * pre-shared key.
 */
import type { Rule, RuleContext } from '../rule.js';
import { forEachIkePolicy, hasLocalCertificate } from '../ike-policies.js';

function check(ctx: RuleContext): void {
  forEachIkePolicy(ctx.tree, (p, path) => {
    const set = p['proposal-set'];
    if (set !== undefined && p.proposals !== undefined) {
      ctx.report({
        code: 'IKE_POLICY_PROPOSALS',
        message: 'IKE policy must not have both proposals and proposal-set configured',
        path: [...path, 'proposal-set'],
      });
    }
    if (typeof set === 'string' && /^(suiteb|prime)-/.test(set)) {
      const cert = hasLocalCertificate(p);
      const psk = p['pre-shared-key'] !== undefined || p['seeded-pre-shared-key'] !== undefined;
      if (!cert || psk) {
        ctx.report({
          code: 'IKE_PROPOSAL_SET_CERT',
          message: set.startsWith('suiteb')
            ? 'Suite B proposal-sets require certificate-based authentication.'
            : 'PRIME proposal-sets require certificate-based authentication.',
          path: [...path, 'proposal-set'],
        });
      }
    }
  });
}

export const ikePolicyProposalsRule: Rule = { id: 'ike-policy-proposals', check };
