// Hostile and broken SCEP responses: each one must give a clear, specific error.
// The CA side is built from the codec so each field can be broken on purpose.
import { generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCa, type EmbeddedCa } from '../../../../src/ca/ca-store.js';
import { issueCertificate, parseCsr, type ParsedCsr } from '../../../../src/ca/issue.js';
import {
  nodeHttpTransport,
  type HttpOutcome,
  type HttpRequest,
  type HttpTransport,
} from '../../../../src/protocols/http/transport.js';
import { enrollCertificate, getCaCert } from '../../../../src/protocols/scep/client.js';
import { buildCertsOnly } from '../../../../src/protocols/scep/degenerate.js';
import { buildEnvelope, openEnvelope } from '../../../../src/protocols/scep/envelope.js';
import { buildPkiMessage, type PkiMessageFields } from '../../../../src/protocols/scep/pki-message.js';
import { parsePkiMessage } from '../../../../src/protocols/scep/pki-message-parse.js';
import { verifyPkiMessage } from '../../../../src/protocols/scep/pki-message-verify.js';
import { buildCsr, buildTransientSigner, parseDn } from '../../../../src/protocols/scep/x509-build.js';
import type { ScepCertificate } from '../../../../src/protocols/scep/certificate.js';
import { testCert } from './test-chain.js';

