// The request/show/clear security pki commands end to end, checked with OpenSSL,
// and bad input: a clear error (a pki diagnostic code) and the store unchanged.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openssl, opensslAll, snapshot, tempDir } from '../pki/helpers.js';
import { op, type HarnessOptions } from './op-harness.js';
import { makeTestCa, type TestCa } from './openssl-ca.js';

const DAY = 86_400_000;
let work: string;
let lastCert = '';
let root: TestCa;
let other: TestCa;

let template: string;

beforeAll(async () => {
  work = tempDir('pkicfg-op-');
  root = makeTestCa(work, 'root', 'Acme Root');
  other = makeTestCa(work, 'other', 'Other Root');
  // A store that already holds the system-generated certificate (made once: RSA-2048 generation is slow here).
  template = join(work, 'template-state');
  await op({ stateDir: template, cwd: work }, 'show security pki local-certificate');
});

function fresh(extra: Partial<HarnessOptions> = {}): HarnessOptions {
  const stateDir = join(tempDir('pkicfg-state-'), 'state');
  cpSync(template, stateDir, { recursive: true });
  return { stateDir, cwd: work, answer: true, ...extra };
}

/** k1: key pair + CSR + certificate signed by root, the CSR file path and cert path. */
async function enrolled(h: HarnessOptions, id = 'k1'): Promise<{ csr: string; cert: string }> {
  expect((await op(h, `request security pki generate-key-pair certificate-id ${id} size 1024`)).code).toBe(0);
  const csr = join(work, `${id}-${Math.random().toString(36).slice(2)}.csr`);
  const r = await op(
    h,
    `request security pki generate-certificate-request certificate-id ${id} subject CN=r1,O=Acme,C=US domain-name r1.example.net filename ${csr}`,
  );
  expect(r.code).toBe(0);
  const cert = root.sign(csr, csr.replace(/\.csr$/, '.pem'));
  lastCert = cert;
  return { csr, cert };
}

