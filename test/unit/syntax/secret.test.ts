import { decrypt9, encrypt9, isEncrypted9 } from '../../../src/syntax/secret.js';

describe('$9$ secrets', () => {
  test('known vectors (Crypt::Juniper documentation, jumation op script)', () => {
    expect(decrypt9('$9$LbHX-wg4Z')).toBe('lc');
    expect(decrypt9('$9$ReqcyKY2aHqf')).toBe('foo');
    expect(decrypt9('$9$2GgZjHkPQ39.PhrvLVb.P5Tz6')).toBe('password');
  });
  test('round trip, including non-ASCII and long text', () => {
    for (const p of ['a', 'secret123', 'Ünïcödé ✓', 'x'.repeat(200), 'with space "and" quotes']) {
      const c = encrypt9(p);
      expect(isEncrypted9(c)).toBe(true);
      expect(decrypt9(c)).toBe(p);
    }
  });
  test('not a secret', () => {
    expect(decrypt9('plain')).toBeUndefined();
    expect(isEncrypted9('$9$')).toBe(false);
  });
});
