// Which served RA certificates a SCEP job accepts for the CA loaded for its profile.
import { classifyCaCertificates, type CaCertificates } from '../../../src/protocols/scep/ca-certs.js';
import type { ScepCertificate } from '../../../src/protocols/scep/certificate.js';
import { rasNotFromLoadedCa } from '../../../src/enroll/scep-job.js';
import { rsaKey, testCert, testChain } from '../protocols/scep/test-chain.js';

const { root, intermediate } = testChain();
const ra = testCert('CN=Example RA,O=Example', rsaKey(), false, intermediate);

function served(certs: ScepCertificate[]): CaCertificates {
  const r = classifyCaCertificates(certs);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

test('root loaded; the RA is issued by the intermediate the root signed: accepted', () => {
  expect(rasNotFromLoadedCa(served([root.cert, intermediate.cert, ra]), root.cert)).toEqual([]);
});

test('intermediate loaded; the RA is issued by it: accepted', () => {
  expect(rasNotFromLoadedCa(served([intermediate.cert, ra]), intermediate.cert)).toEqual([]);
});

test('an RA issued by a CA the loaded root did not sign: refused', () => {
  const other = testChain();
  const foreignRa = testCert('CN=Other RA,O=Other', rsaKey(), false, other.intermediate);
  expect(rasNotFromLoadedCa(served([root.cert, other.intermediate.cert, foreignRa]), root.cert)).toEqual([
    foreignRa,
  ]);
});
