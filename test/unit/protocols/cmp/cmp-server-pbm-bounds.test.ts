// The CMP server bounds the work a PBM-protected request's own parameters ask
// for (src/protocols/cmp/pbm-parameter.ts SERVER_PBM_LIMITS): the reference is
// not secret, so an iteration count of 100 000 with SHA-512 must be refused
// with badAlg, logged, before the one-way function runs; 10 000 still works.
import { X509Certificate } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { createCmpServer } from '../../../../src/ca/cmp-server.js';
import { OID } from '../../../../src/protocols/cmp/algorithm-identifier.js';
import {
  computePbm,
  pbmAlgorithm,
  type PbmLimits,
  type PbmParameter,
} from '../../../../src/protocols/cmp/pbm-parameter.js';
import {
  buildPkiMessage,
  buildProtectedPart,
  parsePkiMessage,
} from '../../../../src/protocols/cmp/pki-message.js';
import { failInfoWords } from '../../../../src/protocols/cmp/pki-status-info.js';
import type { PkiHeader } from '../../../../src/protocols/cmp/pki-header.js';
import { fixture, keyCert, keyFile } from './helpers.js';

const ISSUING = keyCert('issuing');
const NOW = new Date(new Date(new X509Certificate(ISSUING).validFrom).getTime() + 86400_000);
const SECRET = Buffer.from('interop-pbm-secret');
const ANY: PbmLimits = { minIterations: 1, maxIterations: 1_000_000, minSaltBytes: 0, maxSaltBytes: 4096 };

/** The captured openssl ir, PBM-protected with the right secret under parameters P. */
function irWith(p: PbmParameter): Uint8Array {
  const m = parsePkiMessage(fixture('ir.der')).value!;
  const header: PkiHeader = {
    ...m.header,
    protectionAlg: pbmAlgorithm(p),
    senderKID: Buffer.from('interop-client'),
  };
  let protection: Uint8Array;
  try {
    protection = computePbm(p, SECRET, buildProtectedPart(header, m.body), ANY);
  } catch {
    protection = Buffer.alloc(20); // an algorithm no one computes: the server must not try either
  }
  return buildPkiMessage({ header, body: m.body, protection });
}

const params = (over: Partial<PbmParameter>): PbmParameter => ({
  salt: Buffer.alloc(16, 7),
  owf: { oid: OID.sha512 },
  iterationCount: 500,
  mac: { oid: OID.hmacWithSha512 },
  ...over,
});

function serve(req: Uint8Array): { type: string; words: string[]; text: string; log: string[]; ms: number } {
  const log: string[] = [];
  const s = createCmpServer({
    caCert: ISSUING,
    caKey: keyFile('issuing'),
    caChain: [keyCert('int1'), keyCert('root')],
    reference: 'interop-client',
    secret: SECRET,
    clock: () => NOW,
    log: (l) => log.push(l),
  });
  const t0 = performance.now();
  const m = parsePkiMessage(s.handle(req)).value!;
  const ms = performance.now() - t0;
  if (m.body.type !== 'error') return { type: m.body.type, words: [], text: '', log, ms };
  const st = m.body.content.pkiStatusInfo;
  return {
    type: 'error',
    words: failInfoWords(st.failInfo),
    text: (st.statusString ?? []).join(' '),
    log,
    ms,
  };
}

test.each([
  [
    'iterationCount 100000 (OpenSSL maximum)',
    { iterationCount: 100_000 },
    /iterationCount 100000 outside 100\.\.10000/,
  ],
  ['iterationCount 10001', { iterationCount: 10_001 }, /iterationCount 10001/],
  ['iterationCount 99 (below the RFC minimum)', { iterationCount: 99 }, /iterationCount 99/],
  ['a 4-byte salt', { salt: Buffer.alloc(4) }, /salt of 4 bytes/],
  ['a 65-byte salt', { salt: Buffer.alloc(65) }, /salt of 65 bytes/],
  ['MD5 as one-way function', { owf: { oid: '1.2.840.113549.2.5' } }, /unsupported one-way function/],
])('refused before any hashing: %s', (_name, over, text) => {
  const req = irWith(params(over));
  const r = serve(req);
  expect(r.type).toBe('error');
  expect(r.words).toEqual(['badAlg']);
  expect(r.text).toMatch(text);
  expect(r.log.join('\n')).toMatch(/cmp: refused ir .*badAlg: PBM parameters refused/);
});

test('a refused 100000-iteration SHA-512 request costs no more than an ordinary one', () => {
  const normal = Math.min(...[1, 2, 3].map(() => serve(irWith(params({ iterationCount: 500 }))).ms));
  const hostile = Math.min(...[1, 2, 3].map(() => serve(irWith(params({ iterationCount: 100_000 }))).ms));
  // Computing the PBM alone takes ~250 ms at 100 000 SHA-512 iterations; the refusal signs one answer.
  expect(hostile).toBeLessThan(Math.max(100, normal * 2));
});

test.each([
  ['OpenSSL defaults (500, SHA-256, HMAC-SHA1)', { owf: { oid: OID.sha256 }, mac: { oid: OID.hmacSha1 } }],
  ['10000 iterations of SHA-512', { iterationCount: 10_000 }],
  ['100 iterations, 8-byte salt', { iterationCount: 100, salt: Buffer.alloc(8, 1) }],
])('accepted: %s', (_name, over) => {
  expect(serve(irWith(params(over))).type).toBe('ip');
});
