/**
 * The enrollment store paths with certificates OpenSSL made: the Junos CA
 * chain rule (planCaChain/storeCaChain) over a real root -> intermediate ->
 * leaf chain with 20-byte serials, and SCEP's GetCACert parsing of a
 * degenerate PKCS#7 with that chain. Inputs come from foreign-gen.sh.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseCertificate, type CertificateInfo } from '../../../src/pki/certificate.js';
import { caProfileNameFromSerial, storeCaChain } from '../../../src/pki/ca-chain-naming.js';
import { openPkiStore } from '../../../src/pki/pki-store.js';
import { parseCaCertResponse } from '../../../src/protocols/scep/ca-certs.js';
import { openssl, tempDir } from './helpers.js';

const dir = tempDir('pkicfg-foreign-chain-');
beforeAll(() => {
  execFileSync('bash', [resolve('test/unit/pki/foreign-gen.sh'), dir], { stdio: 'ignore' });
}, 120_000);

function cert(file: string): CertificateInfo {
  const r = parseCertificate(new Uint8Array(readFileSync(join(dir, file))), file);
  expect(r.diagnostics).toEqual([]);
  return r.value!;
}

test('serials with a leading 0x00 and 20 bytes are positive and named from their decimal tail', () => {
  const root = cert('root.pem');
  expect(root.serial).toBe(0x80112233445566778899aabbccddeeff00112233n);
  const dec = BigInt('0x80112233445566778899aabbccddeeff00112233').toString(10);
  expect(caProfileNameFromSerial(root.serial)).toBe(dec.slice(-16));
  expect(cert('leafrsa.pem').serial).toBe(0x7fffffffffffffffffffffffffffffffffffffffn);
  expect(caProfileNameFromSerial(cert('int.pem').serial)).toBe('0000000000000255');
});

test('storeCaChain: issuer under the named profile, root under its serial name, files openssl reads', () => {
  const state = tempDir();
  const store = openPkiStore(state, { durable: false });
  const leaf = cert('leafrsa.pem');
  const r = storeCaChain(store, {
    caProfile: 'ISSUING',
    endEntity: leaf,
    caCertificates: [cert('root.pem'), cert('int.pem')],
  });
  expect(r.diagnostics).toEqual([]);
  const rootName = caProfileNameFromSerial(cert('root.pem').serial);
  expect(store.list('ca').sort()).toEqual(['ISSUING', rootName].sort());
  // The stored chain verifies the leaf with openssl.
  const out = openssl([
    'verify',
    '-CAfile',
    store.path('ca', rootName),
    '-untrusted',
    store.path('ca', 'ISSUING'),
    join(dir, 'leafrsa.pem'),
  ]);
  expect(out).toContain('OK');
  // A second response with the same chain adds nothing.
  const again = storeCaChain(store, {
    caProfile: 'ISSUING',
    endEntity: leaf,
    caCertificates: [cert('int.pem'), cert('root.pem')],
  });
  expect(again.value?.changes).toEqual([]);
});

test('SCEP GetCACert: a degenerate PKCS#7 of a foreign chain parses; the self-signed root is the CA', () => {
  const p7 = join(dir, 'chain.p7b');
  openssl([
    'crl2pkcs7',
    '-nocrl',
    '-certfile',
    join(dir, 'int.pem'),
    '-certfile',
    join(dir, 'root.pem'),
    '-outform',
    'DER',
    '-out',
    p7,
  ]);
  const r = parseCaCertResponse('application/x-x509-ca-ra-cert', new Uint8Array(readFileSync(p7)));
  expect(r.ok).toBe(true);
  if (r.ok) {
    expect(r.value.all).toHaveLength(2);
    expect(r.value.ca.x509.subject).toContain('Acme Root CA');
  }
});
