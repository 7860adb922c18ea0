/**
 * Comments in curly text as Junos treats them on load: `# text` lines directly
 * above a statement become its annotation; `##` lines are CLI decorations
 * (`## Last changed`, `## Warning: ...`) that the printer writes anew, e.g.
 * `## Warning: 'certificate-id' is deprecated` above a deprecated statement.
 */
import { parseConfig } from '../../../src/syntax/parse-config.js';
import { printCurly } from '../../../src/syntax/print-curly.js';
import { printSet } from '../../../src/syntax/print-set.js';
import { printJson } from '../../../src/syntax/print-json.js';

describe('# comment lines', () => {
  const text = `## Last changed: 2026-11-20 14:02:11 UTC
# site: Berlin
# owner: netops
system {
    host-name a;
    # old NMS
    inactive: services {
        ssh; # trailing comments stay comments
    }
}
interfaces {
    ge-0/0/0 {
        # WAN
        unit 0;
    }
}
`;
  const parsed = parseConfig(text, 'c.conf');
  test('become the annotation of the next statement', () => {
    expect(parsed.diagnostics).toEqual([]);
    expect(printCurly(parsed.value.tree)).toBe(text.replace(/^## Last changed:.*\n/, ''));
    expect(printJson(parsed.value.tree)).toContain('"comment": "# site: Berlin\\n# owner: netops"');
  });
  test('display set leaves annotations out', () => {
    expect(printSet(parsed.value.tree)).not.toContain('#');
  });
});

describe('deprecated statements', () => {
  const text = `security {
    pki {
        ca-profile CA1 {
            ca-identity CA1;
            enrollment {
                url http://ca.example.com/scep;
            }
        }
        auto-re-enrollment {
            ## Warning: 'certificate-id' is deprecated
            certificate-id c1 {
                ca-profile-name CA1;
                re-enroll-trigger-time-percentage 10;
                challenge-password "$9$9hLpp1Ex7VgoG7-GDiHPfEcyrWxY2ajHq690IESW8goaZik"; ## SECRET-DATA
            }
        }
    }
}
`;
  test("print `## Warning: '<name>' is deprecated` above them, once", () => {
    const parsed = parseConfig(text, 'd.conf');
    expect(parsed.diagnostics).toEqual([]);
    const once = printCurly(parsed.value.tree);
    expect(once).toBe(text);
    expect(printCurly(parseConfig(once, 'again.conf').value.tree)).toBe(text);
    expect(printSet(parsed.value.tree)).not.toContain('Warning');
  });
});

describe('one-liners holding a secret', () => {
  test('end with ## SECRET-DATA like a secret leaf', () => {
    const text = `security {
    ike {
        policy PSK {
            proposal-set standard;
            pre-shared-key ascii-text "$9$caArlM-dsY4Z8L4ZGDmPRhcyKMX7Vg4Zcys4aZkqO1R"; ## SECRET-DATA
        }
    }
}
`;
    const parsed = parseConfig(text, 'p.conf');
    expect(parsed.diagnostics).toEqual([]);
    expect(printCurly(parsed.value.tree)).toBe(text);
  });
});
