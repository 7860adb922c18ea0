/**
 * reenroll-trigger-required: since Junos 23.1 every auto re-enrollment entry
 * must say when to re-enroll, either as `re-enroll-trigger-time-percentage`
 * (percent of the lifetime still remaining) or as `re-enroll-time` (days,
 * hours or percent before expiry); without one the device would never renew
 * the certificate, so commit fails with Junos's message. The diagnostic points
 * at the certificate-id entry.
 */
import type { Rule, RuleContext } from '../rule.js';
import { pkiView } from '../../tree/pki-view.js';

const MESSAGE = 'Re-enroll must configure the re-enroll-trigger-time-percentage or a re-enroll-time value';

function check(ctx: RuleContext): void {
  for (const r of pkiView(ctx.tree).autoReEnrollment) {
    if (!r.triggerConfigured)
      ctx.report({ code: 'REENROLL_TRIGGER_MISSING', message: MESSAGE, path: r.path, at: 'key' });
  }
}

export const reenrollTriggerRequiredRule: Rule = { id: 'reenroll-trigger-required', check };
