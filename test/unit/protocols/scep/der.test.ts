import { readFileSync } from 'node:fs';
import { childrenOf, oidOf, readTlv } from '../../../../src/protocols/scep/der.js';

describe('DER walker', () => {
  const msg = readFileSync('test/fixtures/protocols/scep/certrep-success.der');
  test('splits a captured CertRep: ContentInfo(signedData)', () => {
    const ci = readTlv(msg, 0, msg.length)!;
    expect(ci.end).toBe(msg.length);
    const [oid, ctx] = childrenOf(msg, ci)!;
    expect(oidOf(msg, oid)).toBe('1.2.840.113549.1.7.2');
    expect(ctx.tag).toBe(0xa0);
  });
  test('OIDs with large arcs', () => {
    const b = Buffer.from('06092a864886f70d010102', 'hex'); // 1.2.840.113549.1.1.2
    expect(oidOf(b, readTlv(b, 0, b.length)!)).toBe('1.2.840.113549.1.1.2');
    const v = Buffer.from('060a6086480186f845010902', 'hex');
    expect(oidOf(v, readTlv(v, 0, v.length)!)).toBe('2.16.840.1.113733.1.9.2');
  });
  test('refuses what it does not handle (caller falls back to pkijs)', () => {
    expect(readTlv(Buffer.from('3080', 'hex'), 0, 2)).toBeUndefined(); // indefinite length
    expect(readTlv(Buffer.from('3005', 'hex'), 0, 2)).toBeUndefined(); // truncated
    expect(readTlv(Buffer.from('1f81', 'hex'), 0, 2)).toBeUndefined(); // high tag number
    const bad = Buffer.from('3003040200', 'hex'); // the child overruns its parent
    expect(childrenOf(bad, readTlv(bad, 0, bad.length)!)).toBeUndefined();
  });
});
