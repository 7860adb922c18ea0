// The embedded CA's CMP server refuses what it must: every refusal is an
// `error` body with PKIStatus rejection, a failInfo bit and a text, protected
// like the request (PBM answers PBM), and nothing is issued.
import { createPublicKey, generateKeyPairSync, X509Certificate } from 'node:crypto';
import { createCmpServer } from '../../../../src/ca/cmp-server.js';
import {
  buildPkiMessage,
  parsePkiMessage,
  type PkiMessage,
} from '../../../../src/protocols/cmp/pki-message.js';
import { protectMessage } from '../../../../src/protocols/cmp/protection.js';
import { failInfoWords } from '../../../../src/protocols/cmp/pki-status-info.js';
import type { PkiBody } from '../../../../src/protocols/cmp/pki-body.js';
import type { PkiHeader } from '../../../../src/protocols/cmp/pki-header.js';
import { fixture, keyCert, keyFile } from './helpers.js';

const ISSUING = keyCert('issuing');
const NOW = new Date(new Date(new X509Certificate(ISSUING).validFrom).getTime() + 86400_000);
const SECRET = Buffer.from('interop-pbm-secret');

function server(issued: Uint8Array[] = []) {
  return createCmpServer({
    caCert: ISSUING,
    caKey: keyFile('issuing'),
    caChain: [keyCert('int1'), keyCert('root')],
    reference: 'interop-client',
    secret: SECRET,
    clock: () => NOW,
    onIssued: (c) => issued.push(c),
  });
}

function error(rsp: Uint8Array): { words: string[]; text: string } {
  const m = parsePkiMessage(rsp).value!;
  if (m.body.type !== 'error') throw new Error(`expected error, got ${m.body.type}`);
  const s = m.body.content.pkiStatusInfo;
  expect(s.status).toBe(2);
  return { words: failInfoWords(s.failInfo), text: (s.statusString ?? []).join(' ') };
}

/** The captured openssl ir, re-protected after an edit. */
function editedIr(
  edit: (h: PkiHeader, b: PkiBody) => [PkiHeader, PkiBody],
  ref = 'interop-client',
  secret = SECRET,
): Uint8Array {
  const m = parsePkiMessage(fixture('ir.der')).value!;
  const [h, b] = edit(m.header, m.body);
  return buildPkiMessage(protectMessage(h, b, { kind: 'pbm', reference: Buffer.from(ref), secret }));
}

test('the captured openssl ir is answered with an ip for the requested key, PBM-protected', () => {
  const rsp = server().handle(fixture('ir.der'));
  const m = parsePkiMessage(rsp).value!;
  if (m.body.type !== 'ip') throw new Error(m.body.type);
  expect(m.header.protectionAlg?.oid).toBe('1.2.840.113533.7.66.13');
  expect(m.body.content.caPubs?.length).toBe(3);
  const ir = parsePkiMessage(fixture('ir.der')).value!;
  if (ir.body.type !== 'ir') throw new Error('ir');
  const cert = new X509Certificate(m.body.content.response[0].certificate!);
  expect(cert.publicKey.export({ type: 'spki', format: 'der' })).toEqual(
    Buffer.from(ir.body.content[0].certReq.certTemplate.publicKey!),
  );
});

test('captured certConf for another transaction: refused', () => {
  expect(error(server().handle(fixture('ir-certConf.der'))).text).toMatch(/no such transaction/);
});

