// A small CA chain for tests: root -> issuing intermediate, and certificates below.
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import * as pkijs from 'pkijs';
import type { ScepCertificate } from '../../../../src/protocols/scep/certificate.js';
import {
  parseDn,
  publicKeyInfo,
  randomSerial,
  signCertificate,
} from '../../../../src/protocols/scep/x509-build.js';

export const rsaKey = (): KeyObject => generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;

function basicConstraints(cA: boolean): pkijs.Extension {
  return new pkijs.Extension({
    extnID: '2.5.29.19',
    critical: true,
    extnValue: new pkijs.BasicConstraints({ cA }).toSchema().toBER(false),
  });
}

export interface Issuer {
  readonly cert: ScepCertificate;
  readonly key: KeyObject;
}

/** A certificate for SUBJECT's KEY (cA when CA), signed by ISSUER (self-signed when absent). */
export function testCert(subject: string, key: KeyObject, ca: boolean, issuer?: Issuer): ScepCertificate {
  const now = Date.now();
  return signCertificate(
    {
      serial: randomSerial(),
      issuer: issuer ? issuer.cert.asn1.subject : parseDn(subject)!,
      subject: parseDn(subject)!,
      notBefore: new Date(now - 3_600_000),
      notAfter: new Date(now + 86_400_000),
      publicKey: publicKeyInfo(key),
      extensions: [basicConstraints(ca)],
    },
    issuer?.key ?? key,
    'sha256',
  );
}

/** A self-signed root and an issuing intermediate below it. */
export function testChain(): { root: Issuer; intermediate: Issuer } {
  const rootKey = rsaKey();
  const root = { cert: testCert('CN=Example Root CA,O=Example', rootKey, true), key: rootKey };
  const intKey = rsaKey();
  const intermediate = {
    cert: testCert('CN=Example Issuing CA,O=Example', intKey, true, root),
    key: intKey,
  };
  return { root, intermediate };
}
