import { caProfileNameFromSerial, uniqueProfileName } from '../../../src/pki/ca-chain-naming.js';

describe('CA chain profile names', () => {
  test.each([
    [11111000100010001000n, '1000100010001000'],
    [10001000n, '0000000010001000'],
    [1n, '0000000000000001'],
    [1234567890123456n, '1234567890123456'],
  ])('serial %s -> %s', (serial, name) => {
    expect(caProfileNameFromSerial(serial)).toBe(name);
  });

  test('collisions get -00 .. -99, then nothing', () => {
    const taken = new Set(['1000100010001000']);
    expect(uniqueProfileName('1000100010001000', (n) => taken.has(n))).toBe('1000100010001000-00');
    taken.add('1000100010001000-00');
    expect(uniqueProfileName('1000100010001000', (n) => taken.has(n))).toBe('1000100010001000-01');
    for (let i = 0; i < 100; i++) taken.add(`1000100010001000-${String(i).padStart(2, '0')}`);
    expect(uniqueProfileName('1000100010001000', (n) => taken.has(n))).toBeUndefined();
  });
});
