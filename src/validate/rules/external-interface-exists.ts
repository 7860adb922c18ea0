/**
 * external-interface-exists: an IKE gateway sends and receives IKE on its
 * `external-interface`, a logical interface written `<ifd>.<unit>` (unit 0
 * when no unit is given). Junos's `must` rule requires that unit to be
 * configured under `[edit interfaces]`. `interfaces` is not modelled, so the
 * unit is looked up among the verbatim statements (`interfaces ge-0/0/0 unit
 * 0 ...`, in curly blocks or set lines alike).
 */
import type { Rule, RuleContext } from '../rule.js';
import { getAt, isObject, listNames } from '../../tree/tree-ops.js';
import { activeObjectAt, opaqueHas, opaqueOf } from '../opaque.js';

/** `ge-0/0/0.10` -> ['ge-0/0/0', '10']; `st0` -> ['st0', '0']. */
export function splitInterface(name: string): [string, string] {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? [name.slice(0, dot), name.slice(dot + 1)] : [name, '0'];
}

function check(ctx: RuleContext): void {
  const gateways = getAt(ctx.tree, ['security', 'ike', 'gateway']);
  if (!isObject(gateways)) return;
  const top = opaqueOf(activeObjectAt(ctx.raw, []));
  for (const name of listNames(gateways)) {
    const g = gateways[name];
    const ifl = isObject(g) ? g['external-interface'] : undefined;
    if (typeof ifl !== 'string') continue;
    const [ifd, unit] = splitInterface(ifl);
    if (opaqueHas(top, ['interfaces', ifd, 'unit', unit])) continue;
    ctx.report({
      code: 'REFERENCE_UNDEFINED',
      message: 'Referenced interface must be configured under [edit interfaces] hierarchy',
      path: ['security', 'ike', 'gateway', name, 'external-interface'],
      related: [{ message: `'interfaces ${ifd} unit ${unit}' is not configured`, path: ['interfaces'] }],
    });
  }
}

export const externalInterfaceExistsRule: Rule = { id: 'external-interface-exists', check };
