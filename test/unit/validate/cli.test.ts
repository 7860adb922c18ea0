/** `pkicfg validate` and `pkicfg convert`, called in-process with captured streams. */
import { validateCommand } from '../../../src/cli/commands/validate.js';
import { convertCommand } from '../../../src/cli/commands/convert.js';
import { runCaptured } from '../../cli-io.js';

const run = (cmd: typeof validateCommand, args: string[], stdin = '') => runCaptured(cmd, args, { stdin });

const GOOD = 'samples/certificate-enrollment.set';
const DEVICE = 'samples/srx-device.conf';
const BAD = 'samples/broken/re-enrollment.set';

describe('pkicfg validate', () => {
  test('valid files: exit 0, no output', async () => {
    expect(await run(validateCommand, [GOOD, DEVICE])).toEqual({ code: 0, out: '', err: '' });
  });
  test('configuration errors: exit 1, every problem as file:line:col', async () => {
    const r = await run(validateCommand, [BAD]);
    expect(r.code).toBe(1);
    const lines = r.out.trimEnd().split('\n');
    expect(lines.length).toBe(10);
    expect(lines[0]).toBe(
      `${BAD}:4:80: error: Referenced ca-profile must be defined under [edit security pki ca-profile] [REFERENCE_UNDEFINED]`,
    );
    expect(lines).toContain(`${BAD}:8:52: warning: 'certificate-id' is deprecated [DEPRECATED_STATEMENT]`);
  });
  test('several files: problems of all of them', async () => {
    const r = await run(validateCommand, [BAD, 'samples/broken/ike-references.conf', GOOD]);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`${BAD}:`);
    expect(r.out).toContain('samples/broken/ike-references.conf:');
  });
  test('syntax errors: exit 1', async () => {
    const r = await run(validateCommand, ['samples/broken/syntax-error.conf']);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^samples\/broken\/syntax-error\.conf:5:25: error: /);
  });
  test('stdin with -', async () => {
    const r = await run(validateCommand, ['-'], 'set security pki ca-profile A.B ca-identity A\n');
    expect(r).toEqual({
      code: 1,
      out: `<stdin>:1:29: error: Must not contain '/', %, '.' or a space [INVALID_NAME]\n`,
      err: '',
    });
  });
  test('warnings pass, but fail under --strict', async () => {
    const text =
      'set security pki auto-re-enrollment certificate-id C re-enroll-trigger-time-percentage 10\n';
    expect((await run(validateCommand, ['-'], text)).code).toBe(0);
    const strict = await run(validateCommand, ['--strict', '-'], text);
    expect(strict.code).toBe(1);
    expect(strict.out).toContain('warning:');
  });
  test('--strict reports unmodelled statements', async () => {
    const r = await run(validateCommand, ['--strict', DEVICE]);
    expect(r.code).toBe(1);
    expect(r.out).toContain("'interfaces' is not modelled by pkicfg");
  });
  test('usage and I/O errors: exit 2', async () => {
    expect((await run(validateCommand, [])).code).toBe(2);
    expect((await run(validateCommand, ['--format', 'xml', GOOD])).code).toBe(2);
    expect((await run(validateCommand, ['--bogus', GOOD])).code).toBe(2);
    const missing = await run(validateCommand, ['samples/does-not-exist.conf', GOOD]);
    expect(missing.code).toBe(2);
    expect(missing.err).toBe(
      "pkicfg validate: could not read 'samples/does-not-exist.conf': No such file or directory\n",
    );
    expect((await run(validateCommand, ['--help'])).code).toBe(0);
  });
  test('--format json', async () => {
    const r = await run(validateCommand, ['--format', 'json', BAD]);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out) as {
      valid: boolean;
      errors: number;
      warnings: number;
      diagnostics: { line: number }[];
    };
    expect(j).toMatchObject({ valid: false, errors: 9, warnings: 1 });
    expect(j.diagnostics[0]).toMatchObject({ code: 'REFERENCE_UNDEFINED', file: BAD, line: 4, column: 80 });
  });
  test('--format sarif', async () => {
    const r = await run(validateCommand, ['--format', 'sarif', BAD]);
    const log = JSON.parse(r.out) as {
      version: string;
      runs: { results: { ruleId: string }[]; tool: { driver: { rules: { id: string }[] } } }[];
    };
    expect(log.version).toBe('2.1.0');
    expect(log.runs[0].results).toHaveLength(10);
    expect(log.runs[0].tool.driver.rules.map((x) => x.id)).toContain('REENROLL_TRIGGER_MISSING');
  });
  test('--format github', async () => {
    const r = await run(validateCommand, ['--format', 'github', BAD]);
    expect(r.out.split('\n')[0]).toBe(
      `::error file=${BAD},line=4,col=80,endLine=4,endColumn=90,title=REFERENCE_UNDEFINED::Referenced ca-profile must be defined under [edit security pki ca-profile] ([edit security pki auto-re-enrollment scep certificate-id cert-a] 'ca-profile-name missing-ca')`,
    );
  });
  test('--format junos', async () => {
    const r = await run(validateCommand, ['--format', 'junos', BAD]);
    expect(r.out.split('\n').slice(0, 3)).toEqual([
      '[edit security pki auto-re-enrollment scep certificate-id cert-a]',
      "  'ca-profile-name missing-ca'",
      '    Referenced ca-profile must be defined under [edit security pki ca-profile]',
    ]);
    expect(r.out.trimEnd().split('\n').pop()).toBe(
      'error: configuration check-out failed: (statements constraint check failed)',
    );
  });
  test('--frame adds code frames', async () => {
    const r = await run(validateCommand, ['--frame', BAD]);
    expect(r.out).toContain('> 4 | set security pki auto-re-enrollment scep certificate-id cert-a');
  });
});