const key: KeyObject = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
const otherKey: KeyObject = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
let dir: string;
let ca: EmbeddedCa;
let rogue: EmbeddedCa;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pkicfg-hostile-'));
  ca = openCa(join(dir, 'ca'));
  rogue = openCa(join(dir, 'rogue'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Ctx {
  csr: ParsedCsr;
  fields: PkiMessageFields;
  signer: ScepCertificate;
  issued: ScepCertificate;
  certsOnly: Buffer;
}

type Mutator = (c: Ctx) => { status?: number; contentType?: string; body: Buffer };

const good: Mutator = (c) => ({ body: sign(c) });

function sign(c: Ctx, by: EmbeddedCa = ca): Buffer {
  return buildPkiMessage(c.fields, { certificate: by.certificate, key: by.key, digest: 'sha256' });
}

/** A transport that plays a CA and lets `mutate` break the CertRep. */
function fakeCa(
  mutate: Mutator,
  caCert?: () => { contentType: string; body: Buffer; status?: number },
): HttpTransport {
  let lastCsr: Buffer | undefined;
  return {
    async send(req: HttpRequest): Promise<HttpOutcome> {
      const ok = (status: number, contentType: string, body: Buffer): HttpOutcome => ({
        ok: true,
        response: { status, headers: { 'content-type': contentType }, body },
      });
      if (req.url.includes('GetCACaps'))
        return ok(200, 'text/plain', Buffer.from('POSTPKIOperation\nAES\nSHA-256\nRenewal'));
      if (req.url.includes('GetCACert')) {
        const r = caCert?.() ?? { contentType: 'application/x-x509-ca-cert', body: ca.certificate.der };
        return ok(r.status ?? 200, r.contentType, r.body);
      }
      const msg = parsePkiMessage(req.body!);
      if (!msg.ok) throw new Error(msg.error.message);
      const signer = verifyPkiMessage(msg.value, msg.value.certificates);
      if (!signer.ok) throw new Error(signer.error.message);
      const env = openEnvelope(msg.value.envelope!, ca.certificate, ca.key);
      if (!env.ok) throw new Error(env.error.message);
      if (msg.value.messageType !== 'CertPoll') lastCsr = env.value.content;
      const csr = parseCsr(lastCsr!);
      if (!csr.ok) throw new Error(csr.reason);
      const issued = issueCertificate(ca, csr.value, { now: new Date(), validityDays: 30 });
      const certsOnly = buildCertsOnly([issued]);
      const fields: PkiMessageFields = {
        messageType: 'CertRep',
        transactionID: msg.value.transactionID,
        senderNonce: randomBytes(16),
        recipientNonce: msg.value.senderNonce,
        pkiStatus: 'SUCCESS',
        envelope: buildEnvelope(certsOnly, [signer.value], 'aes-128-cbc'),
      };
      const out = mutate({ csr: csr.value, fields, signer: signer.value, issued, certsOnly });
      return ok(out.status ?? 200, out.contentType ?? 'application/x-pki-message', out.body);
    },
  };
}

async function enrollWith(t: HttpTransport, pinned?: Buffer) {
  const csrDer = buildCsr({ subject: parseDn('CN=victim')!, key, challengePassword: 'x' });
  return enrollCertificate({
    endpoint: { url: 'http://ca.invalid/scep', transport: t, timeoutMs: 300, maxBodyBytes: 64 * 1024 },
    key,
    csrDer,
    certId: 'victim',
    ...(pinned ? { pinned } : {}),
    retry: 1,
    retryIntervalSec: 0,
    sleep: async () => undefined,
    now: () => new Date(),
  });
}

async function expectError(t: HttpTransport, code: string, text?: RegExp) {
  const r = await enrollWith(t);
  expect(r.ok).toBe(false);
  if (!r.ok) {
    expect(r.error.code).toBe(code);
    if (text) expect(r.error.message).toMatch(text);
    expect(r.error.message.length).toBeGreaterThan(10);
  }
}

const flip = (b: Buffer, at: number): Buffer => {
  const c = Buffer.from(b);
  c[at] ^= 0xff;
  return c;
};

describe('hostile CertReps', () => {
  test('sanity: the fake CA issues when nothing is broken', async () => {
    const r = await enrollWith(fakeCa(good));
    expect(r.ok).toBe(true);
  });

  const cases: [string, Mutator, string, RegExp?][] = [
    [
      'HTTP 500',
      () => ({ status: 500, contentType: 'text/plain', body: Buffer.from('boom') }),
      'SCEP_HTTP_ERROR',
      /HTTP 500 \(boom\)/,
    ],
    ['HTTP 403', () => ({ status: 403, body: Buffer.alloc(0) }), 'SCEP_HTTP_ERROR', /HTTP 403/],
    [
      'wrong content type',
      (c) => ({ contentType: 'text/html', body: sign(c) }),
      'SCEP_BAD_CONTENT_TYPE',
      /text\/html/,
    ],
    ['empty body', () => ({ body: Buffer.alloc(0) }), 'SCEP_MALFORMED'],
    ['truncated DER', (c) => ({ body: sign(c).subarray(0, 400) }), 'SCEP_MALFORMED'],
    ['random bytes', () => ({ body: randomBytes(300) }), 'SCEP_MALFORMED'],
    [
      'envelopedData instead of signedData',
      (c) => ({ body: c.fields.envelope as Buffer }),
      'SCEP_MALFORMED',
      /signedData/,
    ],
    [
      'certs-only PKCS#7 instead of pkiMessage',
      (c) => ({ body: c.certsOnly }),
      'SCEP_MALFORMED',
      /signerInfo/,
    ],
    [
      'bad signature',
      (c) => {
        const b = sign(c);
        return { body: flip(b, b.length - 5) };
      },
      'SCEP_BAD_SIGNATURE',
    ],
    ['signed by another CA', (c) => ({ body: sign(c, rogue) }), 'SCEP_UNKNOWN_SIGNER'],
    [
      'wrong transactionID',
      (c) => ({ body: sign({ ...c, fields: { ...c.fields, transactionID: 'EVIL' } }) }),
      'SCEP_TRANSACTION_MISMATCH',
      /EVIL/,
    ],
    [
      'wrong recipientNonce',
      (c) => ({ body: sign({ ...c, fields: { ...c.fields, recipientNonce: randomBytes(16) } }) }),
      'SCEP_NONCE_MISMATCH',
    ],
    [
      'missing recipientNonce',
      (c) => ({ body: sign({ ...c, fields: { ...c.fields, recipientNonce: undefined } }) }),
      'SCEP_NONCE_MISMATCH',
    ],
    [
      'PKCSReq echoed back',
      (c) => ({ body: sign({ ...c, fields: { ...c.fields, messageType: 'PKCSReq' } }) }),
      'SCEP_UNEXPECTED_MESSAGE_TYPE',
      /got messageType PKCSReq/,
    ],
    [
      'FAILURE badAlg',
      (c) => ({
        body: sign({ ...c, fields: { ...c.fields, pkiStatus: 'FAILURE', failInfo: 0, envelope: undefined } }),
      }),
      'SCEP_FAILINFO',
      /badAlg \(0\): unrecognized or unsupported algorithm/,
    ],
    [
      'FAILURE badCertId',
      (c) => ({
        body: sign({ ...c, fields: { ...c.fields, pkiStatus: 'FAILURE', failInfo: 4, envelope: undefined } }),
      }),
      'SCEP_FAILINFO',
      /badCertId \(4\)/,
    ],
    [
      'FAILURE without failInfo',
      (c) => ({ body: sign({ ...c, fields: { ...c.fields, pkiStatus: 'FAILURE', envelope: undefined } }) }),
      'SCEP_FAILINFO',
      /without a failInfo/,
    ],
    [
      'SUCCESS without envelope',
      (c) => ({ body: sign({ ...c, fields: { ...c.fields, envelope: undefined } }) }),
      'SCEP_MALFORMED',
      /no pkcsPKIEnvelope/,
    ],
    [
      'envelope for someone else',
      (c) => ({
        body: sign({
          ...c,
          fields: {
            ...c.fields,
            envelope: buildEnvelope(
              c.certsOnly,
              [buildTransientSigner(otherKey, parseDn('CN=other')!, new Date())],
              'aes-128-cbc',
            ),
          },
        }),
      }),
      'SCEP_DECRYPT_FAILED',
    ],
    [
      'envelope holds garbage instead of certs-only',
      (c) => ({
        body: sign({
          ...c,
          fields: { ...c.fields, envelope: buildEnvelope(randomBytes(64), [c.signer], 'aes-128-cbc') },
        }),
      }),
      'SCEP_MALFORMED',
    ],
    [
      'certificate for another key',
      (c) => ({
        body: sign({
          ...c,
          fields: {
            ...c.fields,
            envelope: buildEnvelope(buildCertsOnly([ca.certificate]), [c.signer], 'aes-128-cbc'),
          },
        }),
      }),
      'SCEP_CERT_MISMATCH',
    ],
    [
      'issued certificate for our key, but by another CA',
      (c) => ({
        body: sign({
          ...c,
          fields: {
            ...c.fields,
            envelope: buildEnvelope(
              buildCertsOnly([issueCertificate(rogue, c.csr, { now: new Date(), validityDays: 30 })]),
              [c.signer],
              'aes-128-cbc',
            ),
          },
        }),
      }),
      'SCEP_CERT_MISMATCH',
      /not signed by the CA/,
    ],
    [
      "issued certificate for our key under the CA's name, signed by another key",
      (c) => {
        const forged = issueCertificate({ ...rogue, certificate: ca.certificate }, c.csr, {
          now: new Date(),
          validityDays: 30,
        });
        return {
          body: sign({
            ...c,
            fields: {
              ...c.fields,
              envelope: buildEnvelope(buildCertsOnly([forged]), [c.signer], 'aes-128-cbc'),
            },
          }),
        };
      },
      'SCEP_CERT_MISMATCH',
      /not signed by the CA/,
    ],
    [
      'PENDING forever',
      (c) => ({ body: sign({ ...c, fields: { ...c.fields, pkiStatus: 'PENDING', envelope: undefined } }) }),
      'SCEP_TIMEOUT',
      /PENDING after 1 polls/,
    ],
    [
      'trailing garbage after the DER',
      (c) => ({ body: Buffer.concat([sign(c), Buffer.alloc(70)]) }),
      'SCEP_MALFORMED',
      /trailing/,
    ],
  ];
  test.each(cases.map(([name, mutate, code, text]) => ({ name, mutate, code, text })))(
    '$name',
    async ({ mutate, code, text }) => {
      await expectError(fakeCa(mutate), code, text);
    },
  );

  test('tampered content: messageDigest no longer matches', async () => {
    const t = fakeCa((c) => {
      const der = sign(c);
      // flip a byte inside the encrypted content (deep inside eContent)
      const idx = der.indexOf(Buffer.from(c.fields.envelope as Buffer).subarray(200, 216));
      return { body: flip(der, idx + 3) };
    });
    await expectError(t, 'SCEP_BAD_SIGNATURE', /messageDigest/);
  });
});

describe('hostile GetCACert answers', () => {
  test.each([
    ['HTML page', { contentType: 'text/html', body: Buffer.from('<html>') }, 'SCEP_BAD_CONTENT_TYPE'],
    [
      'garbage as a DER cert',
      { contentType: 'application/x-x509-ca-cert', body: randomBytes(100) },
      'SCEP_MALFORMED',
    ],
    [
      'empty CA/RA bundle',
      { contentType: 'application/x-x509-ca-ra-cert', body: buildCertsOnly([]) },
      'SCEP_NO_CA_CERT',
    ],
    ['HTTP 404', { contentType: 'text/plain', body: Buffer.from('nope'), status: 404 }, 'SCEP_HTTP_ERROR'],
  ] as const)('%s', async (_n, answer, code) => {
    const r = await getCaCert({ url: 'http://ca.invalid/scep', transport: fakeCa(good, () => answer) });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe(code);
  });

  test('CA + RA bundle: RA is the recipient and a signer', async () => {
    const raKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const raCsr = parseCsr(buildCsr({ subject: parseDn('CN=RA')!, key: raKey }));
    if (!raCsr.ok) throw new Error(raCsr.reason);
    const ra = issueCertificate(ca, raCsr.value, { now: new Date(), validityDays: 30 });
    const r = await getCaCert({
      url: 'http://ca.invalid/scep',
      transport: fakeCa(good, () => ({
        contentType: 'application/x-x509-ca-ra-cert',
        body: buildCertsOnly([ca.certificate, ra]),
      })),
    });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.recipient.der.equals(ra.der)).toBe(true);
    expect(r.value.ca.der.equals(ca.certificate.der)).toBe(true);
  });
});

describe('real HTTP failures through the node transport', () => {
  let server: Server;
  let port: number;
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url?.includes('slow')) return; // never answers
      if (req.url?.includes('huge')) {
        res.writeHead(200, { 'content-type': 'application/x-x509-ca-cert' });
        res.end(Buffer.alloc(2 * 1024 * 1024));
        return;
      }
      if (req.url?.includes('chunked')) {
        res.writeHead(200, { 'content-type': 'application/x-x509-ca-cert' });
        for (let i = 0; i < 40; i++) res.write(Buffer.alloc(64 * 1024));
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('AES');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  });

  test('timeout', async () => {
    const r = await getCaCert({
      url: `http://127.0.0.1:${port}/slow`,
      transport: nodeHttpTransport(),
      timeoutMs: 200,
    });
    expect(!r.ok && r.error.code).toBe('SCEP_TIMEOUT');
  });
  test('oversized body (Content-Length)', async () => {
    const r = await getCaCert({
      url: `http://127.0.0.1:${port}/huge`,
      transport: nodeHttpTransport(),
      maxBodyBytes: 1024 * 1024,
    });
    expect(!r.ok && r.error.code).toBe('SCEP_RESPONSE_TOO_LARGE');
  });
  test('oversized body (chunked, no length)', async () => {
    const r = await getCaCert({
      url: `http://127.0.0.1:${port}/chunked`,
      transport: nodeHttpTransport(),
      maxBodyBytes: 1024 * 1024,
    });
    expect(!r.ok && r.error.code).toBe('SCEP_RESPONSE_TOO_LARGE');
  });
  test('connection refused', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
    const p = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const r = await getCaCert({ url: `http://127.0.0.1:${p}/scep`, transport: nodeHttpTransport() });
    expect(!r.ok && r.error.code).toBe('SCEP_CONNECT_FAILED');
  });
  test('bad URL scheme', async () => {
    const r = await getCaCert({ url: 'ftp://127.0.0.1/scep', transport: nodeHttpTransport() });
    expect(!r.ok && r.error.message).toMatch(/unsupported URL scheme/);
  });
});

