/**
 * bench/cmp: one CMP ir round trip (ir/ip + certConf/pkiConf, PBM both ways)
 * against OpenSSL's `openssl cmp` mock server, pkicfg's client vs the
 * `openssl cmp -cmd ir` client, interleaved in the same run on the same mock
 * (test/interop/peers/cmp-peer.sh: private network namespace + loopback relay).
 * Reports medians and the ratio pkicfg / openssl. Run on demand (needs root
 * for the namespace, or PEER_ISOLATION=none):
 *   npm run build && node dist/bench/cmp.js [N=20]
 */
import { spawnSync } from 'node:child_process';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { sendCmpEnrollment } from '../src/protocols/cmp/client.js';
import { createNodeCmpTransport } from '../src/protocols/cmp/http-transport.js';

const PEERS = resolve('test/interop/peers');
const SECRET = 'bench-pbm-s3cret';
const N = Number(process.argv[2] ?? 20);

function freePort(): Promise<number> {
  return new Promise((res) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => res(p));
    });
  });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'pkicfg-bench-cmp-'));
  const port = await freePort();
  const start = spawnSync(join(PEERS, 'cmp-peer.sh'), ['start', dir, String(port), SECRET], {
    encoding: 'utf8',
    env: { ...process.env, CMP_PEER_VERBOSITY: '3' },
  });
  if (start.status !== 0) throw new Error(`cmp-peer.sh start failed:\n${start.stderr}`);
  try {
    const chain = join(dir, 'chain');
    const privateKey = createPrivateKey(readFileSync(join(chain, 'ee.key')));
    const newKey = { privateKey, publicKey: createPublicKey(privateKey) };
    const subject = new Uint8Array(Buffer.from('3010310e300c06035504030c0562656e6368', 'hex')); // CN=bench
    const url = `http://127.0.0.1:${port}/pkix/`;
    const ours = async (): Promise<number> => {
      const t0 = performance.now();
      const transport = createNodeCmpTransport();
      const r = await sendCmpEnrollment({
        url,
        transport,
        command: 'ir',
        protection: { kind: 'pbm', reference: Buffer.from('bench'), secret: Buffer.from(SECRET) },
        newKey,
        subject,
      });
      transport.close?.();
      if (!r.value) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
      return performance.now() - t0;
    };
    const out = join(dir, 'openssl-ir.pem');
    const theirs = (): number => {
      const t0 = performance.now();
      const r = spawnSync(
        'openssl',
        [
          'cmp',
          '-cmd',
          'ir',
          '-server',
          `127.0.0.1:${port}`,
          '-path',
          'pkix/',
          '-ref',
          'bench',
          '-secret',
          `pass:${SECRET}`,
          '-newkey',
          join(chain, 'ee.key'),
          '-subject',
          '/CN=bench',
          '-certout',
          out,
        ],
        { encoding: 'utf8' },
      );
      if (r.status !== 0) throw new Error(`openssl cmp failed:\n${r.stdout}${r.stderr}`);
      return performance.now() - t0;
    };
    for (let i = 0; i < 2; i++) {
      await ours();
      theirs();
    }
    const a: number[] = [];
    const b: number[] = [];
    for (let i = 0; i < N; i++) {
      a.push(await ours());
      b.push(theirs());
    }
    const ma = median(a);
    const mb = median(b);
    console.log(
      `CMP ir round trip (ir/ip + certConf/pkiConf, PBM), ${N} runs each, interleaved, same mock server`,
    );
    console.log(
      `  pkicfg client (in-process, new connection each): median ${ma.toFixed(1)} ms (min ${Math.min(...a).toFixed(1)})`,
    );
    console.log(
      `  openssl cmp -cmd ir (whole process):             median ${mb.toFixed(1)} ms (min ${Math.min(...b).toFixed(1)})`,
    );
    console.log(`  ratio pkicfg / openssl: ${(ma / mb).toFixed(2)}`);
  } finally {
    spawnSync(join(PEERS, 'cmp-peer.sh'), ['stop', dir], { encoding: 'utf8' });
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
