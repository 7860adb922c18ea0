/** X.509 extensions pkicfg writes and reads: subjectAltName, basicConstraints, keyUsage, key identifiers, CDP, AIA. */
import { isIP } from 'node:net';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { diagnostic, type Diagnostic } from '../diag/diagnostic.js';

/** subjectAltName values, from `domain-name`, `email`, `ip-address`, `ipv6-address`. */
export interface AltNames {
  readonly dns: readonly string[];
  readonly email: readonly string[];
  readonly ipv4: readonly string[];
  readonly ipv6: readonly string[];
}

export const NO_ALT_NAMES: AltNames = { dns: [], email: [], ipv4: [], ipv6: [] };

const OID_SAN = '2.5.29.17';
const OID_BASIC_CONSTRAINTS = '2.5.29.19';
const OID_KEY_USAGE = '2.5.29.15';
const OID_SKI = '2.5.29.14';
const OID_AKI = '2.5.29.35';
const OID_CRL_DP = '2.5.29.31';
const OID_AIA = '1.3.6.1.5.5.7.1.1';
export const OID_CRL_NUMBER = '2.5.29.20';

/** Checks the values of the SAN options; the first problem as a diagnostic. */
export function checkAltNames(alt: AltNames): Diagnostic | undefined {
  for (const d of alt.dns) {
    if (
      !/^(?=.{1,253}$)(\*\.)?([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/.test(
        d,
      )
    ) {
      return diagnostic('PKI_SAN_INVALID', `invalid domain-name '${d}'`);
    }
  }
  for (const e of alt.email) {
    if (!/^[^@\s]+@[^@\s]+$/.test(e)) return diagnostic('PKI_SAN_INVALID', `invalid email '${e}'`);
  }
  for (const ip of alt.ipv4)
    if (isIP(ip) !== 4) return diagnostic('PKI_SAN_INVALID', `invalid ip-address '${ip}'`);
  for (const ip of alt.ipv6)
    if (isIP(ip) !== 6) return diagnostic('PKI_SAN_INVALID', `invalid ipv6-address '${ip}'`);
  return undefined;
}

/** IPv4/IPv6 text to the 4 or 16 octets of GeneralName iPAddress. */
function ipToBytes(ip: string): Uint8Array {
  if (isIP(ip) === 4) return new Uint8Array(ip.split('.').map(Number));
  const [head, tail] = ip.includes('::') ? ip.split('::') : [ip, undefined];
  const parse = (s: string): number[] =>
    (s ? s.split(':') : []).flatMap((g) => {
      if (g.includes('.')) {
        const b = g.split('.').map(Number);
        return [(b[0] << 8) | b[1], (b[2] << 8) | b[3]];
      }
      return [parseInt(g, 16)];
    });
  const h = parse(head);
  const t = tail === undefined ? [] : parse(tail);
  const groups = [...h, ...new Array<number>(8 - h.length - t.length).fill(0), ...t];
  const out = new Uint8Array(16);
  groups.forEach((g, i) => {
    out[2 * i] = g >> 8;
    out[2 * i + 1] = g & 0xff;
  });
  return out;
}

function bytesToIp(b: Uint8Array): string {
  if (b.length === 4) return Array.from(b).join('.');
  const groups: string[] = [];
  for (let i = 0; i < b.length; i += 2) groups.push(((b[i] << 8) | b[i + 1]).toString(16));
  return groups
    .join(':')
    .replace(/\b(?:0(?::0)+)\b/, '')
    .replace(/:{3,}/, '::');
}

export function hasAltNames(alt: AltNames): boolean {
  return alt.dns.length + alt.email.length + alt.ipv4.length + alt.ipv6.length > 0;
}

/** subjectAltName in the order dNSName, rfc822Name, iPAddress (v4 then v6). */
export function altNamesExtension(alt: AltNames): pkijs.Extension {
  const names: pkijs.GeneralName[] = [
    ...alt.dns.map((value) => new pkijs.GeneralName({ type: 2, value })),
    ...alt.email.map((value) => new pkijs.GeneralName({ type: 1, value })),
    ...[...alt.ipv4, ...alt.ipv6].map(
      (ip) => new pkijs.GeneralName({ type: 7, value: new asn1js.OctetString({ valueHex: ipToBytes(ip) }) }),
    ),
  ];
  const gn = new pkijs.GeneralNames({ names });
  return new pkijs.Extension({
    extnID: OID_SAN,
    critical: false,
    extnValue: gn.toSchema().toBER(false),
    parsedValue: gn,
  });
}

export function basicConstraintsExtension(ca: boolean): pkijs.Extension {
  const bc = new pkijs.BasicConstraints({ cA: ca });
  return new pkijs.Extension({
    extnID: OID_BASIC_CONSTRAINTS,
    critical: true,
    extnValue: bc.toSchema().toBER(false),
    parsedValue: bc,
  });
}

const KEY_USAGE_NAMES = [
  'digitalSignature',
  'nonRepudiation',
  'keyEncipherment',
  'dataEncipherment',
  'keyAgreement',
  'keyCertSign',
  'cRLSign',
  'encipherOnly',
  'decipherOnly',
] as const;

export type KeyUsageName = (typeof KEY_USAGE_NAMES)[number];

export function keyUsageExtension(usages: readonly KeyUsageName[]): pkijs.Extension {
  let bits = 0;
  for (const u of usages) bits |= 1 << (15 - KEY_USAGE_NAMES.indexOf(u));
  const bytes = [bits >> 8, bits & 0xff];
  const used = bytes[1] === 0 ? 1 : 2;
  const last = bytes[used - 1];
  let unused = 0;
  while (unused < 8 && (last & (1 << unused)) === 0) unused++;
  const bs = new asn1js.BitString({ valueHex: new Uint8Array(bytes.slice(0, used)), unusedBits: unused });
  return new pkijs.Extension({ extnID: OID_KEY_USAGE, critical: true, extnValue: bs.toBER(false) });
}

export function subjectKeyIdExtension(keyId: Uint8Array): pkijs.Extension {
  const os = new asn1js.OctetString({ valueHex: keyId });
  return new pkijs.Extension({ extnID: OID_SKI, critical: false, extnValue: os.toBER(false) });
}

export function authorityKeyIdExtension(keyId: Uint8Array): pkijs.Extension {
  const aki = new pkijs.AuthorityKeyIdentifier({
    keyIdentifier: new asn1js.OctetString({ valueHex: keyId }),
  });
  return new pkijs.Extension({ extnID: OID_AKI, critical: false, extnValue: aki.toSchema().toBER(false) });
}

function generalNameText(gn: pkijs.GeneralName): { type: number; text: string } {
  if (gn.type === 7) {
    const os = gn.value as asn1js.OctetString;
    return { type: 7, text: bytesToIp(new Uint8Array(os.valueBlock.valueHexView)) };
  }
  return { type: gn.type, text: typeof gn.value === 'string' ? gn.value : String(gn.value) };
}

/** Reads subjectAltName from parsed extensions. */
export function readAltNames(extensions: readonly pkijs.Extension[] | undefined): AltNames {
  const ext = extensions?.find((e) => e.extnID === OID_SAN);
  const dns: string[] = [];
  const email: string[] = [];
  const ipv4: string[] = [];
  const ipv6: string[] = [];
  const pv = ext?.parsedValue;
  const gns = pv instanceof pkijs.AltName ? pv.altNames : pv instanceof pkijs.GeneralNames ? pv.names : [];
  for (const gn of gns) {
    const { type, text } = generalNameText(gn);
    if (type === 2) dns.push(text);
    else if (type === 1) email.push(text);
    else if (type === 7) (text.includes(':') ? ipv6 : ipv4).push(text);
  }
  return { dns, email, ipv4, ipv6 };
}

/** URIs of the CRL distribution points. */
export function readCrlDistributionPoints(extensions: readonly pkijs.Extension[] | undefined): string[] {
  const ext = extensions?.find((e) => e.extnID === OID_CRL_DP);
  if (!(ext?.parsedValue instanceof pkijs.CRLDistributionPoints)) return [];
  const out: string[] = [];
  for (const dp of ext.parsedValue.distributionPoints) {
    const names = Array.isArray(dp.distributionPoint) ? dp.distributionPoint : [];
    for (const gn of names) if (gn.type === 6) out.push(String(gn.value));
  }
  return out;
}

/** OCSP URIs from authorityInfoAccess. */
export function readOcspUris(extensions: readonly pkijs.Extension[] | undefined): string[] {
  const ext = extensions?.find((e) => e.extnID === OID_AIA);
  if (!(ext?.parsedValue instanceof pkijs.InfoAccess)) return [];
  return ext.parsedValue.accessDescriptions
    .filter((d) => d.accessMethod === '1.3.6.1.5.5.7.48.1' && d.accessLocation.type === 6)
    .map((d) => String(d.accessLocation.value));
}

/** basicConstraints cA. */
export function readIsCa(extensions: readonly pkijs.Extension[] | undefined): boolean {
  const ext = extensions?.find((e) => e.extnID === OID_BASIC_CONSTRAINTS);
  return ext?.parsedValue instanceof pkijs.BasicConstraints ? ext.parsedValue.cA : false;
}

/** keyUsage names, or undefined when the extension is absent. */
export function readKeyUsage(extensions: readonly pkijs.Extension[] | undefined): KeyUsageName[] | undefined {
  const ext = extensions?.find((e) => e.extnID === OID_KEY_USAGE);
  if (!ext) return undefined;
  const bs = ext.parsedValue instanceof asn1js.BitString ? ext.parsedValue : undefined;
  const bytes = bs ? new Uint8Array(bs.valueBlock.valueHexView) : new Uint8Array();
  return KEY_USAGE_NAMES.filter((_, i) => (bytes[i >> 3] ?? 0) & (0x80 >> (i & 7)));
}
