// GetCACert with a CA chain: which certificate requests are encrypted to.
import { classifyCaCertificates } from '../../../../src/protocols/scep/ca-certs.js';
import type { ScepCertificate } from '../../../../src/protocols/scep/certificate.js';
import { rsaKey, testCert, testChain } from './test-chain.js';

const chain = testChain();
const root = chain.root.cert;
const intermediate = chain.intermediate.cert;

function classify(certs: ScepCertificate[]): {
  ca: ScepCertificate;
  issuer: ScepCertificate;
  recipient: ScepCertificate;
} {
  const r = classifyCaCertificates(certs);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe('GetCACert: root + issuing intermediate without an RA', () => {
  test.each([
    ['root first', [root, intermediate]],
    ['intermediate first', [intermediate, root]],
  ])('%s: the intermediate is the recipient and the CertPoll issuer, not the root', (_n, certs) => {
    const r = classify(certs);
    expect(r.recipient).toBe(intermediate);
    expect(r.issuer).toBe(intermediate);
    expect(r.ca).toBe(root); // the trust anchor shown and loaded stays the root
  });

  test('a lone self-signed CA is CA, issuer and recipient', () => {
    const r = classify([root]);
    expect(r.recipient).toBe(root);
    expect(r.issuer).toBe(root);
  });

  test('with an RA below the intermediate: the RA is the recipient, the intermediate the issuer', () => {
    const ra = testCert('CN=Example RA,O=Example', rsaKey(), false, chain.intermediate);
    const r = classify([root, intermediate, ra]);
    expect(r.recipient).toBe(ra);
    expect(r.issuer).toBe(intermediate);
  });
});
