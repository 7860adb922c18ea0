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
