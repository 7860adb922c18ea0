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
import { getAt, isObject, listNames } from '../../tree/tree-ops.js';
import { isReservedKey, type ConfigObject } from '../../tree/config-tree.js';

const MESSAGE =
  'Referenced ca-profile must have enrollment url configured under [edit security pki ca-profile <ca-profile-name> enrollment url]';

/** Every auto-re-enrollment certificate-id entry: [path, entry] for scep, cmpv2, acme and the legacy form. */
export function reEnrollmentEntries(tree: ConfigObject): [string[], ConfigObject][] {
  const out: [string[], ConfigObject][] = [];
  const base = ['security', 'pki', 'auto-re-enrollment'];
  for (const sub of [['acme'], ['cmpv2'], ['scep'], []]) {
    const listPath = [...base, ...sub, 'certificate-id'];
    const list = getAt(tree, listPath);
    if (!isObject(list)) continue;
    for (const id of listNames(list)) {
      const e = list[id];
      if (isObject(e)) out.push([[...listPath, id], e]);
    }
  }
  return out;
}

function check(ctx: RuleContext): void {
  const profiles = getAt(ctx.tree, ['security', 'pki', 'ca-profile']);
  for (const [path, entry] of reEnrollmentEntries(ctx.tree)) {
    const name = entry['ca-profile-name'];
    if (typeof name !== 'string' || isReservedKey(name) || !isObject(profiles)) continue;
    const profile = profiles[name];
    if (!isObject(profile)) continue; // missing profile: reported by reference-exists
    const enrollment = profile.enrollment;
    if (isObject(enrollment) && typeof enrollment.url === 'string') continue;
    ctx.report({
      code: 'REFERENCE_NO_ENROLLMENT_URL',
      message: MESSAGE,
      path: [...path, 'ca-profile-name'],
      related: [
        {
          message: `ca-profile '${name}' has no enrollment url`,
          path: ['security', 'pki', 'ca-profile', name],
        },
      ],
    });
  }
}

export const enrollmentUrlRequiredRule: Rule = { id: 'enrollment-url-required', check };
