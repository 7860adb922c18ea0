/**
 * Configuration groups are expanded before validation (junos-cli.md §8): what
 * an applied group holds counts, local statements win, groups are unioned into
 * leaf-lists, list order is priority, lower levels win, `apply-groups-except`
 * blocks, `<pattern>` entries match; diagnostics on inherited statements point
 * inside the group and say so. The stored tree stays unexpanded.
 */
import { readFileSync } from 'node:fs';
import { parseConfig } from '../../../src/syntax/parse-config.js';
import { printCurly } from '../../../src/syntax/print-curly.js';
import { validateTree } from '../../../src/validate/validate.js';
import { expandGroups } from '../../../src/validate/apply-groups.js';
import { matchesPattern } from '../../../src/validate/groups/group-pattern.js';
import { defaultReftree } from '../../../src/reftree/reftree.js';
import { getAt } from '../../../src/tree/tree-ops.js';
import { applyCommands } from '../../../src/syntax/apply-commands.js';
import { parseCommands } from '../../../src/syntax/parse-commands.js';

function lineCol(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `${before.length}:${before[before.length - 1].length + 1}`;
}

function check(text: string, source = 'g.conf') {
  const parsed = parseConfig(text, source);
  expect(parsed.diagnostics).toEqual([]);
  const ds = validateTree(parsed.value.tree, parsed.value.spans);
  return {
    parsed,
    ds,
    lines: ds.map(
      (d) =>
        `${d.span ? lineCol(text, d.span.start) : '-'} ${d.severity} [${(d.path ?? []).join(' ')}] '${d.statement ?? ''}' ${d.message}`,
    ),
  };
}

function expanded(text: string) {
  const parsed = parseConfig(text, 'x.conf');
  expect(parsed.diagnostics).toEqual([]);
  return expandGroups(parsed.value.tree, parsed.value.spans, defaultReftree());
}

const IKE_USES_X = `security {
    ike {
        policy P {
            proposal-set standard;
            certificate {
                local-certificate lc;
                trusted-ca ca-profile X;
            }
        }
    }
}
`;

const GROUP_WITH_X = `groups {
    G {
        security {
            pki {
                ca-profile X {
                    ca-identity X;
                    enrollment {
                        url http://ca.example.com/scep;
                    }
                }
            }
        }
    }
}
`;

