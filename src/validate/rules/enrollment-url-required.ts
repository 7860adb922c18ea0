/**
 * enrollment-url-required: auto re-enrollment talks to the CA at the
 * `enrollment url` of the ca-profile it names, so Junos's `must` rule on
 * `auto-re-enrollment ... certificate-id <id> ca-profile-name <p>` requires
 * `security pki ca-profile <p> enrollment url` (for scep, cmpv2, acme and the
 * legacy bare form alike). A profile that does not exist at all is
 * reference-exists' business and is skipped here, so each mistake is reported
 * once.
 */
import type { Rule, RuleContext } from '../rule.js';
import { pkiView } from '../../tree/pki-view.js';

const MESSAGE =
  'Referenced ca-profile must have enrollment url configured under [edit security pki ca-profile <ca-profile-name> enrollment url]';

function check(ctx: RuleContext): void {
  const view = pkiView(ctx.tree);
  for (const r of view.autoReEnrollment) {
    if (r.caProfile === undefined) continue;
    // a missing profile is reported by reference-exists; the view is built only to report
    if (view.caProfileUrl(r.caProfile) !== undefined) continue;
    const profile = view.caProfile(r.caProfile);
    if (!profile) continue;
    ctx.report({
      code: 'REFERENCE_NO_ENROLLMENT_URL',
      message: MESSAGE,
      path: [...r.path, 'ca-profile-name'],
      related: [{ message: `ca-profile '${r.caProfile}' has no enrollment url`, path: profile.path }],
    });
  }
}

export const enrollmentUrlRequiredRule: Rule = { id: 'enrollment-url-required', check };
