// TAB / space completion and `?` on partial words (the editor's hooks).
import { makeShell } from './fakes.js';

test('TAB completes a unique keyword with a space', () => {
  const { sh } = makeShell();
  expect(sh.complete('conf', 'tab')).toEqual({ line: 'configure ' });
  expect(sh.complete('show sec', 'tab')).toEqual({ line: 'show security ' });
});

test('TAB on an ambiguous prefix lists the candidates; space just inserts a space', () => {
  const { sh } = makeShell();
  expect(sh.complete('s', 'tab')).toEqual({ line: 'show ' });
  const amb = sh.complete('show s', 'tab');
  expect(amb.list).toBe(
    'Possible completions:\n  security             Show security information\n  system               Show system information\n',
  );
  expect(amb.line).toBe('show s');
  expect(sh.complete('show s', 'space')).toEqual({ line: 'show s ' });
});

test('existing names: TAB completes them, space does not', async () => {
  const { sh } = makeShell();
  await sh.execute('configure');
  await sh.execute('set security pki ca-profile ROOT-CA ca-identity R');
  expect(sh.complete('set security pki ca-profile RO', 'tab')).toEqual({
    line: 'set security pki ca-profile ROOT-CA ',
  });
  expect(sh.complete('set security pki ca-profile RO', 'space')).toEqual({
    line: 'set security pki ca-profile RO ',
  });
  expect(sh.complete('set sec', 'space')).toEqual({ line: 'set security ' });
});

test('? on a partial word lists the matching completions only', async () => {
  const { sh } = makeShell();
  await sh.execute('configure');
  expect(sh.help('set security pki ca-pro')).toBe(
    [
      'Possible completions:',
      '> ca-profile           Certificate authority profile configuration',
      '> ca-profile-group     CA profile group configuration',
      '',
    ].join('\n'),
  );
  expect(sh.help('set security pky')).toBe(
    ' '.repeat('admin@r1# set security '.length) + '^\nsyntax error.\n',
  );
});

test('ambiguous abbreviations are errors listing the candidates', async () => {
  const { sh } = makeShell();
  await sh.execute('configure');
  const r = await sh.execute('set security pki ca-pr X');
  expect(r.text).toBe(
    [
      ' '.repeat('admin@r1# set security pki '.length) + '^',
      "'ca-pr' is ambiguous.",
      'Possible completions:',
      '> ca-profile           Certificate authority profile configuration',
      '> ca-profile-group     CA profile group configuration',
      '',
    ].join('\n'),
  );
});

test('space after | or a value is kept', () => {
  const { sh } = makeShell();
  expect(sh.complete('show |', 'space')).toEqual({ line: 'show | ' });
  expect(sh.complete('show | match "a', 'space')).toEqual({ line: 'show | match "a ' });
  expect(sh.complete('show | m', 'space')).toEqual({ line: 'show | match ' });
});

describe('outside security pki: the generated YANG schema', () => {
  test('TAB completes keywords and `?` shows their type', async () => {
    const { sh } = makeShell();
    await sh.execute('configure');
    expect(sh.complete('set interfaces ge-0/0/0 uni', 'tab')).toEqual({
      line: 'set interfaces ge-0/0/0 unit ',
    });
    expect(sh.complete('set interfaces ge-0/0/0 unit 0 fam', 'tab')).toEqual({
      line: 'set interfaces ge-0/0/0 unit 0 family ',
    });
    expect(sh.help('set interfaces ge-0/0/0 unit 0 vlan-id-r')).toBe(
      ['Possible completions:', '  vlan-id-range        <vlan-range>', ''].join('\n'),
    );
  });
  test('a typo and a value out of range are refused at the word', async () => {
    const { sh } = makeShell();
    await sh.execute('configure');
    const typo = await sh.execute('set interfaces ge-0/0/1 unt 0 family inet address 192.168.77.11/24');
    expect(typo.text).toBe(' '.repeat('admin@r1# set interfaces ge-0/0/1 '.length) + '^\nsyntax error.\n');
    const ospf = 'set protocols ospf area 0.0.0.0 interface ge-0/0/1.0 hello-interval';
    expect((await sh.execute(`${ospf} 70000`)).text).toBe(
      ' '.repeat(`admin@r1# ${ospf} `.length) + '^\nValue 70000 is not within range (1..255)\n',
    );
    expect((await sh.execute(`${ospf} 10`)).ok).toBe(true);
  });
  test('security pki keeps its hand-written help', async () => {
    const { sh } = makeShell();
    await sh.execute('configure');
    expect(sh.help('set security pk')).toBe(
      ['Possible completions:', '> pki                  PKI service configuration', ''].join('\n'),
    );
  });
});
