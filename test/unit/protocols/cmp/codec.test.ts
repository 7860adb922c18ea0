// The CMP codec against real bytes captured from OpenSSL 3.0's `openssl cmp`
// client and mock server (test/fixtures/protocols/cmp, see CAPTURES.md).
import { readdirSync } from 'node:fs';
import {
  parsePkiMessage,
  buildPkiMessage,
  pkiMessageFromSchema,
} from '../../../../src/protocols/cmp/pki-message.js';
import { decodeDer } from '../../../../src/protocols/cmp/asn1.js';
import { checkProtection } from '../../../../src/protocols/cmp/protection.js';
import { renderStatusInfo, failInfoWords } from '../../../../src/protocols/cmp/pki-status-info.js';
import { renderGeneralName } from '../../../../src/protocols/cmp/general-name.js';
import { pbmParameterFromAlgorithm } from '../../../../src/protocols/cmp/pbm-parameter.js';
import { OID } from '../../../../src/protocols/cmp/algorithm-identifier.js';
import { bodyName } from '../../../../src/protocols/cmp/pki-body.js';
import { captureTime, fixture, FIXTURES, keyCert, PBM_SECRET, stripRaw } from './helpers.js';

const ALL = readdirSync(FIXTURES).filter((f) => f.endsWith('.der'));
const WIRE = readdirSync(`${FIXTURES}/wire`).filter((f) => f.endsWith('.der'));

const BODY: Record<string, string> = {
  'ir.der': 'ir',
  'ip.der': 'ip',
  'ir-certConf.der': 'certConf',
  'ir-pkiConf.der': 'pkiconf',
  'cr.der': 'cr',
  'cp.der': 'cp',
  'p10cr.der': 'p10cr',
  'p10cr-cp.der': 'cp',
  'kur-sig.der': 'kur',
  'kup-sig.der': 'kup',
  'kur-pbm.der': 'kur',
  'kup-pbm.der': 'kup',
  'rr.der': 'rr',
  'rp.der': 'rp',
  'genm.der': 'genm',
  'genp.der': 'genp',
  'error-wrong-secret.der': 'error',
  'poll-ip-waiting.der': 'ip',
  'poll-pollReq-1.der': 'pollReq',
  'poll-pollRep.der': 'pollRep',
  'poll-ip-final.der': 'ip',
};