describe('request security pki (happy paths)', () => {
  test('generate-key-pair: Junos output, sizes and types, key loads in openssl', async () => {
    const h = fresh();
    expect((await op(h, 'request security pki generate-key-pair certificate-id k1')).out).toBe(
      'Generated key pair k1, key size 2048 bits\n',
    );
    expect((await op(h, 'req sec pki generate-key-pair cert k2 type ecdsa')).out).toBe(
      'Generated key pair k2, key size 256 bits\n',
    );
    expect(
      (await op(h, 'request security pki generate-key-pair certificate-id k3 size 384 type ecdsa')).code,
    ).toBe(0);
    expect(
      (await op(h, 'request security pki generate-key-pair certificate-id k4 size 1024 type dsa')).code,
    ).toBe(0);
    for (const [id, re] of [
      ['k1', /2048 bit/],
      ['k2', /256 bit/],
      ['k3', /384 bit/],
      ['k4', /1024 bit/],
    ] as const) {
      expect(
        openssl(['pkey', '-in', join(h.stateDir, 'pki', 'keys', `${id}.key`), '-noout', '-text']),
      ).toMatch(re);
    }
    const show = await op(h, 'show security pki key-pair');
    expect(show.out).toContain('Certificate identifier: k2\n  Key type: ecdsa, key size: 256 bits\n');
  });

  test('generate-certificate-request: PEM + sha1/md5 lines equal openssl; verifies; subject with SN filled', async () => {
    const h = fresh();
    await op(h, 'request security pki generate-key-pair certificate-id k1 type ecdsa size 256');
    const file = join(work, 'ec.csr');
    const r = await op(
      h,
      `request security pki generate-certificate-request certificate-id k1 subject DC=example,CN=r1,SN,OU=sec,O=Acme,L=Paris,ST=IDF,C=FR domain-name r1.example.net email ops@example.net ip-address 192.0.2.1 ipv6-address 2001:db8::1 filename ${file}`,
    );
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines[0]).toBe('Generated certificate request');
    expect(lines[1]).toBe('-----BEGIN CERTIFICATE REQUEST-----');
    const end = lines.indexOf('-----END CERTIFICATE REQUEST-----');
    expect(lines[end + 1]).toBe('Fingerprint:');
    expect(readFileSync(file, 'utf8')).toBe(lines.slice(1, end + 1).join('\n') + '\n');
    const der = `${file}.der`;
    openssl(['req', '-in', file, '-outform', 'DER', '-out', der]);
    expect(lines[end + 2]).toBe(`${openssl(['dgst', '-sha1', '-c', der]).trim().split('= ')[1]} (sha1)`);
    expect(lines[end + 3]).toBe(`${openssl(['dgst', '-md5', '-c', der]).trim().split('= ')[1]} (md5)`);
    const text = opensslAll(['req', '-in', file, '-verify', '-noout', '-text', '-nameopt', 'RFC2253']);
    expect(text).toContain('verify OK');
    expect(text).toContain(
      'Subject: C=FR,ST=IDF,L=Paris,O=Acme,OU=sec,serialNumber=JN1234567890,CN=r1,DC=example',
    );
    expect(text).toContain(
      'DNS:r1.example.net, email:ops@example.net, IP Address:192.0.2.1, IP Address:2001:DB8:0:0:0:0:0:1',
    );
    expect(text).toContain('ecdsa-with-SHA256');
    const show = await op(h, 'show security pki certificate-request certificate-id k1 detail');
    expect(show.out).toContain(
      '  Alternate subject: "ops@example.net", r1.example.net, 192.0.2.1, 2001:db8::1\n',
    );
    expect(show.out).toContain(
      '    DC=example, CN=r1, SN=JN1234567890, OU=sec, O=Acme, L=Paris, ST=IDF, C=FR\n',
    );
  });

  test('generate-self-signed: openssl verify, CA constraint, 5 years, brief and detail layouts', async () => {
    const now = new Date(Date.UTC(2026, 3, 3, 9, 5));
    const h = fresh({ now });
    await op(h, 'request security pki generate-key-pair certificate-id ss size 1024');
    const r = await op(
      h,
      'request security pki local-certificate generate-self-signed certificate-id ss subject CN=fw1,O=Acme domain-name fw1.example.net add-ca-constraint',
    );
    expect(r.out).toBe('Self-signed certificate generated and loaded successfully\n');
    const pem = join(h.stateDir, 'pki', 'local', 'ss.pem');
    // openssl checks against its own clock: the certificate was made for `now` in 2026.
    expect(
      openssl(['verify', '-attime', String(now.getTime() / 1000 + 60), '-CAfile', pem, pem]).trim(),
    ).toBe(`${pem}: OK`);
    expect(openssl(['x509', '-in', pem, '-noout', '-text'])).toContain('CA:TRUE');
    const brief = await op(h, 'show security pki local-certificate certificate-id ss');
    expect(brief.out).toBe(
      [
        'LSYS: root-logical-system',
        'Certificate identifier: ss',
        '  Issued to: fw1, Issued by: CN = fw1, O = Acme',
        '  Validity:',
        '    Not before:  4- 3-2026 09:04 UTC',
        '    Not after:  4- 2-2031 09:05 UTC',
        '  Public key algorithm: rsaEncryption(1024 bits)',
        '  Keypair Location: Keypair generated locally',
        '',
      ].join('\n'),
    );
    const detail = await op(h, 'sh sec pki loc cert ss det');
    const fp = openssl(['x509', '-in', pem, '-noout', '-fingerprint', '-sha1'])
      .trim()
      .split('=')[1]
      .toLowerCase();
    expect(detail.out).toContain(`  Fingerprint:\n    ${fp} (sha1)\n`);
    expect(detail.out).toContain(
      '  Alternate subject: email empty, fw1.example.net, ipv4 empty, ipv6 empty\n',
    );
    expect(detail.out).toContain(
      '  Auto-re-enrollment:\n    Status: Disabled\n    Next trigger time: Timer not started\n',
    );
  });

  test('load CA (yes), load local certificate, verify, CRL, revoke, auto-re-enrollment block', async () => {
    const h = fresh();
    const { cert } = await enrolled(h);
    const load = await op(
      h,
      `request security pki ca-certificate load ca-profile ROOT filename ${root.cert}`,
    );
    expect(load.code).toBe(0);
    const sha1 = openssl(['x509', '-in', root.cert, '-noout', '-fingerprint', '-sha1'])
      .trim()
      .split('=')[1]
      .toLowerCase();
    expect(load.out).toContain(
      `Certificate: C = US, O = Acme, CN = Acme Root\nFingerprint:\n  ${sha1} (sha1)\n`,
    );
    expect(load.questions).toEqual(['Do you want to load this CA certificate ?']);
    expect(load.out).toMatch(/CA certificate for profile ROOT loaded successfully\n$/);
    expect(
      (await op(h, `request security pki local-certificate load certificate-id k1 filename ${cert}`)).out,
    ).toBe('Local certificate loaded successfully\n');
    expect((await op(h, 'request security pki local-certificate verify certificate-id k1')).out).toBe(
      'Local certificate k1 verification success\n',
    );
    expect((await op(h, 'request security pki ca-certificate verify ca-profile ROOT')).out).toBe(
      'CA certificate ROOT verified successfully\n',
    );
    const crl1 = root.crl();
    expect((await op(h, `request security pki crl load ca-profile ROOT filename ${crl1}`)).out).toBe(
      'CRL for CA profile ROOT loaded successfully\n',
    );
    expect((await op(h, 'request security pki local-certificate verify certificate-id k1')).code).toBe(0);
    const crl2 = root.revoke(cert);
    expect((await op(h, `request security pki crl load ca-profile ROOT filename ${crl2}`)).code).toBe(0);
    const v = await op(h, 'request security pki local-certificate verify certificate-id k1');
    expect(v.code).toBe(1);
    expect(v.err).toMatch(/^error: Local certificate k1 \(serial number [0-9a-f]+\) was revoked at /);
    const showCrl = await op(h, 'show security pki crl detail');
    expect(showCrl.out).toMatch(
      /^ CA profile: ROOT\n CRL version: V00000002\n CRL issuer: C = US, O = Acme, CN = Acme Root\n Effective date: /,
    );
    expect(showCrl.out).toMatch(/ Revocation List:\n {3}Serial number {2,}Revocation date\n/);
    const detail = await op(h, 'show security pki local-certificate certificate-id k1 detail');
    expect(detail.out).toContain('  Auto-re-enrollment:\n    Status: Enabled\n    Next trigger time: ');
    const ca = await op(h, 'show security pki ca-certificate');
    expect(ca.out).toContain(
      'Certificate identifier: ROOT\n  Issued to: Acme Root, Issued by: C = US, O = Acme, CN = Acme Root\n',
    );
  });

  test('clear: local certificate takes key and request; all spares system-generated; system-generated is regenerated; CA asks', async () => {
    const h = fresh();
    const { cert } = await enrolled(h);
    await op(h, `request security pki ca-certificate load ca-profile ROOT filename ${root.cert}`);
    await op(h, `request security pki local-certificate load certificate-id k1 filename ${cert}`);
    const sg1 = (await op(h, 'show security pki local-certificate system-generated detail')).out.match(
      /Serial number: (\w+)/,
    )![1];
    expect((await op(h, 'clear security pki local-certificate all')).out).toBe('');
    const list = (await op(h, 'show security pki local-certificate')).out;
    expect(list).toContain('Certificate identifier: system-generated');
    expect(list).not.toContain('Certificate identifier: k1');
    expect((await op(h, 'show security pki key-pair')).out).not.toContain('k1');
    expect((await op(h, 'show security pki certificate-request')).out).toBe('');
    await op(h, 'clear security pki local-certificate system-generated');
    const sg2 = (await op(h, 'show security pki local-certificate system-generated detail')).out;
    expect(sg2).toContain('  Subject:\n    Common name: srx1\n');
    expect(sg2.match(/Serial number: (\w+)/)![1]).not.toBe(sg1);
    const clr = await op(h, 'clear security pki ca-certificate ca-profile ROOT');
    expect(clr.questions).toEqual(['Do you want to delete the CA certificate of profile ROOT ?']);
    expect((await op(h, 'show security pki ca-certificate')).out).toBe('');
  });
});

