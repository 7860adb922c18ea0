/**
 * ike-policy-authentication: an IKE policy authenticates the peer with exactly
 * one method, a certificate (`certificate local-certificate`), a pre-shared key
 * or a seeded pre-shared key. Junos's `must` rules on the policy name reject a
 * policy with none or with two of them, with one message per combination. The
 * local-certificate value itself is not looked up: it names a runtime object
 * of the PKI store.
 */
import type { Rule, RuleContext } from '../rule.js';
import { forEachIkePolicy, hasLocalCertificate } from '../ike-policies.js';

const CERT_OR_PSK = 'IKE policy must have either local certificate or pre-shared key configured';
const PSK_OR_SEEDED = 'IKE policy must have either pre-shared key or seeded-pre-shared key configured';
const ANY_ONE =
  'IKE policy must have either local certificate or pre-shared key or seeded-pre-shared key configured';

function check(ctx: RuleContext): void {
  forEachIkePolicy(ctx.tree, (p, path) => {
    const cert = hasLocalCertificate(p);
    const psk = p['pre-shared-key'] !== undefined;
    const seeded = p['seeded-pre-shared-key'] !== undefined;
    const n = Number(cert) + Number(psk) + Number(seeded);
    if (n === 1) return;
    const message =
      n === 0 || (cert && psk && !seeded) ? CERT_OR_PSK : psk && seeded && !cert ? PSK_OR_SEEDED : ANY_ONE;
    ctx.report({ code: 'IKE_POLICY_AUTH', message, path, at: 'key' });
  });
}

export const ikePolicyAuthenticationRule: Rule = { id: 'ike-policy-authentication', check };