describe('CMP codec on captured openssl messages', () => {
  test('there are captured vectors', () => expect(ALL.length).toBeGreaterThanOrEqual(40));

  test.each(ALL)('%s decodes, re-encodes byte for byte, and round-trips', (f) => {
    const der = fixture(f);
    const r = parsePkiMessage(der);
    expect(r.diagnostics).toEqual([]);
    const m = r.value!;
    if (BODY[f]) expect(bodyName(m.body)).toBe(BODY[f]);
    expect(m.header.pvno).toBe(2);
    expect(m.header.transactionID?.length).toBe(16);
    const again = buildPkiMessage(m);
    expect(Buffer.from(again).equals(Buffer.from(der))).toBe(true);
    expect(stripRaw(parsePkiMessage(again).value)).toEqual(stripRaw(m));
  });

  test.each(ALL)('%s: the byte-splitting decoder agrees with the asn1js schema decoder', (f) => {
    const der = fixture(f);
    expect(stripRaw(parsePkiMessage(der).value)).toEqual(
      stripRaw(pkiMessageFromSchema(decodeDer(der, 'PKIMessage'))),
    );
  });

  test.each(WIRE)('wire capture %s decodes', (f) => {
    expect(parsePkiMessage(fixture(`wire/${f}`)).diagnostics).toEqual([]);
  });

  test.each(ALL.filter((f) => f !== 'ir-wrong-secret.der'))('%s protection verifies', (f) => {
    const m = parsePkiMessage(fixture(f)).value!;
    const r = checkProtection(m, { secret: PBM_SECRET, trusted: [keyCert('root')], now: captureTime() });
    expect(r.diagnostic).toBeUndefined();
    expect(r.value?.kind).toBe(m.header.protectionAlg?.oid === OID.passwordBasedMac ? 'pbm' : 'signature');
  });

  test('the wrong-secret request does not verify with the real secret', () => {
    const m = parsePkiMessage(fixture('ir-wrong-secret.der')).value!;
    const r = checkProtection(m, { secret: PBM_SECRET, trusted: [], now: captureTime() });
    expect(r.diagnostic?.code).toBe('CMP_BAD_PROTECTION');
  });

  test('PBM parameters are the ones openssl uses', () => {
    const m = parsePkiMessage(fixture('ir.der')).value!;
    const p = pbmParameterFromAlgorithm(m.header.protectionAlg!);
    expect(p.salt.length).toBe(16);
    expect(p.owf.oid).toBe(OID.sha256);
    expect(p.iterationCount).toBe(500);
    expect(p.mac.oid).toBe(OID.hmacSha1);
  });

  test('ir: template, POP and names', () => {
    const m = parsePkiMessage(fixture('ir.der')).value!;
    expect(renderGeneralName(m.header.sender)).toBe('/CN=cmp-vector-ir');
    if (m.body.type !== 'ir') throw new Error('not ir');
    const msg = m.body.content[0];
    expect(msg.certReq.certReqId).toBe(0);
    expect(msg.certReq.certTemplate.publicKey).toBeDefined();
    expect(msg.popo?.type).toBe('signature');
  });

  test('ip: caPubs = root, int1, issuing; extraCerts; accepted certificate', () => {
    const m = parsePkiMessage(fixture('ip.der')).value!;
    if (m.body.type !== 'ip') throw new Error('not ip');
    expect(m.body.content.caPubs?.length).toBe(3);
    expect(Buffer.from(m.body.content.caPubs![0]).equals(Buffer.from(keyCert('root')))).toBe(true);
    expect(m.extraCerts?.length).toBe(2);
    const cr = m.body.content.response[0];
    expect(cr.status.status).toBe(0);
    expect(Buffer.from(cr.certificate!).equals(Buffer.from(keyCert('ee')))).toBe(true);
  });

  test('rejection: status, failInfo and statusString in words', () => {
    const m = parsePkiMessage(fixture('ip-rejection-badRequest.der')).value!;
    if (m.body.type !== 'ip') throw new Error('not ip');
    const s = m.body.content.response[0].status;
    expect(failInfoWords(s.failInfo)).toEqual(['badRequest']);
    expect(renderStatusInfo(s)).toBe(
      'PKIStatus: rejection; PKIFailureInfo: badRequest; StatusString: "refused_by_test"',
    );
  });

  test('error body of the wrong-secret exchange', () => {
    const m = parsePkiMessage(fixture('error-wrong-secret.der')).value!;
    if (m.body.type !== 'error') throw new Error('not error');
    expect(m.body.content.pkiStatusInfo.status).toBe(2);
    expect(renderStatusInfo(m.body.content.pkiStatusInfo)).toMatch(/^PKIStatus: rejection; PKIFailureInfo: /);
  });

  test('polling: waiting, pollReq, pollRep with checkAfter', () => {
    const w = parsePkiMessage(fixture('poll-ip-waiting.der')).value!;
    if (w.body.type !== 'ip') throw new Error('not ip');
    expect(w.body.content.response[0].status.status).toBe(3);
    const q = parsePkiMessage(fixture('poll-pollReq-1.der')).value!;
    expect(q.body).toEqual({ type: 'pollReq', content: [0] });
    const p = parsePkiMessage(fixture('poll-pollRep.der')).value!;
    if (p.body.type !== 'pollRep') throw new Error('not pollRep');
    expect(p.body.content[0].checkAfter).toBe(1);
  });

  test('certConf: hash and rejecting status', () => {
    const ok = parsePkiMessage(fixture('ir-certConf.der')).value!;
    if (ok.body.type !== 'certConf') throw new Error('not certConf');
    expect(ok.body.content[0].certHash.length).toBe(32);
    const rej = parsePkiMessage(fixture('certConf-rejecting.der')).value!;
    if (rej.body.type !== 'certConf') throw new Error('not certConf');
    expect(rej.body.content[0].statusInfo?.status).toBe(2);
    expect(rej.body.content[0].statusInfo?.statusString?.join(' ')).toMatch(/does not match/);
  });

  test('p10cr answer uses certReqId -1', () => {
    const m = parsePkiMessage(fixture('p10cr-cp.der')).value!;
    if (m.body.type !== 'cp') throw new Error('not cp');
    expect(m.body.content.response[0].certReqId).toBe(-1);
  });

  test.each([
    ['empty input', new Uint8Array(0)],
    ['truncated', fixture('ip.der').subarray(0, 100)],
    ['trailing garbage', new Uint8Array([...fixture('ir-pkiConf.der'), 0])],
    ['not a sequence', new Uint8Array([0x04, 0x01, 0x00])],
    ['unknown body tag', new Uint8Array([0x30, 0x03, 0xbf, 0x3f, 0x00])],
  ])('malformed: %s gives CMP_MALFORMED', (_n, der) => {
    const r = parsePkiMessage(der);
    expect(r.value).toBeUndefined();
    expect(r.diagnostics[0].code).toBe('CMP_MALFORMED');
  });
});
