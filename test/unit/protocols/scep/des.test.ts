import { createCipheriv, randomBytes } from 'node:crypto';
import { desDecrypt, desEncrypt } from '../../../../src/protocols/des.js';

const hex = (s: string): Buffer => Buffer.from(s, 'hex');

describe('DES / 3DES CBC in JS', () => {
  // FIPS 46 worked example (also in many textbooks): K=133457799BBCDFF1, P=0123456789ABCDEF.
  test('single DES known answer', () => {
    const out = desEncrypt('des-cbc', hex('133457799bbcdff1'), Buffer.alloc(8), hex('0123456789abcdef'));
    expect(out.length).toBe(16); // one block + a full padding block
    expect(out.subarray(0, 8).toString('hex')).toBe('85e813540f0ab405');
    expect(desDecrypt('des-cbc', hex('133457799bbcdff1'), Buffer.alloc(8), out)).toEqual(
      hex('0123456789abcdef'),
    );
  });

  test('3DES with K1=K2=K3 equals single DES', () => {
    const k = hex('133457799bbcdff1');
    const out = desEncrypt(
      'des-ede3-cbc',
      Buffer.concat([k, k, k]),
      Buffer.alloc(8),
      hex('0123456789abcdef'),
    );
    expect(out.subarray(0, 8).toString('hex')).toBe('85e813540f0ab405');
  });

  test('3DES agrees with OpenSSL', () => {
    for (const len of [0, 1, 7, 8, 9, 100]) {
      const key = randomBytes(24);
      const iv = randomBytes(8);
      const data = randomBytes(len);
      const c = createCipheriv('des-ede3-cbc', key, iv);
      const expected = Buffer.concat([c.update(data), c.final()]);
      expect(desEncrypt('des-ede3-cbc', key, iv, data)).toEqual(expected);
      expect(desDecrypt('des-ede3-cbc', key, iv, expected)).toEqual(data);
    }
  });

  test('bad input is refused, not thrown', () => {
    expect(desDecrypt('des-cbc', Buffer.alloc(8), Buffer.alloc(8), Buffer.alloc(7))).toBeUndefined();
    expect(desDecrypt('des-cbc', Buffer.alloc(8), Buffer.alloc(8), Buffer.alloc(0))).toBeUndefined();
    expect(() => desEncrypt('des-cbc', Buffer.alloc(7), Buffer.alloc(8), Buffer.alloc(1))).toThrow(
      RangeError,
    );
  });
});