interface BadCase {
  readonly name: string;
  readonly code: string;
  /** Prepares the store (runs before the snapshot). */
  readonly setup?: (h: HarnessOptions) => Promise<void>;
  readonly line: (h: HarnessOptions) => readonly string[];
  readonly opts?: Partial<HarnessOptions>;
  readonly message?: RegExp;
}

const p = (s: string): string[] => s.split(' ');
const withKey = async (h: HarnessOptions): Promise<void> => {
  await op(h, 'request security pki generate-key-pair certificate-id k1 size 1024');
};

const BAD: readonly BadCase[] = [
  {
    name: 'wrong key size for type (256 rsa)',
    code: 'PKI_KEY_TYPE_SIZE',
    line: () => p('request security pki generate-key-pair certificate-id k1 size 256 type rsa'),
    message: /key size 256 is not valid for type rsa/,
  },
  {
    name: 'wrong key size for type (512 dsa)',
    code: 'PKI_KEY_TYPE_SIZE',
    line: () => p('request security pki generate-key-pair certificate-id k1 size 512 type dsa'),
  },
  {
    name: 'key pair exists',
    code: 'PKI_KEY_EXISTS',
    setup: withKey,
    line: () => p('request security pki generate-key-pair certificate-id k1'),
  },
  {
    name: "id with '.'",
    code: 'PKI_INVALID_ID',
    line: () => p('request security pki generate-key-pair certificate-id a.b'),
  },
  {
    name: 'missing key pair',
    code: 'PKI_KEY_NOT_FOUND',
    line: () => p('request security pki generate-certificate-request certificate-id nokey subject CN=x'),
  },
  {
    name: 'DN with unbalanced quotes',
    code: 'PKI_DN_UNBALANCED_QUOTES',
    setup: withKey,
    line: () => [
      'request',
      'security',
      'pki',
      'generate-certificate-request',
      'certificate-id',
      'k1',
      'subject',
      'CN=x,O="Acme, Inc',
    ],
    message: /unbalanced quotes/,
  },
  {
    name: 'unknown DN attribute',
    code: 'PKI_DN_UNKNOWN_ATTRIBUTE',
    setup: withKey,
    line: () =>
      p('request security pki generate-certificate-request certificate-id k1 subject CN=x,EMAIL=a@b.c'),
    message: /unknown attribute 'EMAIL'/,
  },
  {
    name: 'malformed DN (empty item)',
    code: 'PKI_DN_MALFORMED',
    setup: withKey,
    line: () => p('request security pki generate-certificate-request certificate-id k1 subject CN=x,,O=y'),
  },
  {
    name: 'malformed DN (country)',
    code: 'PKI_DN_MALFORMED',
    setup: withKey,
    line: () => p('request security pki generate-certificate-request certificate-id k1 subject CN=x,C=USA'),
  },
  {
    name: 'sha-384 with an RSA key',
    code: 'PKI_DIGEST_INVALID',
    setup: withKey,
    line: () =>
      p('request security pki generate-certificate-request certificate-id k1 subject CN=x digest sha-384'),
  },
  {
    name: 'bad ip-address',
    code: 'PKI_SAN_INVALID',
    setup: withKey,
    line: () =>
      p(
        'request security pki generate-certificate-request certificate-id k1 subject CN=x ip-address 999.1.1.1',
      ),
  },
  {
    name: 'self-signed over an existing local certificate',
    code: 'PKI_LOCAL_CERT_EXISTS',
    setup: async (h) => {
      await withKey(h);
      await op(
        h,
        'request security pki local-certificate generate-self-signed certificate-id k1 subject CN=x',
      );
    },
    line: () =>
      p('request security pki local-certificate generate-self-signed certificate-id k1 subject CN=y'),
  },
  {
    name: 'unknown ca-profile',
    code: 'PKI_CA_PROFILE_UNKNOWN',
    line: () => `request security pki ca-certificate load ca-profile NOPE filename ${root.cert}`.split(' '),
    message: /CA profile NOPE not configured/,
  },
  {
    name: 'inactive ca-profile',
    code: 'PKI_CA_PROFILE_UNKNOWN',
    line: () =>
      `request security pki ca-certificate load ca-profile INACTIVE filename ${root.cert}`.split(' '),
  },
  {
    name: 'missing file',
    code: 'PKI_FILE_READ',
    line: () => p('request security pki ca-certificate load ca-profile ROOT filename /nonexistent.pem'),
  },
  {
    name: 'corrupt PEM (no block)',
    code: 'PKI_PEM_INVALID',
    line: () => {
      const f = join(work, 'garbage.pem');
      writeFileSync(f, 'hello\n');
      return p(`request security pki ca-certificate load ca-profile ROOT filename ${f}`);
    },
  },
  {
    name: 'corrupt PEM (truncated certificate)',
    code: 'PKI_CERT_INVALID',
    line: () => {
      const f = join(work, 'trunc.pem');
      const t = readFileSync(root.cert, 'utf8').split('\n');
      writeFileSync(f, [...t.slice(0, 6), ...t.slice(-2)].join('\n'));
      return p(`request security pki ca-certificate load ca-profile ROOT filename ${f}`);
    },
  },
  {
    name: 'expired CA certificate',
    code: 'PKI_CERT_EXPIRED',
    opts: { now: new Date(Date.now() + 20 * 365 * DAY) },
    line: () => p(`request security pki ca-certificate load ca-profile ROOT filename ${root.cert}`),
  },
  {
    name: 'not-yet-valid CA certificate',
    code: 'PKI_CERT_NOT_YET_VALID',
    opts: { now: new Date(Date.now() - 2 * DAY) },
    line: () => p(`request security pki ca-certificate load ca-profile ROOT filename ${root.cert}`),
  },
  {
    name: 'CA certificate already loaded',
    code: 'PKI_CA_CERT_EXISTS',
    setup: async (h) =>
      void (await op(h, p(`request security pki ca-certificate load ca-profile ROOT filename ${root.cert}`))),
    line: () => p(`request security pki ca-certificate load ca-profile ROOT filename ${other.cert}`),
  },
  {
    name: 'local certificate for another key',
    code: 'PKI_KEY_MISMATCH',
    setup: async (h) => {
      await enrolled(h, 'k1');
      await op(h, 'request security pki generate-key-pair certificate-id k2 size 1024');
    },
    line: () => p(`request security pki local-certificate load certificate-id k2 filename ${lastCert}`),
    message: /does not match the key pair of certificate-id k2/,
  },
  {
    name: 'local certificate with a key file that does not match',
    code: 'PKI_KEY_MISMATCH',
    setup: async (h) => void (await enrolled(h, 'k1')),
    line: () =>
      p(`request security pki local-certificate load certificate-id k9 filename ${lastCert} key ${root.key}`),
  },
  {
    name: 'local certificate without key pair',
    code: 'PKI_KEY_NOT_FOUND',
    line: () => p(`request security pki local-certificate load certificate-id zz filename ${root.cert}`),
  },
  {
    name: 'unreadable key file',
    code: 'PKI_KEY_INVALID',
    line: () =>
      p(
        `request security pki local-certificate load certificate-id zz filename ${root.cert} key ${root.cert}`,
      ),
  },
  {
    name: 'CRL from another CA',
    code: 'PKI_CRL_ISSUER_MISMATCH',
    setup: async (h) =>
      void (await op(h, p(`request security pki ca-certificate load ca-profile ROOT filename ${root.cert}`))),
    line: () => p(`request security pki crl load ca-profile ROOT filename ${other.crl()}`),
    message: /CRL issuer 'C = US, O = Acme, CN = Other Root' is not the CA certificate of profile ROOT/,
  },
  {
    name: 'CRL without CA certificate',
    code: 'PKI_CA_CERT_NOT_FOUND',
    line: () => p(`request security pki crl load ca-profile ROOT filename ${root.crl()}`),
  },
  {
    name: 'verify with no issuer loaded',
    code: 'PKI_CHAIN_INCOMPLETE',
    setup: async (h) => {
      const { cert } = await enrolled(h, 'k1');
      await op(h, p(`request security pki local-certificate load certificate-id k1 filename ${cert}`));
    },
    line: () => p('request security pki local-certificate verify certificate-id k1'),
  },
  {
    name: 'verify an expired local certificate',
    code: 'PKI_CERT_EXPIRED',
    setup: async (h) => {
      const { cert } = await enrolled(h, 'k1');
      await op(h, p(`request security pki ca-certificate load ca-profile ROOT filename ${root.cert}`));
      await op(h, p(`request security pki local-certificate load certificate-id k1 filename ${cert}`));
    },
    opts: { now: new Date(Date.now() + 400 * DAY) },
    line: () => p('request security pki local-certificate verify certificate-id k1'),
  },
  {
    name: 'clear a missing local certificate',
    code: 'PKI_LOCAL_CERT_NOT_FOUND',
    line: () => p('clear security pki local-certificate certificate-id nope'),
  },
  {
    name: 'syntax error',
    code: 'OP_SYNTAX_ERROR',
    setup: withKey,
    line: () => p('request security pki generate-key-pair certificate-id k2 colour blue'),
  },
];