test.each([
  ['wrong secret', () => fixture('ir-wrong-secret.der'), 'badMessageCheck', /wrong pbm value/],
  ['unknown reference', () => editedIr((h, b) => [h, b], 'someone-else'), 'badMessageCheck', /senderKID/],
  [
    'unprotected request',
    () => {
      const m = parsePkiMessage(fixture('ir.der')).value!;
      return buildPkiMessage({
        header: { ...m.header, protectionAlg: undefined },
        body: m.body,
      } as PkiMessage);
    },
    'badMessageCheck',
    /not protected/,
  ],
  [
    'bad POP signature',
    () =>
      editedIr((h, b) => {
        if (b.type !== 'ir') throw new Error('ir');
        const msg = b.content[0];
        const other = createPublicKey(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);
        const certReq = {
          ...msg.certReq,
          certTemplate: {
            ...msg.certReq.certTemplate,
            publicKey: new Uint8Array(other.export({ type: 'spki', format: 'der' })),
          },
        };
        return [h, { type: 'ir', content: [{ ...msg, certReq }] }];
      }),
    'badPOP',
    /proof of possession/,
  ],
  [
    'template altered after signing (subject dropped)',
    () =>
      editedIr((h, b) => {
        if (b.type !== 'ir') throw new Error('ir');
        const msg = b.content[0];
        return [
          h,
          {
            type: 'ir',
            content: [
              {
                ...msg,
                certReq: { ...msg.certReq, certTemplate: { publicKey: msg.certReq.certTemplate.publicKey } },
              },
            ],
          },
        ];
      }),
    'badPOP',
    /proof of possession/,
  ],
  ['pvno 1', () => editedIr((h, b) => [{ ...h, pvno: 1 }, b]), 'unsupportedVersion', /pvno 1/],
  [
    'no transactionID',
    () => editedIr((h, b) => [{ ...h, transactionID: undefined }, b]),
    'badRequest',
    /transactionID/,
  ],
  ['revocation request (unsupported)', () => fixture('rr.der'), 'badRequest', /unsupported body 'rr'/],
  ['garbage', () => new Uint8Array([1, 2, 3]), 'badDataFormat', /could not be decoded/],
])('%s', (_name, req, word, text) => {
  const issued: Uint8Array[] = [];
  const e = error(server(issued).handle(req()));
  expect(e.words).toEqual([word]);
  expect(e.text).toMatch(text);
  expect(issued).toEqual([]);
});

test('a replayed transactionID is refused', () => {
  const s = server();
  s.handle(fixture('ir.der'));
  expect(error(s.handle(fixture('ir.der'))).words).toEqual(['transactionIdInUse']);
});

test('certConf with a wrong hash is refused; a rejecting certConf issues nothing', () => {
  const issued: Uint8Array[] = [];
  const s = server(issued);
  const ir = parsePkiMessage(fixture('ir.der')).value!;
  const ip = parsePkiMessage(s.handle(fixture('ir.der'))).value!;
  const conf = (content: PkiBody) =>
    buildPkiMessage(
      protectMessage(
        { ...ir.header, senderNonce: Buffer.alloc(16, 9), recipNonce: ip.header.senderNonce },
        content,
        { kind: 'pbm', reference: Buffer.from('interop-client'), secret: SECRET },
      ),
    );
  expect(
    error(s.handle(conf({ type: 'certConf', content: [{ certHash: Buffer.alloc(32), certReqId: 0 }] })))
      .words,
  ).toEqual(['badCertId']);
  expect(issued).toEqual([]);
});

describe('authorization (src/ca/authorize.ts)', () => {
  const signedIr = () => {
    const m = parsePkiMessage(fixture('ir.der')).value!;
    return buildPkiMessage(
      protectMessage(m.header, m.body, { kind: 'signature', key: keyFile('ee'), cert: keyCert('ee') }),
    );
  };

  test('an ir signed by an ordinary end entity of this CA is refused: notAuthorized', () => {
    const issued: Uint8Array[] = [];
    const e = error(server(issued).handle(signedIr()));
    expect(e.words).toEqual(['notAuthorized']);
    expect(e.text).toMatch(/needs the shared secret/);
    expect(issued).toEqual([]);
  });

  test('the same ir signed by a configured RA is issued', () => {
    const s = createCmpServer({
      caCert: ISSUING,
      caKey: keyFile('issuing'),
      raCertificates: [keyCert('ee')],
      grantImplicitConfirm: true,
      clock: () => NOW,
    });
    const m = parsePkiMessage(s.handle(signedIr())).value!;
    expect(m.body.type).toBe('ip');
  });

  test('a certConf under another protection than its ir is refused', () => {
    const issued: Uint8Array[] = [];
    const s = server(issued);
    const ir = parsePkiMessage(fixture('ir.der')).value!;
    const ip = parsePkiMessage(s.handle(fixture('ir.der'))).value!;
    const conf = buildPkiMessage(
      protectMessage(
        { ...ir.header, senderNonce: Buffer.alloc(16, 9), recipNonce: ip.header.senderNonce },
        { type: 'certConf', content: [{ certHash: Buffer.alloc(32), certReqId: 0 }] },
        { kind: 'signature', key: keyFile('ee'), cert: keyCert('ee') },
      ),
    );
    expect(error(s.handle(conf)).words).toEqual(['notAuthorized']);
    expect(issued).toEqual([]);
  });

  test('every refusal is logged with its failInfo', () => {
    const log: string[] = [];
    const s = createCmpServer({
      caCert: ISSUING,
      caKey: keyFile('issuing'),
      clock: () => NOW,
      log: (l) => log.push(l),
    });
    s.handle(signedIr());
    expect(log.join('\n')).toMatch(/cmp: refused ir txid=[0-9a-f]+: notAuthorized/);
  });
});
