/**
 * JSON / YAML of unmodelled (opaque) statements keeps what the curly text
 * holds: inactive / protect / annotations ("@" and "@<leaf>"), `[ a b ]` value
 * lists, and secrets (quoted, `## SECRET-DATA`).
 */
import { parseConfig } from '../../../src/syntax/parse-config.js';
import { printCurly } from '../../../src/syntax/print-curly.js';
import { printJson, printYaml } from '../../../src/syntax/print-json.js';
import { treesEqual } from '../../../src/tree/tree-ops.js';

const CURLY = `system {
    host-name sw1;
    root-authentication {
        encrypted-password "$6$abc$def"; ## SECRET-DATA
    }
    login {
        user ops {
            authentication {
                ssh-rsa "ssh-rsa AAAAB3Nza ops@host"; ## SECRET-DATA
            }
        }
    }
    services {
        ssh;
        /* legacy NMS */
        inactive: telnet;
    }
}
interfaces {
    ae0 {
        unit 0 {
            family ethernet-switching {
                vlan {
                    members [ USERS VOICE "MGMT 1" ];
                }
            }
        }
    }
}
inactive: protocols {
    lldp {
        interface all;
    }
}
protect: vlans {
    USERS {
        vlan-id 10;
    }
}
`;

describe('opaque statements through JSON and YAML', () => {
  const parsed = parseConfig(CURLY, 'in.conf');
  test.each([
    ['json', printJson],
    ['yaml', printYaml],
  ])('%s round trip keeps the tree and the text', (fmt, print) => {
    expect(parsed.diagnostics).toEqual([]);
    const again = parseConfig(print(parsed.value.tree), `x.${fmt}`);
    expect(again.diagnostics).toEqual([]);
    expect(printCurly(again.value.tree)).toBe(CURLY);
    expect(treesEqual(again.value.tree, parsed.value.tree)).toBe(true);
  });
  test('a value list is a JSON array, attributes are "@" objects', () => {
    const j = printJson(parsed.value.tree);
    expect(j).toContain('"members": [\n');
    expect(j).toContain('"@telnet": {');
  });
});

describe('multi-word and repeated unmodelled statements through JSON', () => {
  const text = `system {
    ntp {
        server 192.0.2.123 prefer;
        server 192.0.2.124;
    }
}
interfaces {
    xe-0/0/1 {
        unit 0 {
            family iso;
            family inet {
                address 10.0.0.1/31;
                address 10.0.0.3/31;
            }
            family mpls;
        }
    }
}
routing-options {
    static {
        route 0.0.0.0/0 next-hop 203.0.113.1;
        inactive: route 10.20.0.0/16 next-hop st0.1;
    }
}
policy-options {
    policy-statement IN {
        term T {
            from {
                route-filter 0.0.0.0/8 orlonger;
                route-filter 10.0.0.0/8 orlonger;
            }
            then reject;
        }
    }
}
`;
  test.each([
    ['json', printJson],
    ['yaml', printYaml],
  ])('%s keeps every statement and word', (fmt, print) => {
    const parsed = parseConfig(text, 'm.conf');
    expect(parsed.diagnostics).toEqual([]);
    const again = parseConfig(print(parsed.value.tree), `m.${fmt}`);
    expect(again.diagnostics).toEqual([]);
    expect(printCurly(again.value.tree)).toBe(text);
  });
});
