/**
 * RFC 5280 §4.2.1.10 name constraints, for the subjectAltName kinds pkicfg
 * shows (DNS, email, IP): the permitted and excluded subtrees a CA
 * certificate carries, and the first name of a certificate below it that
 * breaks them, in words. verify.ts asks this for every link of a chain.
 */
import { BlockList } from 'node:net';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { CertificateInfo } from './certificate.js';

export interface NameSubtrees {
  readonly permitted: readonly pkijs.GeneralSubtree[];
  readonly excluded: readonly pkijs.GeneralSubtree[];
}

/** The name constraints extension of a CA certificate, or undefined when absent (or unreadable). */
export function nameConstraints(c: CertificateInfo): NameSubtrees | undefined {
  try {
    const cert = new pkijs.Certificate({ schema: asn1js.fromBER(c.der).result });
    const nc = cert.extensions?.find((e) => e.extnID === '2.5.29.30')?.parsedValue as
      pkijs.NameConstraints | undefined;
    if (!nc) return undefined;
    return { permitted: nc.permittedSubtrees ?? [], excluded: nc.excludedSubtrees ?? [] };
  } catch {
    return undefined;
  }
}

function dnsMatches(name: string, base: string): boolean {
  const n = name.toLowerCase();
  const b = base.toLowerCase();
  if (b.startsWith('.')) return n.endsWith(b);
  return n === b || n.endsWith(`.${b}`);
}

function emailMatches(mail: string, base: string): boolean {
  const m = mail.toLowerCase();
  const b = base.toLowerCase();
  if (b.includes('@')) return m === b;
  const host = m.slice(m.lastIndexOf('@') + 1);
  return b.startsWith('.') ? host.endsWith(b) : host === b;
}

function ipMatches(ip: string, family: 'ipv4' | 'ipv6', base: Uint8Array): boolean {
  const len = family === 'ipv4' ? 4 : 16;
  if (base.length !== 2 * len) return false;
  const addr = base.subarray(0, len);
  const mask = base.subarray(len);
  let prefix = 0;
  for (const byte of mask) for (let bit = 7; bit >= 0; bit--) if (byte & (1 << bit)) prefix++;
  const text =
    family === 'ipv4'
      ? [...addr].join('.')
      : Array.from({ length: 8 }, (_, i) => ((addr[2 * i] << 8) | addr[2 * i + 1]).toString(16)).join(':');
  try {
    const bl = new BlockList();
    bl.addSubnet(text, prefix, family);
    return bl.check(ip, family);
  } catch {
    return false;
  }
}

/** RFC 5280 §4.2.1.10 for the SAN kinds pkicfg shows (DNS, email, IP); the reason of the first violation. */
export function nameConstraintViolation(c: CertificateInfo, nc: NameSubtrees): string | undefined {
  const names: { kind: number; value: string; test: (base: pkijs.GeneralName) => boolean }[] = [];
  for (const d of c.altNames.dns)
    names.push({ kind: 2, value: `DNS:${d}`, test: (g) => dnsMatches(d, String(g.value)) });
  for (const e of c.altNames.email)
    names.push({ kind: 1, value: `email:${e}`, test: (g) => emailMatches(e, String(g.value)) });
  const ipTest = (ip: string, fam: 'ipv4' | 'ipv6') => (g: pkijs.GeneralName) =>
    ipMatches(ip, fam, new Uint8Array((g.value as asn1js.OctetString).valueBlock.valueHexView));
  for (const ip of c.altNames.ipv4) names.push({ kind: 7, value: `IP:${ip}`, test: ipTest(ip, 'ipv4') });
  for (const ip of c.altNames.ipv6) names.push({ kind: 7, value: `IP:${ip}`, test: ipTest(ip, 'ipv6') });
  for (const n of names) {
    if (nc.excluded.some((t) => t.base.type === n.kind && n.test(t.base)))
      return `${n.value} is in an excluded subtree`;
    const permitted = nc.permitted.filter((t) => t.base.type === n.kind);
    if (permitted.length > 0 && !permitted.some((t) => n.test(t.base)))
      return `${n.value} is outside the permitted subtrees`;
  }
  return undefined;
}
