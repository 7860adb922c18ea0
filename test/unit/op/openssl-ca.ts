// A throw-away OpenSSL CA for tests: root certificates, signing CSRs, revoking, CRLs.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openssl } from '../pki/helpers.js';

export interface TestCa {
  readonly dir: string;
  readonly cert: string;
  readonly key: string;
  /** Signs a CSR file; returns the certificate path. */
  sign(csr: string, out: string, opts?: { days?: number; ca?: boolean }): string;
  /** Revokes a certificate and writes a fresh CRL; returns the CRL path. */
  revoke(cert: string): string;
  /** Writes a CRL (no revocation); returns its path. */
  crl(out?: string): string;
}

export function makeTestCa(dir: string, name: string, cn: string): TestCa {
  const key = join(dir, `${name}.key`);
  const cert = join(dir, `${name}.pem`);
  openssl([
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    key,
    '-out',
    cert,
    '-days',
    '3650',
    '-subj',
    `/C=US/O=Acme/CN=${cn}`,
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  const db = join(dir, `${name}-index.txt`);
  writeFileSync(db, '');
  writeFileSync(join(dir, `${name}-crlnumber`), '01\n');
  const cnf = join(dir, `${name}.cnf`);
  writeFileSync(
    cnf,
    `[ca]\ndefault_ca = d\n[d]\ndatabase = ${db}\ncrlnumber = ${join(dir, `${name}-crlnumber`)}\ndefault_md = sha256\ndefault_crl_days = 30\n`,
  );
  let n = 0;
  const crl = (out = join(dir, `${name}-${++n}.crl`)): string => {
    openssl(['ca', '-gencrl', '-config', cnf, '-keyfile', key, '-cert', cert, '-out', out]);
    return out;
  };
  return {
    dir,
    cert,
    key,
    sign(csr, out, opts = {}) {
      const ext = join(dir, `${name}-ext-${++n}.cnf`);
      writeFileSync(ext, opts.ca ? 'basicConstraints=critical,CA:TRUE\n' : 'basicConstraints=CA:FALSE\n');
      openssl([
        'x509',
        '-req',
        '-in',
        csr,
        '-CA',
        cert,
        '-CAkey',
        key,
        '-CAcreateserial',
        '-out',
        out,
        '-days',
        String(opts.days ?? 365),
        '-extfile',
        ext,
        '-copy_extensions',
        'copy',
      ]);
      return out;
    },
    revoke(c) {
      openssl(['ca', '-revoke', c, '-config', cnf, '-keyfile', key, '-cert', cert]);
      return crl();
    },
    crl,
  };
}
