/**
 * `| display set` of an unmodelled value list: one set line per value, as
 * Junos prints it (`set system login class C permissions clear`, ...).
 */
import { parseConfig } from '../../../src/syntax/parse-config.js';
import { printSet } from '../../../src/syntax/print-set.js';

test('an unmodelled [ a b ] list prints one set line per value', () => {
  const text = `system {
    login {
        class netops {
            permissions [ clear network "view x" ];
        }
    }
}
interfaces {
    inactive: ae0 {
        unit 0 {
            family ethernet-switching {
                vlan {
                    members [ USERS VOICE ];
                }
            }
        }
    }
}
`;
  const parsed = parseConfig(text, 'v.conf');
  expect(parsed.diagnostics).toEqual([]);
  const set = printSet(parsed.value.tree);
  expect(set).toBe(
    [
      'set system login class netops permissions clear',
      'set system login class netops permissions network',
      'set system login class netops permissions "view x"',
      'set interfaces ae0 unit 0 family ethernet-switching vlan members USERS',
      'set interfaces ae0 unit 0 family ethernet-switching vlan members VOICE',
      'deactivate interfaces ae0',
      '',
    ].join('\n'),
  );
  // and the set lines are stable through another parse (the deactivate of an
  // unmodelled block read from set lines is a known gap: apply-commands)
  const plain = set.split('\n').slice(0, 3).join('\n') + '\n';
  expect(printSet(parseConfig(plain, 'v.set').value.tree)).toBe(plain);
});
