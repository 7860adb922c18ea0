/**
 * Certificates, keys and CRLs made by OpenSSL (not by pkicfg) through the
 * operational commands: an RSA-4096 root, a P-384 intermediate with AIA, CDP,
 * policies, name constraints; RSA, P-384 and DSA leaves; UTF8String,
 * PrintableString and BMPString subjects, multi-valued RDNs, emailAddress,
 * 20-byte serials with a leading 0x00; keys as PKCS#8, PKCS#1, SEC1 (with
 * EC PARAMETERS), DER and encrypted; bundles, text before -----BEGIN, CRLF,
 * DER; CRLs with many entries and reasons. Inputs come from foreign-gen.sh.
 */
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { CONFIG, op } from '../op/op-harness.js';
import { openssl, opensslStatus, tempDir } from './helpers.js';

const dir = tempDir('pkicfg-foreign-');
beforeAll(() => {
  execFileSync('bash', [resolve('test/unit/pki/foreign-gen.sh'), dir], { stdio: 'ignore' });
}, 120_000);

const run = (state: string, line: string) =>
  op({ stateDir: state, cwd: dir, answer: true, config: CONFIG }, line);

/** No JavaScript leaking into what the operator reads. */
function clean(text: string): void {
  expect(text).not.toMatch(/undefined|NaN|\[object |Error:|\n\s+at /);
}

function serialHex(file: string): string {
  return openssl(['x509', '-in', join(dir, file), '-noout', '-serial'])
    .trim()
    .replace(/^serial=/, '')
    .toLowerCase();
}

function sha1(file: string): string {
  return openssl(['x509', '-in', join(dir, file), '-noout', '-fingerprint', '-sha1'])
    .trim()
    .replace(/^.*=/, '')
    .toLowerCase();
}

describe('ca-certificate load of foreign files', () => {
  test.each([
    ['root.pem', 'root.pem'],
    ['int.pem', 'int.pem'],
    ['int.der', 'int.pem'],
    ['root.der', 'root.pem'],
    ['int.bag.pem', 'int.pem'],
    ['int.text.pem', 'int.pem'],
    ['int.crlf.pem', 'int.pem'],
    ['bmp.pem', 'bmp.pem'],
  ])('%s loads and shows in detail with openssl serial and fingerprint', async (file, pem) => {
    const state = tempDir();
    const r = await run(state, `request security pki ca-certificate load ca-profile ROOT filename ${file}`);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain(`${sha1(pem)} (sha1)`);
    const d = await run(state, 'show security pki ca-certificate ca-profile ROOT detail');
    expect(d.code).toBe(0);
    clean(d.out);
    const serial = serialHex(pem).replace(/^0+(?=.)/, '');
    // whole bytes are printed: a random serial may keep one leading 0 nibble (06..., not 6...)
    expect(d.out.toLowerCase()).toMatch(new RegExp(`serial number: 0?${serial}\n`));
    clean((await run(state, 'show security pki ca-certificate')).out);
  });

  test('subjects in UTF8String, PrintableString, BMPString; multi-valued RDN and emailAddress', async () => {
    const state = tempDir();
    await run(state, 'request security pki ca-certificate load ca-profile ROOT filename root.pem');
    await run(state, 'request security pki ca-certificate load ca-profile OTHER filename bmp.pem');
    const d = await run(state, 'show security pki ca-certificate detail');
    expect(d.out).toContain('Common name: Acme Root CA ☃');
    expect(d.out).toContain('Organization: Acme Ünïcødé GmbH');
    expect(d.out).toContain('Organizational unit: Trust, Organizational unit: Services');
    expect(d.out).toContain('Email: pki@example.com');
    expect(d.out).toContain('Common name: Zertifizierungsstelle Ü');
    expect(d.out).toContain('Serial number: 80112233445566778899aabbccddeeff00112233\n');
    expect(d.out).toContain('Public key algorithm: rsaEncryption(4096 bits)');
  });

  test('intermediate with AIA, CDP, policies, name constraints verifies against the root', async () => {
    const state = tempDir();
    await run(state, 'request security pki ca-certificate load ca-profile ROOT filename root.pem');
    await run(state, 'request security pki ca-certificate load ca-profile OTHER filename int.pem');
    const d = await run(state, 'show security pki ca-certificate ca-profile OTHER detail');
    expect(d.out).toContain('Public key algorithm: ECDSA(384 bits)');
    expect(d.out).toContain('http://pki.example.com/root.crl');
    expect(d.out).toContain('http://ocsp.example.com');
    expect(d.out).toContain('Serial number: ff\n');
    const v = await run(state, 'request security pki ca-certificate verify ca-profile OTHER');
    expect(v.err).toBe('');
    expect(v.code).toBe(0);
    // Without its issuer: a clear reason, not a crash.
    const lone = tempDir();
    await run(lone, 'request security pki ca-certificate load ca-profile OTHER filename int.pem');
    const w = await run(lone, 'request security pki ca-certificate verify ca-profile OTHER');
    expect(w.code).toBe(1);
    expect(w.err).toMatch(/no CA certificate for issuer 'C = DE, O = Acme Ünïcødé GmbH/);
    clean(w.err);
  });
});

describe('local-certificate load with foreign keys', () => {
  const chain = async (): Promise<string> => {
    const state = tempDir();
    await run(state, 'request security pki ca-certificate load ca-profile ROOT filename root.pem');
    await run(state, 'request security pki ca-certificate load ca-profile OTHER filename int.pem');
    return state;
  };

  test.each([
    ['leafrsa.pem', 'leafrsa.key', 'rsaEncryption(2048 bits)'],
    ['leafrsa.pem', 'leafrsa.pkcs1.key', 'rsaEncryption(2048 bits)'],
    ['leafrsa.pem', 'leafrsa.key.der', 'rsaEncryption(2048 bits)'],
    ['leafec.pem', 'leafec.key', 'ECDSA(384 bits)'],
    ['leafec.pem', 'leafec.sec1.key', 'ECDSA(384 bits)'],
    ['leafec.pem', 'leafec.withparams.key', 'ECDSA(384 bits)'],
    ['leafdsa.pem', 'leafdsa.key', 'dsaEncryption(2048 bits)'],
    ['leafdsa.pem', 'leafdsa.trad.key', 'dsaEncryption(2048 bits)'],
    ['bundle.pem', 'leafrsa.key', 'rsaEncryption(2048 bits)'],
    ['bundle-leaf-last.pem', 'leafrsa.key', 'rsaEncryption(2048 bits)'],
  ])('%s with key %s loads, shows and verifies', async (cert, key, alg) => {
    const state = await chain();
    const r = await run(
      state,
      `request security pki local-certificate load filename ${cert} certificate-id c1 key ${key}`,
    );
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const d = await run(state, 'show security pki local-certificate certificate-id c1 detail');
    clean(d.out);
    expect(d.out).toContain(`Public key algorithm: ${alg}`);
    expect(d.out).toContain('Issuer:\n    Organization: Acme Inc');
    clean((await run(state, 'show security pki key-pair')).out);
    clean((await run(state, 'show security pki local-certificate')).out);
    const v = await run(state, 'request security pki local-certificate verify certificate-id c1');
    expect(v.err).toBe('');
    expect(v.code).toBe(0);
    // The stored key is a PEM file openssl reads.
    const k = openssl(['pkey', '-in', join(state, 'pki', 'keys', 'c1.key'), '-noout', '-text']);
    expect(k).toMatch(/Private-Key|private key/i);
  });

  test('20-byte serial, SAN of every kind, many EKUs in detail', async () => {
    const state = await chain();
    await run(
      state,
      'request security pki local-certificate load filename leafrsa.pem certificate-id c1 key leafrsa.key',
    );
    const d = await run(state, 'show security pki local-certificate certificate-id c1 detail');
    expect(d.out).toContain('Serial number: 7fffffffffffffffffffffffffffffffffffffff\n');
    expect(d.out).toContain('vpn.example.com, *.example.com, 10.1.2.3, 2001:db8::1');
    expect(d.out).toContain('Signature algorithm: ecdsa-with-SHA384');
  });

  test.each(['leafrsa.enc.key', 'leafrsa.pkcs1enc.key'])(
    'encrypted key %s: a clear error with a code, nothing stored',
    async (key) => {
      const state = await chain();
      const r = await run(
        state,
        `request security pki local-certificate load filename leafrsa.pem certificate-id c1 key ${key}`,
      );
      expect(r.code).toBe(1);
      expect(r.diagnostics.map((x) => x.code)).toEqual(['PKI_KEY_INVALID']);
      expect(r.err).toContain('is encrypted');
      clean(r.err);
      expect((await run(state, 'show security pki key-pair')).out).not.toContain('c1');
    },
  );

  test('a file with only EC PARAMETERS: a clear error, nothing stored', async () => {
    const state = await chain();
    const r = await run(
      state,
      'request security pki local-certificate load filename leafec.pem certificate-id c1 key params-only.key',
    );
    expect(r.code).toBe(1);
    expect(r.diagnostics.map((x) => x.code)).toEqual(['PKI_KEY_INVALID']);
    expect(r.err).toContain('no private key');
  });

  test('a key for another certificate is refused', async () => {
    const state = await chain();
    const r = await run(
      state,
      'request security pki local-certificate load filename leafec.pem certificate-id c1 key leafrsa.key',
    );
    expect(r.code).toBe(1);
    expect(r.diagnostics[0].code).toBe('PKI_KEY_MISMATCH');
  });
});

describe('crl load of foreign CRLs', () => {
  test.each(['int.crl', 'int.crl.der'])('%s: every entry in detail', async (file) => {
    const state = tempDir();
    await run(state, 'request security pki ca-certificate load ca-profile ROOT filename root.pem');
    await run(state, 'request security pki ca-certificate load ca-profile OTHER filename int.pem');
    const r = await run(state, `request security pki crl load ca-profile OTHER filename ${file}`);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const d = await run(state, 'show security pki crl detail');
    clean(d.out);
    const want = openssl(['crl', '-in', join(dir, 'int.crl'), '-noout', '-text'])
      .split('\n')
      .filter((l) => /Serial Number:/.test(l))
      .map((l) => l.replace(/.*Serial Number:\s*/, '').trim());
    expect(want.length).toBe(59);
    for (const s of want) expect(d.out.toUpperCase()).toContain(s.toUpperCase());
    clean((await run(state, 'show security pki crl')).out);
    // The root's CRL is not the intermediate's.
    const bad = await run(state, 'request security pki crl load ca-profile OTHER filename root.crl');
    expect(bad.code).toBe(1);
    clean(bad.err);
  });
});

describe('unusual certificates OpenSSL makes', () => {
  test.each([
    ['trusted.pem', 'rsaEncryption(4096 bits)', 'sha384WithRSAEncryption'],
    ['v1.pem', 'rsaEncryption(2048 bits)', 'sha256WithRSAEncryption'],
    ['ed.pem', 'ED25519(256 bits)', 'ED25519'],
    ['pss.pem', 'rsaEncryption(2048 bits)', 'rsassaPss'],
    ['psskey.pem', 'rsassaPss(2048 bits)', 'rsassaPss'],
    ['k1.pem', 'ECDSA(256 bits)', 'ecdsa-with-SHA256'],
    ['p521.pem', 'ECDSA(521 bits)', 'ecdsa-with-SHA256'],
  ])('%s loads as a CA certificate and shows its algorithms by name', async (file, key, sig) => {
    const state = tempDir();
    const r = await run(state, `request security pki ca-certificate load ca-profile ROOT filename ${file}`);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const d = await run(state, 'show security pki ca-certificate detail');
    clean(d.out);
    expect(d.out).toContain(`Public key algorithm: ${key}\n`);
    expect(d.out).toContain(`Signature algorithm: ${sig}\n`);
    expect((await run(state, 'show security pki ca-certificate')).out).toContain(
      `Public key algorithm: ${key}\n`,
    );
  });

  test.each([
    ['trunc.der', 'PKI_CERT_INVALID'],
    ['leafrsa.key', 'PKI_PEM_INVALID'],
  ])('%s: a clear error with a code, nothing stored', async (file, code) => {
    const state = tempDir();
    const r = await run(state, `request security pki ca-certificate load ca-profile ROOT filename ${file}`);
    expect(r.code).toBe(1);
    expect(r.diagnostics.map((x) => x.code)).toEqual([code]);
    clean(r.err);
    expect((await run(state, 'show security pki ca-certificate')).out).not.toContain('ROOT');
  });

  test.each([
    ['ed.pem', 'ed.key'],
    ['psskey.pem', 'psskey.key'],
    ['k1.pem', 'k1.key'],
  ])('local certificate %s with a key type Junos has no key pairs for: a clear error', async (cert, key) => {
    const state = tempDir();
    const r = await run(
      state,
      `request security pki local-certificate load filename ${cert} certificate-id c1 key ${key}`,
    );
    expect(r.code).toBe(1);
    expect(r.diagnostics.map((x) => x.code)).toEqual(['PKI_KEY_INVALID']);
    expect(r.err).toMatch(/unsupported key type/);
    clean(r.err);
  });
});

describe('local-certificate verify refuses what openssl verify refuses', () => {
  test('a chain longer than the intermediate pathlen:0 allows', async () => {
    expect(
      opensslStatus([
        'verify',
        '-CAfile',
        join(dir, 'root.pem'),
        '-untrusted',
        join(dir, 'int.pem'),
        '-untrusted',
        join(dir, 'sub.pem'),
        join(dir, 'deep.pem'),
      ]).code,
    ).not.toBe(0);
    const state = tempDir();
    await run(state, 'request security pki ca-certificate load ca-profile ROOT filename root.pem');
    await run(state, 'request security pki ca-certificate load ca-profile OTHER filename int.pem');
    const cfg = {
      ...CONFIG,
      security: {
        pki: { 'ca-profile': { '@order': ['ROOT', 'OTHER', 'SUB'], ROOT: {}, OTHER: {}, SUB: {} } },
      },
    } as unknown as typeof CONFIG;
    const sub = await op(
      { stateDir: state, cwd: dir, answer: true, config: cfg },
      'request security pki ca-certificate load ca-profile SUB filename sub.pem',
    );
    expect(sub.code).toBe(0);
    const l = await run(
      state,
      'request security pki local-certificate load filename deep.pem certificate-id d1 key leafrsa.key',
    );
    expect(l.code).toBe(0);
    const v = await run(state, 'request security pki local-certificate verify certificate-id d1');
    expect(v.code).toBe(1);
    expect(v.err).toContain('pathlen:0');
  });

  test('a CA whose keyUsage lacks keyCertSign', async () => {
    const state = tempDir();
    await run(state, 'request security pki ca-certificate load ca-profile ROOT filename nosign.pem');
    await run(
      state,
      'request security pki local-certificate load filename nosignleaf.pem certificate-id d1 key leafrsa.key',
    );
    const v = await run(state, 'request security pki local-certificate verify certificate-id d1');
    expect(v.code).toBe(1);
    expect(v.diagnostics[0].code).toBe('PKI_NOT_CA');
    expect(v.err).toContain('keyCertSign');
  });
});

test('ca-certificate load of a chain file that starts with the leaf takes its first CA certificate', async () => {
  const state = tempDir();
  const r = await run(state, 'request security pki ca-certificate load ca-profile ROOT filename bundle.pem');
  expect(r.code).toBe(0);
  expect(r.out).toContain('using the first CA certificate');
  expect(r.out).toContain(`${sha1('int.pem')} (sha1)`);
  expect(r.out).not.toContain('not marked as a CA');
});

test.each([
  ['nc-leaf.pem', 'DNS:vpn.example.org is outside the permitted subtrees'],
  ['nc-leafip.pem', 'IP:192.168.1.1 is outside the permitted subtrees'],
  ['nc-leafmail.pem', 'email:x@bad.example.com is in an excluded subtree'],
])('name constraints of the intermediate: %s is refused like openssl does', async (file, why) => {
  expect(
    opensslStatus([
      'verify',
      '-CAfile',
      join(dir, 'root.pem'),
      '-untrusted',
      join(dir, 'int.pem'),
      join(dir, file),
    ]).code,
  ).not.toBe(0);
  const state = tempDir();
  await run(state, 'request security pki ca-certificate load ca-profile ROOT filename root.pem');
  await run(state, 'request security pki ca-certificate load ca-profile OTHER filename int.pem');
  await run(
    state,
    `request security pki local-certificate load filename ${file} certificate-id d1 key leafrsa.key`,
  );
  const v = await run(state, 'request security pki local-certificate verify certificate-id d1');
  expect(v.code).toBe(1);
  expect(v.diagnostics[0].code).toBe('PKI_NAME_CONSTRAINTS');
  expect(v.err).toContain(why);
});
