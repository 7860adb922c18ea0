// pkicfg's SCEP client against pkicfg's embedded CA, in process over 127.0.0.1.
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunningCaServer } from '../../../src/ca/serve.js';
import { decidePending, listPending } from '../../../src/ca/pending-queue.js';
import { nodeHttpTransport, type HttpTransport } from '../../../src/protocols/http/transport.js';
import { enrollCertificate, type EnrollParams } from '../../../src/protocols/scep/client.js';
import { buildCsr, buildTransientSigner, parseDn } from '../../../src/protocols/scep/x509-build.js';
import { startTestCas, stopTestCas, type TestCas } from './test-cas.js';

const rsa = (): KeyObject => generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
const key = rsa();

let cas: TestCas;
let srv: RunningCaServer;
let pendingSrv: RunningCaServer;
const transport = nodeHttpTransport();

beforeAll(async () => {
  cas = await startTestCas('pkicfg-ca-', 's3cret');
  ({ auto: srv, manual: pendingSrv } = cas);
});
afterAll(() => stopTestCas(cas));

function params(
  over: Partial<EnrollParams> & { challenge?: string; url?: string; t?: HttpTransport },
): EnrollParams {
  const csrDer = buildCsr({
    subject: parseDn('CN=router1.example.net,OU=ops,O=Example')!,
    key,
    challengePassword: over.challenge ?? 's3cret',
    dnsNames: ['router1.example.net'],
    ipAddresses: ['192.0.2.1'],
  });
  return {
    endpoint: { url: over.url ?? srv.scepUrl, transport: over.t ?? transport, timeoutMs: 5000 },
    key,
    csrDer,
    certId: 'r1',
    retry: 3,
    retryIntervalSec: 0,
    sleep: async () => undefined,
    now: () => new Date(),
    ...over,
  };
}

describe('embedded CA SCEP server', () => {
  test('PKCSReq with challenge is issued, chains to the CA, carries subject and SAN', async () => {
    const r = await enrollCertificate(params({}));
    if (!r.ok) throw new Error(r.error.message);
    const cert = r.value.certificate.x509;
    expect(cert.verify(srv.ca.certificate.publicKey)).toBe(true);
    expect(cert.subject).toContain('CN=router1.example.net');
    expect(cert.subjectAltName).toContain('DNS:router1.example.net');
    expect(cert.subjectAltName).toContain('IP Address:192.0.2.1');
    expect(r.warnings).toEqual([]); // AES + SHA-256 offered, nothing weak chosen
  });

  test('wrong challenge: FAILURE badRequest in words', async () => {
    const r = await enrollCertificate(params({ challenge: 'wrong' }));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('SCEP_FAILINFO');
      expect(r.error.message).toContain('badRequest (2)');
    }
  });

  test('GET PKIOperation when POST is not offered; forced DES + MD5 works with warnings', async () => {
    const t: HttpTransport = {
      async send(req) {
        const o = await transport.send(req);
        if (o.ok && req.url.includes('GetCACaps')) {
          return { ok: true, response: { ...o.response, body: Buffer.from('DES3\nSHA-1') } };
        }
        return o;
      },
    };
    const r = await enrollCertificate(params({ t, overrides: { cipher: 'des-cbc', digest: 'md5' } }));
    if (!r.ok) throw new Error(r.error.message);
    expect(r.warnings.map((w) => w.code)).toContain('SCEP_WEAK_ALGORITHM');
  });

  test('RenewalReq signed with the current certificate needs no challenge', async () => {
    const first = await enrollCertificate(params({}));
    if (!first.ok) throw new Error(first.error.message);
    const r = await enrollCertificate(
      params({ challenge: 'not-needed', renewal: { certificate: first.value.certificate, key } }),
    );
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.certificate.x509.serialNumber).not.toBe(first.value.certificate.x509.serialNumber);
  });

  describe('attacks: a RenewalReq is proof of the old certificate only', () => {
    const evilCsr = (subject: string, dnsNames: string[], challenge?: string) =>
      buildCsr({
        subject: parseDn(subject)!,
        key,
        ...(challenge !== undefined ? { challengePassword: challenge } : {}),
        dnsNames,
      });
    const issuedTo = (what: string) =>
      readFileSync(join(srv.ca.dir, 'index.jsonl'), 'utf8')
        .split('\n')
        .filter((l) => l.includes(what));

    test.each([
      ['another subject', 'CN=admin,O=Evil', ['router1.example.net']],
      ['another SAN', 'CN=router1.example.net,OU=ops,O=Example', ['victim.example.com']],
      ['no SAN at all (a changed name set)', 'CN=router1.example.net,OU=ops,O=Example', []],
    ])('%s, no challenge: refused, nothing issued', async (_name, subject, dns) => {
      const first = await enrollCertificate(params({}));
      if (!first.ok) throw new Error(first.error.message);
      const r = await enrollCertificate(
        params({
          csrDer: evilCsr(subject, dns),
          renewal: { certificate: first.value.certificate, key },
        }),
      );
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.message).toContain('badRequest');
      expect(issuedTo('admin')).toEqual([]);
      expect(issuedTo('victim')).toEqual([]);
    });

    test('signed by a certificate this CA did not issue: the challenge is required', async () => {
      const selfSigned = buildTransientSigner(
        key,
        parseDn('CN=router1.example.net,OU=ops,O=Example')!,
        new Date(),
      );
      const r = await enrollCertificate(
        params({ challenge: 'wrong', renewal: { certificate: selfSigned, key } }),
      );
      expect(r.ok).toBe(false);
    });

    test('another subject with the right challenge is a first request and is issued', async () => {
      const first = await enrollCertificate(params({}));
      if (!first.ok) throw new Error(first.error.message);
      const r = await enrollCertificate(
        params({
          csrDer: evilCsr('CN=router2.example.net', [], 's3cret'),
          renewal: { certificate: first.value.certificate, key },
        }),
      );
      if (!r.ok) throw new Error(r.error.message);
      expect(r.value.certificate.x509.subject).toBe('CN=router2.example.net');
    });
  });

  test('manual approval: PENDING, CertPoll, approve, issued', async () => {
    let polls = 0;
    const r = await enrollCertificate(
      params({
        url: pendingSrv.scepUrl,
        sleep: async () => {
          polls++;
          if (polls === 2) {
            const [p] = listPending(pendingSrv.ca).filter((x) => x.state === 'pending');
            expect(decidePending(pendingSrv.ca, p.transactionID, 'approved')).toBe(true);
          }
        },
      }),
    );
    if (!r.ok) throw new Error(r.error.message);
    expect(polls).toBe(2);
    expect(r.value.certificate.x509.verify(pendingSrv.ca.certificate.publicKey)).toBe(true);
  });

  test('manual approval: retries exhausted while PENDING', async () => {
    const r = await enrollCertificate(params({ url: pendingSrv.scepUrl, retry: 2 }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain('PENDING after 2 polls');
  });

  test('ECDSA key: refused before any request', async () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    let sent = 0;
    const t: HttpTransport = { send: async (req) => (sent++, transport.send(req)) };
    const r = await enrollCertificate({ ...params({ t }), key: ec });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toBe('ECDSA Keypair not supported with SCEP for cert_id r1');
    expect(sent).toBe(0);
  });
});
