// The CMP client against the embedded CA's CMP server in-process (fake
// transport), then against hostile or broken servers: every response is
// checked, and each failure is one clear diagnostic.
import { generateKeyPairSync, createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import { createCmpServer, issueCertificate, type CmpServerOptions } from '../../../../src/ca/cmp-server.js';
import { testCert } from '../scep/test-chain.js';
import { sendCmpEnrollment, type CmpEnrollRequest } from '../../../../src/protocols/cmp/client.js';
import type { CmpTransport } from '../../../../src/protocols/cmp/http-transport.js';
import {
  buildPkiMessage,
  parsePkiMessage,
  type PkiMessage,
} from '../../../../src/protocols/cmp/pki-message.js';
import { protectMessage } from '../../../../src/protocols/cmp/protection.js';
import type { PkiBody } from '../../../../src/protocols/cmp/pki-body.js';
import type { PkiHeader } from '../../../../src/protocols/cmp/pki-header.js';
import { keyCert, keyFile } from './helpers.js';

const SECRET = Buffer.from('s3cret-pbm');
const REF = Buffer.from('51899');
const ROOT = keyCert('root');
const INT1 = keyCert('int1');
const ISSUING = keyCert('issuing');
const NOW = new Date(new Date(new X509Certificate(ISSUING).validFrom).getTime() + 86400_000);

function name(dn: string): Uint8Array {
  const OIDS: Record<string, string> = { CN: '2.5.4.3', O: '2.5.4.10', OU: '2.5.4.11' };
  const rdns = dn.split(',').map((p) => {
    const [k, v] = p.split('=');
    const atv = new asn1js.Sequence({
      value: [new asn1js.ObjectIdentifier({ value: OIDS[k] }), new asn1js.Utf8String({ value: v })],
    });
    return new asn1js.Set({ value: [atv] });
  });
  return new Uint8Array(new asn1js.Sequence({ value: rdns }).toBER(false));
}

function server(extra: Partial<CmpServerOptions> = {}) {
  return createCmpServer({
    caCert: ISSUING,
    caKey: keyFile('issuing'),
    caChain: [INT1, ROOT],
    reference: REF.toString(),
    secret: SECRET,
    clock: () => NOW,
    ...extra,
  });
}

/** A transport whose responses pass through `tamper` (which may return anything). */
function transport(
  srv: ReturnType<typeof server>,
  tamper: (
    rsp: Uint8Array,
    n: number,
    req: Uint8Array,
  ) => Uint8Array | { status: number; body: Uint8Array } = (r) => r,
): CmpTransport & { requests: Uint8Array[] } {
  const requests: Uint8Array[] = [];
  return {
    requests,
    async post(_url, body) {
      requests.push(body);
      const out = tamper(srv.handle(body), requests.length, body);
      return out instanceof Uint8Array ? { status: 200, contentType: 'application/pkixcmp', body: out } : out;
    },
  };
}

const RSA = keyFile('ee');
const RSA_PAIR = { privateKey: RSA, publicKey: createPublicKey(RSA) };
const EVIL_KEY = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
const EVIL_CA = testCert('CN=Evil Root CA', EVIL_KEY, true).der;
const asked = (now: Date) => ({
  subject: name('CN=router1,O=pkicfg'),
  publicKey: new Uint8Array(RSA_PAIR.publicKey.export({ type: 'spki', format: 'der' })),
  now,
});
const EVIL_ISSUED = issueCertificate(EVIL_CA, EVIL_KEY, asked(NOW));
const FORGED_ISSUED = issueCertificate(ISSUING, EVIL_KEY, asked(NOW));

function request(t: CmpTransport, extra: Partial<CmpEnrollRequest> = {}): CmpEnrollRequest {
  return {
    url: 'http://ca.test/pkix/',
    transport: t,
    command: 'ir',
    protection: { kind: 'pbm', reference: REF, secret: SECRET },
    newKey: RSA_PAIR,
    subject: name('CN=router1,O=pkicfg'),
    trusted: [ROOT],
    clock: () => NOW,
    sleep: async () => undefined,
    ...extra,
  };
}

/** Re-protect a modified server response with the server's PBM secret. */
function reprotect(
  rsp: Uint8Array,
  edit: (h: PkiHeader, b: PkiBody, m: PkiMessage) => [PkiHeader, PkiBody],
): Uint8Array {
  const m = parsePkiMessage(rsp).value!;
  const [h, b] = edit(m.header, m.body, m);
  return buildPkiMessage(
    protectMessage(h, b, { kind: 'pbm', reference: REF, secret: SECRET }, m.extraCerts ?? []),
  );
}

function certRep(b: PkiBody) {
  if (b.type !== 'ip' && b.type !== 'cp' && b.type !== 'kup')
    throw new Error(`not a CertRepMessage: ${b.type}`);
  return b.content;
}

describe('CMP client against the embedded CA server', () => {
  test('ir with PBM: certificate for our key, caPubs root..issuing, certConf/pkiConf', async () => {
    const issued: Uint8Array[] = [];
    const t = transport(server({ onIssued: (c) => issued.push(c) }));
    const r = await sendCmpEnrollment(request(t));
    expect(r.diagnostics).toEqual([]);
    const cert = new X509Certificate(r.value!.certificate);
    expect(cert.publicKey.export({ type: 'spki', format: 'der' })).toEqual(
      RSA_PAIR.publicKey.export({ type: 'spki', format: 'der' }),
    );
    expect(cert.subject).toBe('CN=router1\nO=pkicfg');
    expect(cert.verify(new X509Certificate(ISSUING).publicKey)).toBe(true);
    expect(r.value!.caPubs.map((c) => new X509Certificate(c).subject)).toEqual(
      [ROOT, INT1, ISSUING].map((c) => new X509Certificate(c).subject),
    );
    expect(t.requests.map((q) => parsePkiMessage(q).value!.body.type)).toEqual(['ir', 'certConf']);
    expect(issued.length).toBe(1);
    expect(r.value!.implicitlyConfirmed).toBe(false);
  });

  test.each([
    ['ECDSA P-256', () => generateKeyPairSync('ec', { namedCurve: 'P-256' })],
    ['ECDSA P-384', () => generateKeyPairSync('ec', { namedCurve: 'P-384' })],
    ['DSA 2048', () => generateKeyPairSync('dsa', { modulusLength: 2048, divisorLength: 256 })],
  ])('ir with a %s key', async (_n, gen) => {
    const kp = gen() as { privateKey: KeyObject; publicKey: KeyObject };
    const r = await sendCmpEnrollment(request(transport(server()), { newKey: kp }));
    expect(r.diagnostics).toEqual([]);
    expect(new X509Certificate(r.value!.certificate).publicKey.asymmetricKeyType).toBe(
      kp.publicKey.asymmetricKeyType,
    );
  });

  test('cr with PBM', async () => {
    const t = transport(server());
    const r = await sendCmpEnrollment(request(t, { command: 'cr' }));
    expect(r.diagnostics).toEqual([]);
    expect(parsePkiMessage(t.requests[0]).value!.body.type).toBe('cr');
  });

  test('p10cr with the captured openssl CSR (certReqId -1)', async () => {
    const csr = new Uint8Array(
      Buffer.from(
        (await import('node:fs'))
          .readFileSync('test/fixtures/protocols/cmp/keys/ee.csr', 'utf8')
          .replace(/-----[^-]+-----|\s/g, ''),
        'base64',
      ),
    );
    const r = await sendCmpEnrollment(
      request(transport(server()), { command: 'p10cr', csr, newKey: undefined, subject: undefined }),
    );
    expect(r.diagnostics).toEqual([]);
  });

  test('kur signed with the current certificate, response signed by the CA', async () => {
    const srv = server();
    const first = await sendCmpEnrollment(request(transport(srv)));
    const cert = first.value!.certificate;
    const next = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const t = transport(srv);
    const r = await sendCmpEnrollment(
      request(t, {
        command: 'kur',
        protection: { kind: 'signature', key: RSA, cert, chain: [ISSUING, INT1] },
        newKey: next,
        oldCert: cert,
      }),
    );
    expect(r.diagnostics).toEqual([]);
    const m = parsePkiMessage(t.requests[0]).value!;
    expect(m.body.type).toBe('kur');
    expect(new X509Certificate(r.value!.certificate).subject).toBe('CN=router1\nO=pkicfg');
  });

  test('implicitConfirm granted: no certConf', async () => {
    const t = transport(server({ grantImplicitConfirm: true }));
    const r = await sendCmpEnrollment(request(t, { implicitConfirm: true }));
    expect(r.diagnostics).toEqual([]);
    expect(r.value!.implicitlyConfirmed).toBe(true);
    expect(t.requests.length).toBe(1);
  });

  test('implicitConfirm asked but not granted: certConf sent', async () => {
    const t = transport(server());
    const r = await sendCmpEnrollment(request(t, { implicitConfirm: true }));
    expect(r.value!.implicitlyConfirmed).toBe(false);
    expect(t.requests.length).toBe(2);
  });

  test('waiting: pollReq/pollRep until the certificate comes', async () => {
    const waits: number[] = [];
    const t = transport(server({ pollCount: 2 }));
    const r = await sendCmpEnrollment(request(t, { sleep: async (ms) => void waits.push(ms) }));
    expect(r.diagnostics).toEqual([]);
    expect(t.requests.map((q) => parsePkiMessage(q).value!.body.type)).toEqual([
      'ir',
      'pollReq',
      'pollReq',
      'certConf',
    ]);
    expect(waits).toEqual([1000]);
  });
});

type Tamper = Parameters<typeof transport>[1];
const swapNonce =
  (which: 'transactionID' | 'recipNonce' | 'senderNonce', v?: Uint8Array): Tamper =>
  (rsp) =>
    reprotect(rsp, (h, b) => [{ ...h, [which]: v }, b]);

const HOSTILE: [string, Tamper, string, RegExp, Partial<CmpEnrollRequest>?][] = [
  [
    'signed by an ordinary end entity of the trusted CA',
    (r) => {
      const m = parsePkiMessage(r).value!;
      const { protectionAlg: _a, senderKID: _k, ...h } = m.header;
      return buildPkiMessage(
        protectMessage(h, m.body, {
          kind: 'signature',
          key: keyFile('ee'),
          cert: keyCert('ee'),
          chain: [ISSUING, INT1],
        }),
      );
    },
    'CMP_UNTRUSTED_SIGNER',
    /end-entity certificate that is neither the CA nor issued for CMP/,
  ],
  [
    'issued certificate for our key, by another CA',
    (r) =>
      reprotect(r, (h, b) => [
        h,
        {
          type: 'ip',
          content: { ...certRep(b), response: [{ ...certRep(b).response[0], certificate: EVIL_ISSUED }] },
        },
      ]),
    'CMP_CERT_MISMATCH',
    /does not verify up to a trusted CA certificate/,
  ],
  [
    "issued certificate under the issuing CA's name, signed by another key",
    (r) =>
      reprotect(r, (h, b) => [
        h,
        {
          type: 'ip',
          content: { ...certRep(b), response: [{ ...certRep(b).response[0], certificate: FORGED_ISSUED }] },
        },
      ]),
    'CMP_CERT_MISMATCH',
    /does not verify up to a trusted CA certificate/,
  ],
  [
    'caPubs dropped and nothing trusted: the certificate cannot be verified',
    (r) => reprotect(r, (h, b) => [h, { type: 'ip', content: { ...certRep(b), caPubs: [] } }]),
    'CMP_CERT_MISMATCH',
    /cannot be verified/,
    { trusted: [] },
  ],
  [
    'a fake root in caPubs with a certificate it issued (PBM with another secret)',
    (r) => {
      const m = parsePkiMessage(r).value!;
      const b = m.body;
      const content = {
        ...certRep(b),
        caPubs: [EVIL_CA],
        response: [{ ...certRep(b).response[0], certificate: EVIL_ISSUED }],
      };
      return buildPkiMessage(
        protectMessage(
          m.header,
          { type: 'ip', content },
          { kind: 'pbm', reference: REF, secret: Buffer.from('guess') },
        ),
      );
    },
    'CMP_BAD_PROTECTION',
    /PBM protection does not verify/,
    { trusted: [] },
  ],
  [
    'bad MAC (flipped protection bit)',
    (r) => {
      const x = new Uint8Array(r);
      x[x.length - 1] ^= 1;
      return x;
    },
    'CMP_BAD_PROTECTION',
    /does not verify/,
  ],
  [
    'altered body under a valid-looking MAC',
    (r) => {
      const x = new Uint8Array(r);
      x[200] ^= 0x01;
      return x;
    },
    '',
    /./,
  ],
  ['wrong transactionID', swapNonce('transactionID', Buffer.alloc(16, 7)), 'CMP_BAD_HEADER', /transactionID/],
  ['missing transactionID', swapNonce('transactionID', undefined), 'CMP_BAD_HEADER', /transactionID/],
  ['wrong recipNonce', swapNonce('recipNonce', Buffer.alloc(16, 1)), 'CMP_BAD_HEADER', /recipNonce/],
  ['missing recipNonce', swapNonce('recipNonce', undefined), 'CMP_BAD_HEADER', /recipNonce/],
  ['missing senderNonce', swapNonce('senderNonce', undefined), 'CMP_BAD_HEADER', /senderNonce/],
  [
    'unprotected response',
    (r) => {
      const m = parsePkiMessage(r).value!;
      return buildPkiMessage({ header: { ...m.header, protectionAlg: undefined }, body: m.body });
    },
    'CMP_UNPROTECTED',
    /not protected/,
  ],
  [
    'unprotected error message',
    (r) => {
      const m = parsePkiMessage(r).value!;
      return buildPkiMessage({
        header: m.header,
        body: {
          type: 'error',
          content: { pkiStatusInfo: { status: 2, failInfo: [2], statusString: ['go away'] } },
        },
      });
    },
    'CMP_UNPROTECTED',
    /go away/,
  ],
  [
    'protected error message',
    (r) =>
      reprotect(r, (h) => [
        h,
        {
          type: 'error',
          content: {
            pkiStatusInfo: { status: 2, failInfo: [23], statusString: ['not today'] },
            errorCode: 42,
          },
        },
      ]),
    'CMP_ERROR_MESSAGE',
    /PKIStatus: rejection; PKIFailureInfo: notAuthorized; StatusString: "not today"; errorCode: 42/,
  ],
  ['truncated DER', (r) => r.subarray(0, r.length - 10), 'CMP_MALFORMED', /could not be decoded/],
  ['trailing garbage', (r) => new Uint8Array([...r, 0, 0]), 'CMP_MALFORMED', /trailing/],
  ['empty body', () => new Uint8Array(0), 'CMP_MALFORMED', /could not be decoded/],
  [
    'HTML instead of DER',
    () => new Uint8Array(Buffer.from('<html>oops</html>')),
    'CMP_MALFORMED',
    /could not be decoded/,
  ],
  ['HTTP 500', (r) => ({ status: 500, body: r }), 'CMP_HTTP_ERROR', /HTTP 500/],
  [
    'wrong body type (cp for ir)',
    (r) => reprotect(r, (h, b) => [h, { type: 'cp', content: certRep(b) }]),
    'CMP_UNEXPECTED_BODY',
    /'cp' where 'ip'/,
  ],
  [
    'genp instead of ip',
    (r) => reprotect(r, (h) => [h, { type: 'genp', content: [] }]),
    'CMP_UNEXPECTED_BODY',
    /'genp'/,
  ],
  [
    'certificate for another key',
    (r) =>
      reprotect(r, (h, b) => [
        h,
        {
          type: 'ip',
          content: { ...certRep(b), response: [{ ...certRep(b).response[0], certificate: keyCert('srv') }] },
        },
      ]),
    'CMP_CERT_MISMATCH',
    /does not match our enrollment key/,
  ],
  [
    'two CertResponses',
    (r) =>
      reprotect(r, (h, b) => [
        h,
        {
          type: 'ip',
          content: { ...certRep(b), response: [certRep(b).response[0], certRep(b).response[0]] },
        },
      ]),
    'CMP_MALFORMED',
    /exactly one/,
  ],
  [
    'wrong certReqId',
    (r) =>
      reprotect(r, (h, b) => [
        h,
        { type: 'ip', content: { ...certRep(b), response: [{ ...certRep(b).response[0], certReqId: 5 }] } },
      ]),
    'CMP_MALFORMED',
    /certReqId 5/,
  ],
  [
    'rejection with failInfo and text',
    (r) =>
      reprotect(r, (h, b) => [
        h,
        {
          type: 'ip',
          content: {
            ...certRep(b),
            response: [
              { certReqId: 0, status: { status: 2, failInfo: [2], statusString: ['refused_by_test'] } },
            ],
          },
        },
      ]),
    'CMP_REJECTED',
    /PKIStatus: rejection; PKIFailureInfo: badRequest; StatusString: "refused_by_test"/,
  ],
  [
    'accepted without certificate',
    (r) =>
      reprotect(r, (h, b) => [
        h,
        { type: 'ip', content: { ...certRep(b), response: [{ certReqId: 0, status: { status: 0 } }] } },
      ]),
    'CMP_MALFORMED',
    /carries no/,
  ],
  [
    'addressed to someone else',
    (r) =>
      reprotect(r, (h, b) => [{ ...h, recipient: { type: 'directoryName', name: name('CN=mallory') } }, b]),
    'CMP_BAD_HEADER',
    /addressed to \/CN=mallory/,
  ],
  ['pvno 1', (r) => reprotect(r, (h, b) => [{ ...h, pvno: 1 }, b]), 'CMP_BAD_HEADER', /pvno 1/],
  [
    'huge PBM iteration count',
    (r) => {
      const m = parsePkiMessage(r).value!;
      const alg = m.header.protectionAlg!;
      const p = Buffer.from(alg.parameters!);
      const at = p.indexOf(Buffer.from([0x02, 0x02, 0x01, 0xf4]));
      p.set([0x02, 0x02, 0x7f, 0xff], at);
      return buildPkiMessage({ ...m, header: { ...m.header, protectionAlg: { ...alg, parameters: p } } });
    },
    'CMP_BAD_PROTECTION',
    /iterationCount|does not verify/,
  ],
  [
    'signed by an untrusted certificate',
    (r) => {
      const m = parsePkiMessage(r).value!;
      const k = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      return buildPkiMessage(
        protectMessage(m.header, m.body, { kind: 'signature', key: k.privateKey, cert: keyCert('srv') }),
      );
    },
    'CMP_BAD_PROTECTION',
    /signature does not verify/,
  ],
  [
    'signed by the real server cert but no trust anchor',
    (r) => {
      const m = parsePkiMessage(r).value!;
      return buildPkiMessage(
        protectMessage(m.header, m.body, {
          kind: 'signature',
          key: keyFile('srv'),
          cert: keyCert('srv'),
          chain: [ISSUING, INT1],
        }),
      );
    },
    'CMP_UNTRUSTED_SIGNER',
    /does not chain/,
    { trusted: [] },
  ],
  [
    'error instead of pkiConf',
    (r, n) =>
      n === 2
        ? reprotect(r, (h) => [
            h,
            { type: 'error', content: { pkiStatusInfo: { status: 2, failInfo: [11] } } },
          ])
        : r,
    'CMP_ERROR_MESSAGE',
    /certConfirmed/,
  ],
  [
    'ip again instead of pkiConf',
    (r, n, q) =>
      n === 2 ? reprotect(r, (h) => [h, { type: 'ip', content: { response: [] } }]) : (void q, r),
    'CMP_UNEXPECTED_BODY',
    /'ip' where 'pkiconf'/,
  ],
  [
    'waiting forever',
    (r) =>
      reprotect(r, (h, b) => [
        h,
        b.type === 'ip'
          ? { type: 'ip', content: { response: [{ certReqId: 0, status: { status: 3 } }] } }
          : { type: 'pollRep', content: [{ certReqId: 0, checkAfter: 1 }] },
      ]),
    'CMP_POLL_TIMEOUT',
    /giving up/,
  ],
];

describe('hostile or broken CMP responses', () => {
  test('there are at least 25 cases', () => expect(HOSTILE.length).toBeGreaterThanOrEqual(25));

  // Rest parameters: jest treats a callback with more parameters than the row as a `done` callback.
  test.each(HOSTILE)('%s', async (...row) => {
    const [, tamper, code, text, extra] = row;
    const r = await sendCmpEnrollment(
      request(transport(server(), tamper), { maxPolls: 3, ...(extra ?? {}) }),
    );
    expect(r.value).toBeUndefined();
    expect(r.diagnostics).toHaveLength(1);
    if (code) expect(r.diagnostics[0].code).toBe(code);
    expect(r.diagnostics[0].message).toMatch(text);
    expect(r.diagnostics[0].message).not.toContain(SECRET.toString());
  });

  test('a certificate for another key is refused with a rejecting certConf', async () => {
    const t = transport(server(), (r, n) =>
      n === 1
        ? reprotect(r, (h, b) => [
            h,
            {
              type: 'ip',
              content: {
                ...certRep(b),
                response: [{ ...certRep(b).response[0], certificate: keyCert('srv') }],
              },
            },
          ])
        : r,
    );
    await sendCmpEnrollment(request(t));
    const conf = parsePkiMessage(t.requests[1]).value!;
    if (conf.body.type !== 'certConf') throw new Error('no certConf');
    expect(conf.body.content[0].statusInfo?.status).toBe(2);
  });

  test('wrong ca-secret: the server error cannot be authenticated', async () => {
    const r = await sendCmpEnrollment(
      request(transport(server()), {
        protection: { kind: 'pbm', reference: REF, secret: Buffer.from('WRONG') },
      }),
    );
    expect(r.diagnostics[0].code).toBe('CMP_BAD_PROTECTION');
    expect(r.diagnostics[0].message).toMatch(
      /wrong ca-secret.*unverified server message: PKIStatus: rejection; PKIFailureInfo: badMessageCheck/,
    );
  });

  test('unreachable server', async () => {
    const r = await sendCmpEnrollment(
      request({ post: async () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:1')) }),
    );
    expect(r.diagnostics[0].code).toBe('CMP_HTTP_ERROR');
    expect(r.diagnostics[0].message).toMatch(/ECONNREFUSED/);
  });
});

describe('which caPubs are believed (response-trust.ts)', () => {
  const withEvilCaPub = (sign: 'pbm' | 'ca') => (r: Uint8Array) => {
    const m = parsePkiMessage(r).value!;
    if (m.body.type !== 'ip') return r;
    const body: PkiBody = {
      type: 'ip',
      content: { ...m.body.content, caPubs: [...(m.body.content.caPubs ?? []), EVIL_CA] },
    };
    const { protectionAlg: _a, senderKID: _k, ...h } = m.header;
    return buildPkiMessage(
      protectMessage(
        h,
        body,
        sign === 'pbm'
          ? { kind: 'pbm', reference: REF, secret: SECRET }
          : { kind: 'signature', key: keyFile('issuing'), cert: ISSUING, chain: [INT1] },
      ),
    );
  };
  const subjects = (ders: readonly Uint8Array[]) => ders.map((d) => new X509Certificate(d).subject);

  test('under signature protection, a caPub that does not verify up to a trusted CA is refused', async () => {
    const r = await sendCmpEnrollment(request(transport(server(), withEvilCaPub('ca'))));
    expect(r.diagnostics).toEqual([]);
    expect(subjects(r.value!.refusedCaPubs)).toEqual(['CN=Evil Root CA']);
    expect(subjects(r.value!.caCertificates)).not.toContain('CN=Evil Root CA');
    expect(subjects(r.value!.caCertificates)[0]).toBe(new X509Certificate(ISSUING).subject);
  });

  test('under the shared secret of this request, caPubs are believed (the secret authenticates the CA)', async () => {
    const r = await sendCmpEnrollment(request(transport(server(), withEvilCaPub('pbm')), { trusted: [] }));
    expect(r.diagnostics).toEqual([]);
    expect(r.value!.refusedCaPubs).toEqual([]);
    expect(subjects(r.value!.caCertificates)).toContain('CN=Evil Root CA');
  });

  test('a response signed by a CMP RA (id-kp-cmcRA) of the trusted CA is accepted', async () => {
    const rsp = (r: Uint8Array) => {
      const m = parsePkiMessage(r).value!;
      const { protectionAlg: _a, senderKID: _k, ...h } = m.header;
      return buildPkiMessage(
        protectMessage(h, m.body, {
          kind: 'signature',
          key: keyFile('srv'),
          cert: keyCert('srv'),
          chain: [ISSUING, INT1],
        }),
      );
    };
    const r = await sendCmpEnrollment(request(transport(server(), rsp)));
    expect(r.diagnostics).toEqual([]);
  });
});
