/**
 * bench/scep: one SCEP enrollment round trip (GetCACaps + GetCACert + PKCSReq
 * POST + CertRep check/decrypt) against micromdm's scepserver, pkicfg's client
 * vs micromdm's `scepclient`, interleaved in the same run on the same server
 * (test/interop/peers/scep-peer.sh: private network namespace + loopback relay).
 * Both use a pre-made RSA-2048 key (key generation would dominate otherwise).
 * pkicfg runs in process; scepclient's time includes its process start, so
 * the node start-up time is measured and reported too. Medians; the ratio is
 * pkicfg / scepclient. Run on demand (root for the namespace, or PEER_ISOLATION=none):
 *   npm run build && node dist/bench/scep.js [N=20]
 */
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { nodeHttpTransport } from '../src/protocols/http/transport.js';
import { enrollCertificate } from '../src/protocols/scep/client.js';
import { buildCsr, parseDn } from '../src/protocols/scep/x509-build.js';

const PEERS = resolve('test/interop/peers');
const CHALLENGE = 'bench-s3cret';
const N = Number(process.argv[2] ?? 20);

function freePort(): Promise<number> {
  return new Promise((res) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => res(p));
    });
  });
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const ms = (t0: bigint): number => Number(process.hrtime.bigint() - t0) / 1e6;

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'pkicfg-bench-scep-'));
  const peerDir = join(work, 'peer');
  const port = await freePort();
  const start = spawnSync(join(PEERS, 'scep-peer.sh'), ['start', peerDir, String(port), CHALLENGE], {
    encoding: 'utf8',
    env: { ...process.env, SCEP_PEER_DEBUG: '0' },
  });
  if (start.status !== 0) {
    process.stderr.write(start.stderr);
    throw new Error('scep-peer.sh start failed');
  }
  const url = `http://127.0.0.1:${port}/scep`;
  try {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const keyPem = join(work, 'key.pem');
    writeFileSync(keyPem, privateKey.export({ format: 'pem', type: 'pkcs1' }) as string, { mode: 0o600 });
    const transport = nodeHttpTransport();

    const ours = async (): Promise<number> => {
      const t0 = process.hrtime.bigint();
      const csrDer = buildCsr({
        subject: parseDn('CN=bench-pkicfg')!,
        key: privateKey,
        challengePassword: CHALLENGE,
      });
      const r = await enrollCertificate({
        endpoint: { url, transport },
        key: privateKey,
        csrDer,
        certId: 'bench',
        retry: 0,
        retryIntervalSec: 0,
        sleep: async () => undefined,
        now: () => new Date(),
      });
      const t = ms(t0);
      if (!r.ok) throw new Error(r.error.message);
      return t;
    };
    const theirs = (i: number): number => {
      const d = join(work, `sc${i}`);
      spawnSync('mkdir', ['-p', d]);
      copyFileSync(keyPem, join(d, 'key.pem'));
      const t0 = process.hrtime.bigint();
      const r = spawnSync(
        'scepclient',
        [
          '-server-url',
          url,
          '-private-key',
          join(d, 'key.pem'),
          '-certificate',
          join(d, 'client.pem'),
          '-challenge',
          CHALLENGE,
          '-cn',
          'bench-scepclient',
        ],
        { encoding: 'utf8' },
      );
      const t = ms(t0);
      if (r.status !== 0 || !readFileSync(join(d, 'client.pem'), 'utf8').includes('BEGIN CERTIFICATE')) {
        throw new Error(`scepclient failed: ${r.stderr}`);
      }
      rmSync(d, { recursive: true, force: true });
      return t;
    };
    const nodeStart = (): number => {
      const t0 = process.hrtime.bigint();
      spawnSync(process.execPath, ['-e', '']);
      return ms(t0);
    };

    for (let i = 0; i < 2; i++) {
      await ours();
      theirs(-1 - i);
    }
    const a: number[] = [];
    const b: number[] = [];
    const c: number[] = [];
    for (let i = 0; i < N; i++) {
      a.push(await ours());
      b.push(theirs(i));
      if (i < 5) c.push(nodeStart());
    }
    const ma = median(a);
    const mb = median(b);
    const mc = median(c);
    process.stdout.write(
      [
        `SCEP enrollment round trip against micromdm scepserver (${url}), N=${N}, medians:`,
        `  pkicfg client (in process)     ${ma.toFixed(1)} ms  (min ${Math.min(...a).toFixed(1)}, max ${Math.max(...a).toFixed(1)})`,
        `  scepclient (whole process)     ${mb.toFixed(1)} ms  (min ${Math.min(...b).toFixed(1)}, max ${Math.max(...b).toFixed(1)})`,
        `  node start-up (node -e '')     ${mc.toFixed(1)} ms`,
        `  ratio pkicfg / scepclient      ${(ma / mb).toFixed(2)}`,
        `  ratio (pkicfg + node start-up) / scepclient  ${((ma + mc) / mb).toFixed(2)}`,
        '',
      ].join('\n'),
    );
  } finally {
    spawnSync(join(PEERS, 'scep-peer.sh'), ['stop', peerDir], { encoding: 'utf8' });
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