describe('apply-groups expansion for validation', () => {
  test('a ca-profile defined only in an applied group satisfies trusted-ca and ca-profile-name', () => {
    const withReenroll = IKE_USES_X.replace(
      /\n}\n$/,
      `
    pki {
        auto-re-enrollment {
            scep {
                certificate-id lc {
                    ca-profile-name X;
                    challenge-password "$9$abc";
                    re-enroll-trigger-time-percentage 10;
                }
            }
        }
    }
}
`,
    );
    // without apply-groups the references fail
    const without = check(GROUP_WITH_X + withReenroll);
    expect(without.ds.filter((d) => d.severity === 'error').map((d) => d.code)).toEqual([
      'REFERENCE_UNDEFINED',
      'REFERENCE_UNDEFINED',
    ]);
    const withGroups = check(GROUP_WITH_X + 'apply-groups G;\n' + withReenroll);
    expect(withGroups.lines).toEqual([]);
  });

  test('the stored tree is not expanded (plain show prints the groups as written)', () => {
    const text = GROUP_WITH_X + 'apply-groups G;\n' + IKE_USES_X;
    const { parsed } = check(text);
    expect(getAt(parsed.value.tree, ['security', 'pki'])).toBeUndefined();
    expect(printCurly(parsed.value.tree)).not.toMatch(/^security \{\n {4}pki/m);
    const x = expandGroups(parsed.value.tree, parsed.value.spans, defaultReftree());
    expect(getAt(x.tree, ['security', 'pki', 'ca-profile', 'X', 'ca-identity'])).toBe('X');
    expect(x.inheritedFrom(['security', 'pki', 'ca-profile', 'X', 'enrollment', 'url'])).toBe('G');
    expect(x.inheritedFrom(['security', 'ike'])).toBeUndefined();
  });

  test('a bad value inside an applied group is reported at its position, as inherited', () => {
    const text = `groups {
    G {
        security {
            pki {
                ca-profile X {
                    ca-identity X;
                    enrollment {
                        url http://ca.example.com/scep;
                        retry 5000;
                    }
                }
            }
        }
    }
}
apply-groups G;
`;
    expect(check(text).lines).toEqual([
      "9:25 error [security pki ca-profile X enrollment] 'retry 5000' Value 5000 is not within range (0..1080) (inherited from group 'G')",
    ]);
  });

  test('a group that is not applied is not validated (but its statements must exist)', () => {
    const text = `groups {
    G {
        security {
            pki {
                ca-profile X {
                    enrollment {
                        retry 5000;
                    }
                    bogus 1;
                }
            }
        }
    }
}
`;
    const lines = check(text).lines;
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^9:21 error \[groups G security pki ca-profile X\] .*bogus.*\(in group 'G'\)$/);
  });

  test('local values override inherited ones; leaf-lists are unioned', () => {
    const x = expanded(`groups {
    G {
        security {
            pki {
                ca-profile A {
                    ca-identity from-group;
                    enrollment {
                        retry 3;
                    }
                }
                trusted-ca-group T {
                    ca-profiles [ A B ];
                }
            }
        }
    }
}
apply-groups G;
security {
    pki {
        ca-profile A {
            ca-identity local;
        }
        ca-profile B {
            ca-identity B;
        }
        trusted-ca-group T {
            ca-profiles [ B C ];
        }
    }
}
`);
    expect(getAt(x.tree, ['security', 'pki', 'ca-profile', 'A', 'ca-identity'])).toBe('local');
    expect(getAt(x.tree, ['security', 'pki', 'ca-profile', 'A', 'enrollment', 'retry'])).toBe(3);
    expect(getAt(x.tree, ['security', 'pki', 'trusted-ca-group', 'T', 'ca-profiles'])).toEqual([
      'B',
      'C',
      'A',
    ]);
    expect(x.inheritedFrom(['security', 'pki', 'ca-profile', 'A', 'ca-identity'])).toBeUndefined();
    expect(x.inheritedFrom(['security', 'pki', 'ca-profile', 'A', 'enrollment'])).toBe('G');
  });

  test('the first group listed wins; a group applied lower wins over one applied above', () => {
    const groups = `groups {
    ONE {
        security {
            pki {
                ca-profile X {
                    ca-identity one;
                }
            }
        }
    }
    TWO {
        security {
            pki {
                ca-profile X {
                    ca-identity two;
                    enrollment {
                        retry 2;
                    }
                }
            }
        }
    }
}
`;
    const id = (t: string) => getAt(expanded(t).tree, ['security', 'pki', 'ca-profile', 'X', 'ca-identity']);
    expect(id(groups + 'apply-groups [ ONE TWO ];\n')).toBe('one');
    expect(id(groups + 'apply-groups [ TWO ONE ];\n')).toBe('two');
    const lower = expanded(groups + 'apply-groups ONE;\nsecurity {\n    apply-groups TWO;\n}\n');
    expect(getAt(lower.tree, ['security', 'pki', 'ca-profile', 'X', 'ca-identity'])).toBe('two');
    expect(getAt(lower.tree, ['security', 'pki', 'ca-profile', 'X', 'enrollment', 'retry'])).toBe(2);
  });

  test('apply-groups at a lower level inherits only that level and below', () => {
    const x = expanded(`groups {
    G {
        system {
            host-name from-group;
        }
        security {
            pki {
                ca-profile X {
                    ca-identity X;
                }
            }
        }
    }
}
security {
    apply-groups G;
}
`);
    expect(getAt(x.tree, ['security', 'pki', 'ca-profile', 'X', 'ca-identity'])).toBe('X');
    expect(getAt(x.tree, ['system'])).toBeUndefined();
  });

  test('apply-groups and apply-groups-except stand at any level (security pki, a ca-profile)', () => {
    const text = `groups {
    G {
        security {
            pki {
                ca-profile <*> {
                    enrollment {
                        retry 9;
                    }
                }
            }
        }
    }
}
security {
    pki {
        apply-groups G;
        ca-profile A {
            ca-identity A;
        }
        ca-profile B {
            apply-groups-except G;
            ca-identity B;
        }
    }
}
`;
    const x = expanded(text);
    expect(getAt(x.tree, ['security', 'pki', 'ca-profile', 'A', 'enrollment', 'retry'])).toBe(9);
    expect(getAt(x.tree, ['security', 'pki', 'ca-profile', 'B', 'enrollment'])).toBeUndefined();
    // the same as set lines, and written back unexpanded
    const set = [
      'set groups G security pki ca-profile <*> enrollment retry 9',
      'set security pki apply-groups G',
      'set security pki ca-profile A ca-identity A',
      'set security pki ca-profile B apply-groups-except G',
      'set security pki ca-profile B ca-identity B',
      '',
    ].join('\n');
    const p = parseConfig(set, 's.set');
    expect(p.diagnostics).toEqual([]);
    expect(printCurly(p.value.tree)).toContain('    pki {\n        apply-groups G;\n        ca-profile A {');
    const y = expandGroups(p.value.tree, p.value.spans, defaultReftree());
    expect(getAt(y.tree, ['security', 'pki', 'ca-profile', 'A', 'enrollment', 'retry'])).toBe(9);
    expect(getAt(y.tree, ['security', 'pki', 'ca-profile', 'B', 'enrollment'])).toBeUndefined();
  });

  test('apply-groups-except stops a group below a point', () => {
    const text = `groups {
    G {
        system {
            host-name from-group;
        }
        security {
            pki {
                ca-profile X {
                    ca-identity X;
                }
            }
        }
    }
}
apply-groups G;
security {
    apply-groups-except G;
}
`;
    const x = expanded(text);
    expect(getAt(x.tree, ['system', 'host-name'])).toBe('from-group');
    expect(getAt(x.tree, ['security', 'pki'])).toBeUndefined();
    expect(
      getAt(expanded(text.replace('apply-groups-except G;', '')).tree, ['security', 'pki']),
    ).toBeDefined();
  });

  test('<pattern> entries of a group apply to every matching entry and are not created', () => {
    const x = expanded(`groups {
    G {
        security {
            pki {
                ca-profile <*> {
                    revocation-check {
                        disable;
                    }
                }
                ca-profile <lab-*> {
                    enrollment {
                        retry 7;
                    }
                }
            }
        }
    }
}
apply-groups G;
security {
    pki {
        ca-profile lab-a {
            ca-identity a;
        }
        ca-profile prod {
            ca-identity p;
        }
    }
}
`);
    const cp = getAt(x.tree, ['security', 'pki', 'ca-profile']) as Record<string, unknown>;
    expect(Object.keys(cp).filter((k) => !k.startsWith('@'))).toEqual(['lab-a', 'prod']);
    expect(getAt(x.tree, ['security', 'pki', 'ca-profile', 'prod', 'revocation-check', 'disable'])).toBe(
      true,
    );
    expect(getAt(x.tree, ['security', 'pki', 'ca-profile', 'lab-a', 'enrollment', 'retry'])).toBe(7);
    expect(getAt(x.tree, ['security', 'pki', 'ca-profile', 'prod', 'enrollment'])).toBeUndefined();
  });

  test('glob patterns: *, ?, character classes and ranges', () => {
    expect(matchesPattern('<*>', 'anything')).toBe(true);
    expect(matchesPattern('<ge-*>', 'ge-0/0/1')).toBe(true);
    expect(matchesPattern('<ge-*>', 'xe-0/0/1')).toBe(false);
    expect(matchesPattern('<xe-0/0/[0-3]>', 'xe-0/0/2')).toBe(true);
    expect(matchesPattern('<xe-0/0/[0-3]>', 'xe-0/0/4')).toBe(false);
    expect(matchesPattern('<ca-?>', 'ca-1')).toBe(true);
    expect(matchesPattern('<ca-?>', 'ca-12')).toBe(false);
    expect(matchesPattern('<ca.*>', 'caX')).toBe(false);
  });

  test('set format: groups from set lines, diagnostics at the line inside the group', () => {
    const text = [
      'set groups G security pki ca-profile X ca-identity X',
      'set groups G security pki ca-profile X enrollment url http://ca/scep',
      'set groups G security pki ca-profile X enrollment retry-interval 99999',
      'set apply-groups G',
      'set security ike policy P proposal-set standard',
      'set security ike policy P certificate local-certificate lc',
      'set security ike policy P certificate trusted-ca ca-profile X',
      '',
    ].join('\n');
    const r = check(text, 'g.set');
    expect(r.lines).toHaveLength(1);
    expect(r.lines[0]).toMatch(
      /^3:1 error \[security pki ca-profile X enrollment\] 'retry-interval 99999' .*\(inherited from group 'G'\)$/,
    );
  });

  test('inactive groups and inactive apply-groups inherit nothing', () => {
    const t1 = GROUP_WITH_X.replace('    G {', '    inactive: G {') + 'apply-groups G;\n';
    expect(getAt(expanded(t1).tree, ['security'])).toBeUndefined();
    const t2 = GROUP_WITH_X + 'inactive: apply-groups G;\n';
    expect(getAt(expanded(t2).tree, ['security'])).toBeUndefined();
  });

  test('a configuration without groups is validated as it is (same tree)', () => {
    const parsed = parseConfig(IKE_USES_X, 'n.conf');
    const x = expandGroups(parsed.value.tree, parsed.value.spans, defaultReftree());
    expect(x.tree).toBe(parsed.value.tree);
  });

  test('subtrees that neither inherit nor apply a group are shared, not copied', () => {
    const parsed = parseConfig(
      GROUP_WITH_X + 'system {\n    host-name h;\n}\nsecurity {\n    apply-groups G;\n}\n',
      's.conf',
    );
    const x = expandGroups(parsed.value.tree, parsed.value.spans, defaultReftree());
    expect(getAt(x.tree, ['security', 'pki', 'ca-profile', 'X', 'ca-identity'])).toBe('X');
    expect(getAt(x.tree, ['system'])).toBe(getAt(parsed.value.tree, ['system']));
  });

  test('a later version of the configuration reuses the expansion of unchanged parts, marks included', () => {
    const text = `groups {
    G {
        security {
            pki {
                ca-profile <*> {
                    enrollment {
                        retry 5000;
                    }
                }
            }
        }
    }
}
apply-groups G;
security {
    pki {
        ca-profile A {
            ca-identity A;
        }
        ca-profile B {
            ca-identity B;
        }
    }
}
`;
    const { parsed, lines } = check(text);
    const expected = [
      "7:25 error [security pki ca-profile A] 'enrollment' Missing mandatory statement: 'url' (inherited from group 'G')",
      "7:25 error [security pki ca-profile A enrollment] 'retry 5000' Value 5000 is not within range (0..1080) (inherited from group 'G')",
      "7:25 error [security pki ca-profile B] 'enrollment' Missing mandatory statement: 'url' (inherited from group 'G')",
      "7:25 error [security pki ca-profile B enrollment] 'retry 5000' Value 5000 is not within range (0..1080) (inherited from group 'G')",
    ];
    expect([...lines].sort()).toEqual([...expected].sort());
    const next = applyCommands(
      { tree: parsed.value.tree, spans: parsed.value.spans, editPath: [] },
      parseCommands('set security pki ca-profile A ca-identity A2\n', 'x').value,
      { reftree: defaultReftree() },
    );
    const x1 = expandGroups(parsed.value.tree, parsed.value.spans, defaultReftree());
    const x2 = expandGroups(next.value.tree, next.value.spans, defaultReftree());
    // B did not change: its expansion is the same object
    expect(getAt(x2.tree, ['security', 'pki', 'ca-profile', 'B'])).toBe(
      getAt(x1.tree, ['security', 'pki', 'ca-profile', 'B']),
    );
    expect(x2.inheritedFrom(['security', 'pki', 'ca-profile', 'B', 'enrollment', 'retry'])).toBe('G');
    expect(x2.inherited.map(([p]) => p.join(' '))).toEqual(x1.inherited.map(([p]) => p.join(' ')));
    const again = validateTree(next.value.tree, next.value.spans).map(
      (d) => `${d.span ? lineCol(text, d.span.start) : '-'} ${(d.path ?? []).join(' ')} ${d.message}`,
    );
    expect([...again].sort()).toEqual(
      expected.map((l) => l.replace(/ error \[(.*?)\] '[^']*'/, ' $1')).sort(),
    );
  });

  test('device samples with groups still validate clean', () => {
    for (const f of ['samples/devices/vsrx-site-vpn.conf', 'samples/devices/vsrx-pki-edge.conf']) {
      const text = readFileSync(f, 'utf8');
      const parsed = parseConfig(text, f);
      const errs = validateTree(parsed.value.tree, parsed.value.spans).filter((d) => d.severity === 'error');
      expect(errs).toEqual([]);
    }
  });
});
