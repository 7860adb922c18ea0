import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  caProfileNameFromSerial,
  storeCaChain,
  uniqueProfileName,
} from '../../../src/pki/ca-chain-naming.js';
import { parseCertificate, type CertificateInfo } from '../../../src/pki/certificate.js';
import { openPkiStore } from '../../../src/pki/pki-store.js';
import { openssl, tempDir } from './helpers.js';

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

describe('planCaChain / storeCaChain with real certificates', () => {
  const dir = tempDir();
  const mk = (name: string, serial: string, cn: string, issuer?: string): CertificateInfo => {
    const key = join(dir, `${name}.key`);
    const pem = join(dir, `${name}.pem`);
    if (!issuer) {
      openssl([
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-keyout',
        key,
        '-out',
        pem,
        '-subj',
        `/CN=${cn}`,
        '-set_serial',
        serial,
        '-days',
        '30',
        '-addext',
        'basicConstraints=critical,CA:TRUE',
      ]);
    } else {
      const csr = join(dir, `${name}.csr`);
      openssl([
        'req',
        '-new',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-keyout',
        key,
        '-out',
        csr,
        '-subj',
        `/CN=${cn}`,
      ]);
      openssl([
        'x509',
        '-req',
        '-in',
        csr,
        '-CA',
        join(dir, `${issuer}.pem`),
        '-CAkey',
        join(dir, `${issuer}.key`),
        '-set_serial',
        serial,
        '-out',
        pem,
        '-days',
        '30',
      ]);
    }
    return parseCertificate(new Uint8Array(readFileSync(pem)), pem).value!;
  };
  const root = mk('root', '11111000100010001000', 'Root');
  const inter = mk('inter', '10001000', 'Sub11-CA', 'root');
  const leaf = mk('leaf', '42', 'r1', 'inter');
  const root2 = mk('root2', '99991000100010001000', 'Root2');

  test('issuer under the named profile, the rest under serial names, then -00; already present: no action', () => {
    const store = openPkiStore(tempDir(), { durable: false });
    const r = storeCaChain(store, { caProfile: 'SUB', endEntity: leaf, caCertificates: [inter, root] });
    expect(r.diagnostics).toEqual([]);
    expect(r.value!.placements.map((p) => [p.profile, p.alreadyPresent])).toEqual([
      ['SUB', false],
      ['1000100010001000', false],
    ]);
    expect(store.list('ca')).toEqual(['SUB', '1000100010001000']);
    const again = storeCaChain(store, {
      caProfile: 'SUB',
      endEntity: leaf,
      caCertificates: [inter, root, root2],
    });
    expect(again.value!.placements.map((p) => [p.profile, p.alreadyPresent])).toEqual([
      ['SUB', true],
      ['1000100010001000', true],
      ['1000100010001000-00', false],
    ]);
  });

  test('all hundred suffixes taken: a clear error and nothing stored', () => {
    const store = openPkiStore(tempDir(), { durable: false });
    const reserved = [
      '1000100010001000',
      ...Array.from({ length: 100 }, (_, i) => `1000100010001000-${String(i).padStart(2, '0')}`),
    ];
    const r = storeCaChain(store, {
      caProfile: 'SUB',
      endEntity: leaf,
      caCertificates: [inter, root],
      reservedNames: reserved,
    });
    expect(r.diagnostics[0].code).toBe('PKI_CA_PROFILE_NAMES_EXHAUSTED');
    expect(store.list('ca')).toEqual([]);
  });
});
