// `show security pki crl detail`: the revocation list keeps serial and date
// apart whatever the serial's length (RFC 5280 allows 20-byte serials, 40 hex
// digits, wider than the 22-column field Junos prints short serials in).
import { join } from 'node:path';
import type { CrlInfo } from '../../../../src/pki/crl.js';
import { renderCrl } from '../../../../src/op/render/render-pki-misc.js';
import { expectGolden } from '../../../golden.js';

function crl(serials: readonly string[]): CrlInfo {
  return {
    der: new Uint8Array(),
    pem: '',
    version: 1,
    crlNumber: 7n,
    issuer: { attributes: [{ type: 'CN', value: 'Demo CA' }] },
    issuerDer: new Uint8Array(),
    thisUpdate: new Date('2026-12-06T12:00:00Z'),
    nextUpdate: new Date('2026-12-13T12:00:00Z'),
    revoked: serials.map((serialHex, i) => ({
      serialHex,
      revokedAt: new Date(Date.UTC(2026, 11, 1 + i, 9, 5)),
    })),
    tbs: new Uint8Array(),
    signature: new Uint8Array(),
    signatureOid: '1.2.840.113549.1.1.11',
  };
}

test('short and 20-byte serials: every serial is followed by spaces before its date', () => {
  const text = renderCrl(
    'Demo-CA',
    crl(['10647c84000000000006', '7f3a9c2e4b1d5a6f8e9c0b1a2d3e4f5a6b7c8d9e', '1a']),
    true,
    new Date('2026-12-07T00:00:00Z'),
  );
  for (const line of text.split('\n').filter((l) => /^ {3}[0-9A-F]{2,}/.test(l)))
    expect(line).toMatch(/^ {3}[0-9A-F]+ {2,}[ \d]\d-[ \d]\d-\d{4} \d\d:\d\d UTC$/);
  expectGolden(join(process.cwd(), 'test/fixtures/render/crl-detail-long-serial.txt'), text);
});
