// OpenSSL must agree with what src/pki builds: CSRs, self-signed certificates, keys, fingerprints.
import { buildCsr, csrHashes } from '../../../src/pki/csr.js';
import { buildSelfSigned, certificateFingerprints } from '../../../src/pki/certificate.js';
import { parseDn } from '../../../src/pki/dn.js';
import { generateKeyPair, type KeySpec } from '../../../src/pki/key-pair.js';
import type { Digest } from '../../../src/pki/algorithms.js';
import { NO_ALT_NAMES } from '../../../src/pki/extensions.js';
import { openssl, opensslAll, tempDir, writeTemp } from './helpers.js';

const dn = (s: string) => {
  const r = parseDn(s, { serialNumber: 'SER123' });
  if (!r.value) throw new Error(JSON.stringify(r.diagnostics));
  return r.value;
};

const alt = {
  dns: ['r1.example.net'],
  email: ['ops@example.net'],
  ipv4: ['192.0.2.1'],
  ipv6: ['2001:db8::1'],
};

const cases: [KeySpec, Digest | undefined, string][] = [
  [{ type: 'rsa', size: 1024 }, undefined, 'sha1WithRSAEncryption'],
  [{ type: 'rsa', size: 2048 }, 'sha-256', 'sha256WithRSAEncryption'],
  [{ type: 'dsa', size: 1024 }, undefined, 'dsaWithSHA1'],
  [{ type: 'ecdsa', size: 256 }, undefined, 'ecdsa-with-SHA256'],
  [{ type: 'ecdsa', size: 384 }, 'sha-384', 'ecdsa-with-SHA384'],
  [{ type: 'ecdsa', size: 521 }, 'sha-256', 'ecdsa-with-SHA256'],
];

describe.each(cases)('%j digest %s', (spec, digest, sigName) => {
  const dir = tempDir();
  const key = generateKeyPair(spec);
  const keyFile = writeTemp(dir, 'k.key', key.pem);

  test('key loads in openssl pkey', () => {
    expect(openssl(['pkey', '-in', keyFile, '-noout'])).toBe('');
  });

  test('CSR verifies; subject, SANs, signature algorithm and hashes match openssl', () => {
    const subject = dn('DC=example,CN=r1,SN,OU=sec,O="Acme, Inc.",L=Paris,ST=IDF,C=FR');
    const r = buildCsr({ key, subject, altNames: alt, digest });
    expect(r.diagnostics).toEqual([]);
    const csr = r.value!;
    const f = writeTemp(dir, 'r.csr', csr.pem);
    const out = opensslAll(['req', '-in', f, '-verify', '-noout', '-text', '-nameopt', 'RFC2253']);
    expect(out).toMatch(/verify OK|Certificate request self-signature verify OK/);
    // RFC2253 prints the RDNs last-first.
    expect(out).toContain(
      'Subject: C=FR,ST=IDF,L=Paris,O=Acme\\, Inc.,OU=sec,serialNumber=SER123,CN=r1,DC=example',
    );
    expect(out).toContain(
      'DNS:r1.example.net, email:ops@example.net, IP Address:192.0.2.1, IP Address:2001:DB8:0:0:0:0:0:1',
    );
    expect(out).toContain(`Signature Algorithm: ${sigName}`);
    // Hash the DER openssl itself extracts from the PEM.
    const derFile = `${f}.der`;
    openssl(['req', '-in', f, '-outform', 'DER', '-out', derFile]);
    const hashes = csrHashes(csr.der);
    const sha1 = openssl(['dgst', '-sha1', '-c', derFile]).trim().split('= ')[1];
    const md5 = openssl(['dgst', '-md5', '-c', derFile]).trim().split('= ')[1];
    expect(hashes.sha1).toBe(sha1);
    expect(hashes.md5).toBe(md5);
  });

  test('self-signed certificate passes openssl verify; fingerprints agree', () => {
    const now = new Date();
    const r = buildSelfSigned({
      key,
      subject: dn('CN=r1,O=Acme,C=US'),
      altNames: { ...NO_ALT_NAMES, dns: ['r1.example.net'] },
      caConstraint: spec.size === 2048,
      digest: spec.type === 'dsa' ? 'sha-1' : 'sha-256',
      notBefore: new Date(now.getTime() - 60_000),
      notAfter: new Date(now.getTime() + 5 * 365 * 86400_000),
    });
    expect(r.diagnostics).toEqual([]);
    const f = writeTemp(dir, 'c.pem', r.value!.pem);
    expect(openssl(['verify', '-CAfile', f, f]).trim()).toBe(`${f}: OK`);
    const fp = certificateFingerprints(r.value!);
    const osha1 = openssl(['x509', '-in', f, '-noout', '-fingerprint', '-sha1']).trim().split('=')[1];
    const omd5 = openssl(['x509', '-in', f, '-noout', '-fingerprint', '-md5']).trim().split('=')[1];
    const osha256 = openssl(['x509', '-in', f, '-noout', '-fingerprint', '-sha256']).trim().split('=')[1];
    expect(fp.sha1).toBe(osha1.toLowerCase());
    expect(fp.md5).toBe(omd5.toLowerCase());
    expect(fp.sha256).toBe(osha256.toLowerCase());
    const text = openssl(['x509', '-in', f, '-noout', '-text']);
    expect(text).toContain(spec.size === 2048 ? 'CA:TRUE' : 'CA:FALSE');
    expect(text).toContain('DNS:r1.example.net');
  });
});
