// GetCACert with a CA chain: which certificate requests are encrypted to.
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import * as pkijs from 'pkijs';
import { classifyCaCertificates } from '../../../../src/protocols/scep/ca-certs.js';
import type { ScepCertificate } from '../../../../src/protocols/scep/certificate.js';
import {
  parseDn,
  publicKeyInfo,
  randomSerial,
  signCertificate,
} from '../../../../src/protocols/scep/x509-build.js';

const key = (): KeyObject => generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;

function basicConstraints(cA: boolean): pkijs.Extension {
  return new pkijs.Extension({
    extnID: '2.5.29.19',
    critical: true,
    extnValue: new pkijs.BasicConstraints({ cA }).toSchema().toBER(false),
  });
}

/** A certificate for SUBJECT's KEY, signed by ISSUER (self-signed when absent). */
function cert(
  subject: string,
  subjectKey: KeyObject,
  ca: boolean,
  issuer?: { cert: ScepCertificate; key: KeyObject },
): ScepCertificate {
  const now = Date.now();
  return signCertificate(
    {
      serial: randomSerial(),
      issuer: issuer ? issuer.cert.asn1.subject : parseDn(subject)!,
      subject: parseDn(subject)!,
      notBefore: new Date(now - 3_600_000),
      notAfter: new Date(now + 86_400_000),
      publicKey: publicKeyInfo(subjectKey),
      extensions: [basicConstraints(ca)],
    },
    issuer?.key ?? subjectKey,
    'sha256',
  );
}

const rootKey = key();
const root = cert('CN=Example Root CA,O=Example', rootKey, true);
const intKey = key();
const intermediate = cert('CN=Example Issuing CA,O=Example', intKey, true, { cert: root, key: rootKey });

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
    const ra = cert('CN=Example RA,O=Example', key(), false, { cert: intermediate, key: intKey });
    const r = classify([root, intermediate, ra]);
    expect(r.recipient).toBe(ra);
    expect(r.issuer).toBe(intermediate);
  });
});