describe('bad input: a clear error and the store unchanged', () => {
  test.each(BAD.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const h = fresh();
    // Every store starts with the system-generated certificate in it (see fresh()).
    if (c.setup) await c.setup(h);
    const before = snapshot(h.stateDir);
    const r = await op({ ...h, ...c.opts }, c.line(h));
    expect(r.code).not.toBe(0);
    if (c.code.startsWith('OP_')) {
      expect(r.err).toMatch(/\^\nsyntax error\./);
    } else {
      expect(r.err).toMatch(/^error: /);
      if (c.message) expect(r.err).toMatch(c.message);
    }
    expect(snapshot(h.stateDir)).toEqual(before);
    expect(r.parseCode ?? r.diagnostics.find((d) => d.severity === 'error')?.code).toBe(c.code);
  });

  test('answering no loads nothing and deletes nothing', async () => {
    const h = fresh({ answer: false });
    await op(
      { ...h, answer: true },
      p(`request security pki ca-certificate load ca-profile OTHER filename ${other.cert}`),
    );
    const before = snapshot(h.stateDir);
    const load = await op(
      h,
      p(`request security pki ca-certificate load ca-profile ROOT filename ${root.cert}`),
    );
    expect(load.out).toMatch(/CA certificate for profile ROOT not loaded\n$/);
    await op(h, 'clear security pki ca-certificate all');
    expect(snapshot(h.stateDir)).toEqual(before);
  });
});
