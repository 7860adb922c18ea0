/**
 * ike-gateway-dynamic-identity: a gateway whose peer has a dynamic address
 * identifies that peer inside `dynamic { ... }`; a `remote-identity` next to
 * `dynamic` is rejected by Junos's `must` rule with its (oddly capitalised)
 * message.
 */
import type { Rule, RuleContext } from '../rule.js';
import { getAt, isObject, listNames } from '../../tree/tree-ops.js';

function check(ctx: RuleContext): void {
  const gateways = getAt(ctx.tree, ['security', 'ike', 'gateway']);
  if (!isObject(gateways)) return;
  for (const name of listNames(gateways)) {
    const g = gateways[name];
    if (!isObject(g) || g.dynamic === undefined || g['remote-identity'] === undefined) continue;
    ctx.report({
      code: 'IKE_GATEWAY_DYNAMIC_IDENTITY',
      message: 'Since the remote gateway is dynamic, Define remote identity under dynamic',
      path: ['security', 'ike', 'gateway', name, 'remote-identity'],
      at: 'key',
    });
  }
}

export const ikeGatewayDynamicIdentityRule: Rule = { id: 'ike-gateway-dynamic-identity', check };
