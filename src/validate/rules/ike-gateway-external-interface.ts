/**
 * ike-gateway-external-interface: an IKE gateway negotiates on its
 * `external-interface`, and Junos refuses a gateway without one (`Missing
 * mandatory statement: 'external-interface'`), except the gateway of the
 * multinode-HA inter-chassis link: an IPsec VPN with `ha-link-encryption`
 * runs over the ICL that `chassis high-availability` names, so its `ike
 * gateway` has no external interface of its own. The YANG marks
 * `external-interface` optional (it has no `mandatory`); the rule is the
 * commit check that mgd/kmd make. `security ipsec` is not modelled: the VPNs
 * are read from the verbatim statements (inactive ones do not count).
 */
import type { Rule, RuleContext } from '../rule.js';
import { getAt, isObject, listNames } from '../../tree/tree-ops.js';
import { activeObjectAt, opaqueOf, opaquePaths } from '../opaque.js';

/** Gateways named by `security ipsec vpn <v> ike gateway <g>` of VPNs with `ha-link-encryption`. */
function haLinkGateways(ctx: RuleContext): Set<string> {
  const paths = opaquePaths(opaqueOf(activeObjectAt(ctx.raw, ['security'])));
  const ha = new Set<string>();
  const gatewayOf = new Map<string, string[]>();
  for (const p of paths) {
    if (p[0] !== 'ipsec' || p[1] !== 'vpn' || p.length < 4) continue;
    const vpn = p[2];
    if (p[3] === 'ha-link-encryption') ha.add(vpn);
    if (p[3] === 'ike' && p[4] === 'gateway' && p[5] !== undefined)
      gatewayOf.set(vpn, [...(gatewayOf.get(vpn) ?? []), p[5]]);
  }
  const out = new Set<string>();
  for (const vpn of ha) for (const g of gatewayOf.get(vpn) ?? []) out.add(g);
  return out;
}

function check(ctx: RuleContext): void {
  const gateways = getAt(ctx.tree, ['security', 'ike', 'gateway']);
  if (!isObject(gateways)) return;
  let ha: Set<string> | undefined;
  for (const name of listNames(gateways)) {
    const g = gateways[name];
    if (!isObject(g) || g['external-interface'] !== undefined) continue;
    ha ??= haLinkGateways(ctx);
    if (ha.has(name)) continue;
    ctx.report({
      code: 'MISSING_MANDATORY',
      message: "Missing mandatory statement: 'external-interface'",
      path: ['security', 'ike', 'gateway', name],
      at: 'key',
    });
  }
}

export const ikeGatewayExternalInterfaceRule: Rule = { id: 'ike-gateway-external-interface', check };
