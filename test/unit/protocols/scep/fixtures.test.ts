// Decodes the messages captured from micromdm scepserver/scepclient and certmonger
// (test/fixtures/protocols/scep, see its README.md): a codec that only agrees with itself proves nothing.
import { readFileSync } from 'node:fs';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { parsePkiMessage } from '../../../../src/protocols/scep/pki-message-parse.js';
import { verifyPkiMessage } from '../../../../src/protocols/scep/pki-message-verify.js';
import { openEnvelope } from '../../../../src/protocols/scep/envelope.js';
import { parseCertsOnly } from '../../../../src/protocols/scep/degenerate.js';
import { parseCertificate } from '../../../../src/protocols/scep/certificate.js';
import { parseCaps, chooseAlgorithms } from '../../../../src/protocols/scep/caps.js';
import { parseCaCertResponse } from '../../../../src/protocols/scep/ca-certs.js';

const DIR = 'test/fixtures/protocols/scep';
const read = (f: string): Buffer => readFileSync(`${DIR}/${f}`);
const pemDer = (f: string): Buffer => new X509Certificate(read(f)).raw;
const ok = <T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

const caCert = parseCertificate(read('getcacert-rsp.der'))!;
const caKey = createPrivateKey(read('keys/ca-key-unencrypted.pem'));

describe('captured SCEP messages (micromdm scep 2.1.0, certmonger 0.79)', () => {
  test('GetCACaps body', () => {
    const caps = parseCaps(read('getcacaps-rsp.txt').toString());
    expect([...caps].sort()).toEqual([
      'aes',
      'des3',
      'postpkioperation',
      'renewal',
      'scepstandard',
      'sha-1',
      'sha-256',
    ]);
    const choice = chooseAlgorithms(caps);
    expect(choice).toMatchObject({
      cipher: 'aes-128-cbc',
      digest: 'sha256',
      post: true,
      renewal: true,
      warnings: [],
    });
  });

  test('GetCACert: one raw DER cert, CA plays every role', () => {
    const r = ok(parseCaCertResponse('application/x-x509-ca-cert', read('getcacert-rsp.der')));
    expect(r.all).toHaveLength(1);
    expect(r.recipient.der.equals(pemDer('keys/ca.pem'))).toBe(true);
    expect(r.ra).toHaveLength(0);
  });

  test('scepclient PKCSReq: DES-CBC envelope, SHA-1, CSR inside', () => {
    const msg = ok(parsePkiMessage(read('pkcsreq-scepclient.der')));
    expect(msg.messageType).toBe('PKCSReq');
    expect(msg.digest).toBe('sha1');
    expect(msg.senderNonce).toHaveLength(16);
    const signer = ok(verifyPkiMessage(msg, msg.certificates));
    expect(signer.x509.subject).toContain('CN=SCEP SIGNER');
    const env = ok(openEnvelope(msg.envelope!, caCert, caKey));
    expect(env.cipher).toBe('des-cbc');
    const csrPem = read('keys/scepclient-csr.pem').toString();
    const csrDer = Buffer.from(csrPem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
    expect(env.content.equals(csrDer)).toBe(true);
  });

  test('scepserver CertRep SUCCESS: signed by the CA, nonce echoed, issued cert inside', () => {
    const req = ok(parsePkiMessage(read('pkcsreq-scepclient.der')));
    const rep = ok(parsePkiMessage(read('certrep-success.der')));
    expect(rep.messageType).toBe('CertRep');
    expect(rep.pkiStatus).toBe('SUCCESS');
    expect(rep.transactionID).toBe(req.transactionID);
    expect(rep.recipientNonce!.equals(req.senderNonce!)).toBe(true);
    ok(verifyPkiMessage(rep, [caCert]));
    const reqSigner = ok(verifyPkiMessage(req, req.certificates));
    const env = ok(openEnvelope(rep.envelope!, reqSigner, createPrivateKey(read('keys/scepclient-key.pem'))));
    expect(env.cipher).toBe('des-cbc');
    const certs = ok(parseCertsOnly(env.content));
    expect(certs[0].der.equals(pemDer('keys/scepclient-issued.pem'))).toBe(true);
  });

  test('RenewalReq and its CertRep', () => {
    const req = ok(parsePkiMessage(read('renewalreq-scepclient.der')));
    expect(req.messageType).toBe('RenewalReq');
    const signer = ok(verifyPkiMessage(req, req.certificates));
    expect(signer.der.equals(pemDer('keys/scepclient-issued.pem'))).toBe(true);
    const rep = ok(parsePkiMessage(read('certrep-renewal-success.der')));
    ok(verifyPkiMessage(rep, [caCert]));
    const env = ok(openEnvelope(rep.envelope!, signer, createPrivateKey(read('keys/scepclient-key.pem'))));
    expect(ok(parseCertsOnly(env.content))[0].der.equals(pemDer('keys/scepclient-renewed.pem'))).toBe(true);
  });

  test('CertRep FAILURE badRequest has no envelope', () => {
    const rep = ok(parsePkiMessage(read('certrep-failure-badrequest.der')));
    expect(rep).toMatchObject({ messageType: 'CertRep', pkiStatus: 'FAILURE', failInfo: 2 });
    expect(rep.envelope).toBeUndefined();
    ok(verifyPkiMessage(rep, [caCert]));
  });

  test('certmonger GET PKCSReq: AES-256-CBC + SHA-256; answer still DES', () => {
    const req = ok(parsePkiMessage(read('pkcsreq-certmonger-aes256-sha256.der')));
    expect(req.digest).toBe('sha256');
    expect(req.transactionID).toMatch(/^\d+$/);
    const signer = ok(verifyPkiMessage(req, req.certificates));
    expect(ok(openEnvelope(req.envelope!, caCert, caKey)).cipher).toBe('aes-256-cbc');
    const rep = ok(parsePkiMessage(read('certrep-certmonger.der')));
    ok(verifyPkiMessage(rep, [caCert]));
    const env = ok(openEnvelope(rep.envelope!, signer, createPrivateKey(read('keys/certmonger-key.pem'))));
    expect(env.cipher).toBe('des-cbc');
    expect(ok(parseCertsOnly(env.content))[0].der.equals(pemDer('keys/certmonger-issued.pem'))).toBe(true);
  });
});
