// Which GetCACert certificates a SCEP client believes for the CA certificate
// pinned for its profile (pinCaCertificates): attacks first.
import {
  pinCaCertificates,
  classifyCaCertificates,
  type CaCertificates,
} from '../../../../src/protocols/scep/ca-certs.js';
import type { ScepCertificate } from '../../../../src/protocols/scep/certificate.js';
import { rsaKey, testCert, testChain } from './test-chain.js';

const { root, intermediate } = testChain();
const ra = testCert('CN=Example RA,O=Example', rsaKey(), false, intermediate);
const now = new Date();

function served(certs: ScepCertificate[]): CaCertificates {
  const r = classifyCaCertificates(certs);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}
const pin = (certs: ScepCertificate[], pinned: ScepCertificate) =>
  pinCaCertificates(served(certs), pinned.der, now);

describe('attacks', () => {
  test('a fake intermediate named as issued by the pinned root (signed by another key): refused', () => {
    const attacker = rsaKey();
    const fake = testCert('CN=Example Issuing CA,O=Example', rsaKey(), true, {
      cert: root.cert,
      key: attacker,
    });
    // By names alone the fake is the issuing CA and would receive the request:
    expect(served([root.cert, fake]).recipient).toBe(fake);
    const r = pin([root.cert, fake], root.cert);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('SCEP_UNKNOWN_SIGNER');
      expect(r.error.message).toMatch(/does not verify against the CA certificate loaded/);
    }
  });

  test('an RA issued by a CA the pinned root did not sign: refused', () => {
    const other = testChain();
    const foreignRa = testCert('CN=Other RA,O=Other', rsaKey(), false, other.intermediate);
    const r = pin([root.cert, other.intermediate.cert, foreignRa], root.cert);
    expect(r.ok).toBe(false);
  });

  test('a self-signed RA beside the pinned CA: refused', () => {
    const k = rsaKey();
    const r = pin([intermediate.cert, testCert('CN=Example RA,O=Example', k, false)], intermediate.cert);
    expect(r.ok).toBe(false);
  });

  test('an RA the pinned CA signed but that has expired: refused', () => {
    const expired = testCert('CN=Old RA,O=Example', rsaKey(), false, intermediate);
    const r = pinCaCertificates(
      served([intermediate.cert, expired]),
      intermediate.cert.der,
      new Date(Date.now() + 3 * 86_400_000),
    );
    expect(r.ok).toBe(false);
  });

  test('the pinned CA is not served at all: SCEP_FINGERPRINT_MISMATCH', () => {
    const r = pin([testChain().root.cert], root.cert);
    expect(!r.ok && r.error.code).toBe('SCEP_FINGERPRINT_MISMATCH');
  });
});

describe('what is believed', () => {
  test('root pinned; the RA is issued by the intermediate the root signed: RA receives and signs', () => {
    const r = pin([root.cert, intermediate.cert, ra], root.cert);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.recipient).toBe(ra);
    expect(r.value.issuer).toBe(intermediate.cert);
  });

  test('intermediate pinned, root served above it: the root is no recipient nor signer', () => {
    const r = pin([root.cert, intermediate.cert], intermediate.cert);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.recipient).toBe(intermediate.cert);
    expect(r.value.signers).toEqual([intermediate.cert]);
  });

  test('intermediate pinned; the RA is issued by it', () => {
    const r = pin([intermediate.cert, ra], intermediate.cert);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.recipient).toBe(ra);
  });
});
