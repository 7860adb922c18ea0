// The embedded CA keeps no challenge password on disk: the CSR carries it (a
// PrintableString attribute), so the pending / issued transaction records
// hold only the facts issuing needs. Checked by searching every file under
// the state directory for the challenge, raw and inside base64 / hex tokens.
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCa } from '../../../src/ca/ca-store.js';
import { issueCertificate } from '../../../src/ca/issue.js';
import { decidePending, issueInputOf, listPending } from '../../../src/ca/pending-queue.js';
import { startCaServer } from '../../../src/ca/serve.js';
import { nodeHttpTransport } from '../../../src/protocols/http/transport.js';
import { enrollCertificate } from '../../../src/protocols/scep/client.js';
import { buildCsr, parseDn } from '../../../src/protocols/scep/x509-build.js';

const CHALLENGE = 'Chal7Qx-not-on-disk';
const key = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
const csrDer = (cn: string): Uint8Array =>
  buildCsr({ subject: parseDn(`CN=${cn}`)!, key, challengePassword: CHALLENGE, dnsNames: [cn] });

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

/** Files under DIR whose bytes, or the bytes of a base64/base64url/hex token in them, hold the challenge. */
function holdingChallenge(dir: string): string[] {
  const needle = Buffer.from(CHALLENGE);
  return files(dir).filter((f) => {
    const bytes = readFileSync(f);
    if (bytes.includes(needle)) return true;
    for (const tok of bytes.toString('latin1').match(/[A-Za-z0-9+/=_-]{12,}/g) ?? []) {
      for (const enc of ['base64', 'base64url', 'hex'] as const)
        if (Buffer.from(tok, enc).includes(needle)) return true;
    }
    return false;
  });
}

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'pkicfg-pending-secret-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

test('the search finds the challenge in a stored CSR (base64, as records held it)', () => {
  writeFileSync(join(dir, 'x.json'), JSON.stringify({ csr: Buffer.from(csrDer('a')).toString('base64') }));
  expect(holdingChallenge(dir)).toEqual([join(dir, 'x.json')]);
});

test.each([
  ['manual approval (pending, then approved and issued)', true],
  ['automatic (issued record for resends)', false],
])('%s: no file under the state holds the challenge', async (_name, manualApproval) => {
  const srv = await startCaServer({ stateDir: dir, port: 0, challenge: CHALLENGE, manualApproval });
  try {
    let sawPending = false;
    const r = await enrollCertificate({
      endpoint: { url: srv.scepUrl, transport: nodeHttpTransport(), timeoutMs: 5000 },
      key,
      csrDer: csrDer('pending.example.net'),
      certId: 'c',
      retry: 3,
      retryIntervalSec: 0,
      now: () => new Date(),
      sleep: async () => {
        if (sawPending) return;
        sawPending = true;
        expect(holdingChallenge(dir)).toEqual([]);
        const [p] = listPending(srv.ca).filter((x) => x.state === 'pending');
        expect(p.subject).toBe('CN=pending.example.net');
        expect(decidePending(srv.ca, p.transactionID, 'approved')).toBe(true);
      },
    });
    if (!r.ok) throw new Error(r.error.message);
    expect(sawPending).toBe(manualApproval);
    expect(r.value.certificate.x509.subject).toBe('CN=pending.example.net');
    expect(r.value.certificate.x509.subjectAltName).toBe('DNS:pending.example.net');
    expect(holdingChallenge(dir)).toEqual([]);
  } finally {
    await srv.close();
  }
});

test('a record written with its CSR (older versions) is rewritten without it when read', () => {
  const ca = openCa(dir);
  const der = Buffer.from(csrDer('legacy.example.net'));
  const file = join(ca.dir, 'pending', `${Buffer.from('tx1').toString('base64url')}.json`);
  const legacy = {
    transactionID: 'tx1',
    subject: 'CN=legacy.example.net',
    messageType: 'PKCSReq',
    state: 'pending',
    csr: der.toString('base64'),
    requestedAt: new Date().toISOString(),
  };
  writeFileSync(file, JSON.stringify(legacy));
  expect(holdingChallenge(dir)).toEqual([file]);
  const [p] = listPending(ca);
  expect(p.transactionID).toBe('tx1');
  expect(holdingChallenge(dir)).toEqual([]);
  // the facts still issue the requested certificate
  const cert = issueCertificate(ca, issueInputOf(p.facts), { now: new Date(), validityDays: 1 });
  expect(cert.x509.subject).toBe('CN=legacy.example.net');
  expect(cert.x509.subjectAltName).toBe('DNS:legacy.example.net');
  expect(cert.x509.publicKey.equals(createPublicKey(key))).toBe(true);
});