describe('pkicfg convert', () => {
  test('set -> curly -> set round trip keeps the statements', async () => {
    const curly = await run(convertCommand, [GOOD, '--to', 'curly']);
    expect(curly.code).toBe(0);
    expect(curly.out).toContain('ca-profile ca-profile-ipsec {');
    const set = await run(convertCommand, ['-', '--to', 'set'], curly.out);
    expect(set.code).toBe(0);
    expect(set.out).toContain(
      'set security pki ca-profile ca-profile-ipsec enrollment url http://198.51.100.230:8080/scep/WIN-01/',
    );
    expect(set.out).toContain('re-enroll-trigger-time-percentage 10');
  });
  test('json and yaml', async () => {
    const json = await run(convertCommand, [GOOD, '--to', 'json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.out)).toHaveProperty('configuration');
    const yaml = await run(convertCommand, [GOOD, '--to', 'yaml']);
    expect(yaml.code).toBe(0);
    expect(yaml.out).toContain('ca-identity: microsoft-2008');
  });
  test('secrets stay encrypted', async () => {
    const r = await run(
      convertCommand,
      ['-', '--to', 'set'],
      'set security pki auto-re-enrollment scep certificate-id C challenge-password clear-text-pw\n',
    );
    expect(r.out).not.toContain('clear-text-pw');
    expect(r.out).toContain('challenge-password "$9$');
  });
  test('syntax errors: exit 1 with positions on stderr', async () => {
    const r = await run(convertCommand, ['samples/broken/syntax-error.conf', '--to', 'set']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/syntax-error\.conf:5:25: error:/);
  });
  test('usage errors: exit 2', async () => {
    expect((await run(convertCommand, [GOOD])).code).toBe(2);
    expect((await run(convertCommand, [GOOD, '--to', 'xml'])).code).toBe(2);
    expect((await run(convertCommand, ['nope.conf', '--to', 'set'])).code).toBe(2);
  });
});

describe('registration', () => {
  test('`pkicfg validate` and `pkicfg convert` are reachable through run()', async () => {
    const { run: runCli } = await import('../../../src/cli/run.js');
    const v = await run((args, io) => runCli(['validate', ...args], io), [GOOD]);
    expect(v.code).toBe(0);
    const c = await run((args, io) => runCli(['convert', ...args], io), [GOOD, '--to', 'set']);
    expect(c.code).toBe(0);
    expect(c.out).toContain('set security pki ca-profile ca-profile-ipsec ca-identity microsoft-2008');
  });
});