describe('a man in the middle of GetCACert, with the CA certificate pinned', () => {
  /** Answers GetCACert with `served` and counts the PKIOperations it would have read. */
  function mitm(served: () => ScepCertificate[]): HttpTransport & { operations: number } {
    const inner = fakeCa(good, () => ({
      contentType: 'application/x-x509-ca-ra-cert',
      body: buildCertsOnly(served()),
    }));
    const t = {
      operations: 0,
      async send(req: HttpRequest): Promise<HttpOutcome> {
        if (req.url.includes('PKIOperation')) t.operations++;
        return inner.send(req);
      },
    };
    return t;
  }
  const forgedBelowCa = (subject: string, isCa: boolean) =>
    testCert(subject, otherKey, isCa, { cert: ca.certificate, key: rogue.key });

  test.each([
    [
      'fake intermediate named as issued by the pinned CA',
      () => [ca.certificate, forgedBelowCa('CN=Issuing', true)],
    ],
    ['fake RA named as issued by the pinned CA', () => [ca.certificate, forgedBelowCa('CN=RA', false)]],
    ['RA issued by another CA', () => [ca.certificate, rogue.certificate, forgedBelowCa('CN=RA', false)]],
    ['self-signed RA beside the pinned CA', () => [ca.certificate, testCert('CN=RA', otherKey, false)]],
  ])('%s: refused before any request (and its challenge) is sent', async (_n, served) => {
    const t = mitm(served);
    await expectErrorPinned(t, 'SCEP_UNKNOWN_SIGNER');
    expect(t.operations).toBe(0);
  });

  test("another CA's certificate instead of the pinned one", async () => {
    const t = mitm(() => [rogue.certificate]);
    await expectErrorPinned(t, 'SCEP_FINGERPRINT_MISMATCH');
    expect(t.operations).toBe(0);
  });

  test('control: the pinned CA alone is believed and enrolls', async () => {
    const r = await enrollWith(
      mitm(() => [ca.certificate]),
      ca.certificate.der,
    );
    expect(r.ok).toBe(true);
  });

  async function expectErrorPinned(t: HttpTransport, code: string) {
    const r = await enrollWith(t, ca.certificate.der);
    expect(!r.ok && r.error.code).toBe(code);
  }
});
