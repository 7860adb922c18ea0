// Helpers for the CMP interop tests: an openssl-made CA chain with chosen
// serial numbers (so the Junos profile names are predictable and can be made
// to collide), and the `openssl cmp` mock server via peers/cmp-peer.sh
// (private network namespace + loopback relay, stopped by pid).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run, startPeerScript } from './scep-peer-helpers.js';

export { run, which } from './scep-peer-helpers.js';

async function ossl(args: string[], cwd: string): Promise<void> {
  const r = await run('sh', ['-c', `cd "${cwd}" && openssl ${args.map((a) => `'${a}'`).join(' ')}`]);
  if (r.code !== 0) throw new Error(`openssl ${args.join(' ')} failed:\n${r.stderr}`);
}

const EXT = `[root]
basicConstraints = critical,CA:TRUE
keyUsage = critical,digitalSignature,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[ca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,digitalSignature,keyCertSign,cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[srv]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = 1.3.6.1.5.5.7.3.28
[ee]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = clientAuth
`;

export interface ChainSerials {
  readonly root: string;
  readonly int1: string;
  readonly issuing: string;
}

/**
 * root -> int1 -> issuing -> {srv, ee} in DIR (the layout of make-chain.sh,
 * marked complete so cmp-peer.sh uses it as is). `ee.pem` certifies the
 * public key of `eeKeyPem` (pkicfg's key): the mock returns ee.pem to every
 * request, so it must be made for the key pkicfg enrolls with. Serials are
 * decimal strings.
 */
export async function makeChain(
  dir: string,
  serials: ChainSerials,
  eeKeyPem: string,
  tag: string,
): Promise<void> {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'ext.cnf'), EXT);
  writeFileSync(join(dir, 'ee.key'), eeKeyPem, { mode: 0o600 });
  for (const n of ['root', 'int1', 'issuing', 'srv'])
    await ossl(
      ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', `${n}.key`],
      dir,
    );
  await ossl(
    [
      'req',
      '-x509',
      '-new',
      '-key',
      'root.key',
      '-subj',
      `/O=Interop ${tag}/CN=${tag} Root CA`,
      '-set_serial',
      serials.root,
      '-days',
      '3650',
      '-config',
      'ext.cnf',
      '-extensions',
      'root',
      '-out',
      'root.pem',
    ],
    dir,
  );
  const issue = async (name: string, subj: string, issuer: string, serial: string, ext: string) => {
    await ossl(
      ['req', '-new', '-key', `${name}.key`, '-subj', subj, '-out', `${name}.csr`, '-config', 'ext.cnf'],
      dir,
    );
    await ossl(
      [
        'x509',
        '-req',
        '-in',
        `${name}.csr`,
        '-CA',
        `${issuer}.pem`,
        '-CAkey',
        `${issuer}.key`,
        '-set_serial',
        serial,
        '-days',
        '3650',
        '-sha256',
        '-extfile',
        'ext.cnf',
        '-extensions',
        ext,
        '-out',
        `${name}.pem`,
      ],
      dir,
    );
  };
  await issue('int1', `/O=Interop ${tag}/CN=${tag} Intermediate CA`, 'root', serials.int1, 'ca');
  await issue('issuing', `/O=Interop ${tag}/CN=${tag} Issuing CA`, 'int1', serials.issuing, 'ca');
  await issue('srv', `/O=Interop ${tag}/CN=${tag} CMP Server`, 'issuing', '7001', 'srv');
  await issue('ee', `/O=Interop ${tag}/CN=pkicfg-ee`, 'issuing', '7002', 'ee');
  const read = (n: string) => readFileSync(join(dir, n), 'utf8');
  writeFileSync(join(dir, 'capubs.pem'), read('root.pem') + read('int1.pem') + read('issuing.pem'));
  writeFileSync(join(dir, 'chain.pem'), read('issuing.pem') + read('int1.pem'));
  writeFileSync(join(dir, '.chain-ok'), '');
}

export interface CmpPeer {
  readonly url: string;
  readonly pid: number;
  stop(): Promise<void>;
}

/** Starts `openssl cmp -port` (cmp-peer.sh) on a free port; DIR/chain must exist. */
export async function startCmpPeer(dir: string, secret: string, extra = ''): Promise<CmpPeer> {
  const peer = await startPeerScript('cmp-peer.sh', dir, [secret], {
    CMP_PEER_EXTRA: extra,
    CMP_PEER_VERBOSITY: '3',
  });
  return { url: peer.env.CMP_URL, pid: Number(peer.env.CMP_SERVER_PID), stop: peer.stop };
}

/** The first certificate of a PEM text as DER. */
export function pemDer(text: string): Buffer {
  const m = /-----BEGIN CERTIFICATE-----([^-]+)-----END CERTIFICATE-----/.exec(text);
  if (!m) throw new Error('no certificate');
  return Buffer.from(m[1].replace(/\s/g, ''), 'base64');
}
