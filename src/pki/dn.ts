/**
 * Subject DNs as Junos takes them (`subject "DC=example,CN=r1,OU=sec,O=Acme,SN,L=Paris,ST=IDF,C=FR"`):
 * attributes DC, CN, SN, OU, O, L, ST, C (case-insensitive), kept in the
 * order given; a value may be double-quoted (`O="Acme, Inc."`) or use `\,`;
 * `SN` without a value is the device serial number. Printing follows Junos:
 * `C = US, O = Acme, CN = r1` (Issued by), `DC=..., CN=...` (Subject string)
 * and the named-field line of `detail`.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { Result } from '../diag/diagnostic.js';
import { deviceSerialNumber } from './device-serial.js';
import { fail } from './pki-diagnostic.js';

interface DnAttribute {
  /** Short name (`CN`), or the dotted OID for attributes pkicfg does not name. */
  readonly type: string;
  readonly value: string;
}

/** A DN in certificate order (most significant first, as written in the command). */
export interface Dn {
  readonly attributes: readonly DnAttribute[];
}

const DN_OID: Record<string, string> = {
  DC: '0.9.2342.19200300.100.1.25',
  CN: '2.5.4.3',
  SN: '2.5.4.5',
  OU: '2.5.4.11',
  O: '2.5.4.10',
  L: '2.5.4.7',
  ST: '2.5.4.8',
  C: '2.5.4.6',
};

/** Names of attributes pkicfg can read from certificates issued by others (never accepted in a subject). */
const EXTRA_OID_NAMES: Record<string, string> = {
  '1.2.840.113549.1.9.1': 'emailAddress',
  '2.5.4.9': 'street',
  '2.5.4.12': 'title',
  '2.5.4.4': 'SURNAME',
  '2.5.4.42': 'GN',
  '0.9.2342.19200300.100.1.1': 'UID',
};

const OID_NAME: Record<string, string> = {
  ...Object.fromEntries(Object.entries(DN_OID).map(([k, v]) => [v, k])),
  ...EXTRA_OID_NAMES,
};

export interface ParseDnOptions {
  /** The device serial number used for a bare `SN` (default: deviceSerialNumber() without a state dir). */
  readonly serialNumber?: string;
}

/** Parses a Junos subject DN; malformed input, unbalanced quotes and unknown attributes are diagnostics. */
export function parseDn(text: string, opts: ParseDnOptions): Result<Dn | undefined> {
  let src = text.trim();
  if (src.length >= 2 && src.startsWith('"') && src.endsWith('"') && !src.slice(1, -1).includes('"')) {
    src = src.slice(1, -1);
  }
  const items: { text: string; start: number }[] = [];
  let cur = '';
  let start = 0;
  let quoteAt = -1;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (ch === '\\' && i + 1 < src.length) {
      cur += src[++i];
    } else if (ch === '"') {
      quoteAt = quoteAt < 0 ? i : -1;
    } else if (ch === ',' && quoteAt < 0) {
      items.push({ text: cur, start });
      cur = '';
      start = i + 1;
    } else {
      cur += ch;
    }
  }
  if (quoteAt >= 0) {
    return fail(
      'PKI_DN_UNBALANCED_QUOTES',
      `subject '${text}': unbalanced quotes (the quote at column ${quoteAt + 1} is never closed)`,
    );
  }
  items.push({ text: cur, start });
  const attributes: DnAttribute[] = [];
  for (const item of items) {
    const t = item.text.trim();
    if (t === '') {
      return fail('PKI_DN_MALFORMED', `subject '${text}': empty attribute at column ${item.start + 1}`);
    }
    const eq = t.indexOf('=');
    const key = (eq < 0 ? t : t.slice(0, eq)).trim().toUpperCase();
    const value = eq < 0 ? undefined : t.slice(eq + 1).trim();
    if (!/^[A-Z]+$/.test(key)) {
      return fail('PKI_DN_MALFORMED', `subject '${text}': '${t}' is not of the form ATTRIBUTE=value`);
    }
    if (!(key in DN_OID)) {
      return fail(
        'PKI_DN_UNKNOWN_ATTRIBUTE',
        `subject '${text}': unknown attribute '${t.slice(0, eq < 0 ? t.length : eq).trim()}' (expected DC, CN, SN, OU, O, L, ST or C)`,
      );
    }
    if (value === undefined || value === '') {
      if (key !== 'SN') return fail('PKI_DN_MALFORMED', `subject '${text}': attribute ${key} has no value`);
      attributes.push({ type: 'SN', value: opts.serialNumber ?? deviceSerialNumber() });
      continue;
    }
    if (key === 'C' && !/^[A-Za-z]{2}$/.test(value)) {
      return fail(
        'PKI_DN_MALFORMED',
        `subject '${text}': C must be a two-letter country code, not '${value}'`,
      );
    }
    if (value.length > 64) {
      return fail('PKI_DN_MALFORMED', `subject '${text}': the value of ${key} is longer than 64 characters`);
    }
    attributes.push({ type: key, value });
  }
  return { value: { attributes }, diagnostics: [] };
}

/**
 * The DN as pkijs RDNs, one attribute per RDN (a SET each), in the given
 * order. pkijs's own encoder would put every attribute into one multi-valued
 * RDN, so the Name is encoded here and read back (pkijs then re-emits the
 * decoded bytes).
 */
export function dnToRdns(dn: Dn): pkijs.RelativeDistinguishedNames {
  const sets = dn.attributes.map((a) => {
    const oid = DN_OID[a.type] ?? a.type;
    const value =
      a.type === 'C' || a.type === 'SN'
        ? new asn1js.PrintableString({ value: a.value })
        : a.type === 'DC'
          ? new asn1js.IA5String({ value: a.value })
          : new asn1js.Utf8String({ value: a.value });
    return new asn1js.Set({ value: [new pkijs.AttributeTypeAndValue({ type: oid, value }).toSchema()] });
  });
  return pkijs.RelativeDistinguishedNames.fromBER(new asn1js.Sequence({ value: sets }).toBER(false));
}

/** Reads pkijs RDNs (from a parsed certificate) as a Dn. */
export function dnFromRdns(rdns: pkijs.RelativeDistinguishedNames): Dn {
  return {
    attributes: rdns.typesAndValues.map((tv) => ({
      type: OID_NAME[tv.type] ?? tv.type,
      value: String((tv.value as { valueBlock: { value: unknown } }).valueBlock.value ?? ''),
    })),
  };
}

/** `C = US, O = Acme, CN = r1` (the `Issued by:` form). */
export function printDnSpaced(dn: Dn): string {
  return dn.attributes.map((a) => `${a.type} = ${a.value}`).join(', ');
}

/** `DC=example, CN=r1, O=Acme` (the `Subject string:` form). */
export function printDnString(dn: Dn): string {
  return dn.attributes.map((a) => `${a.type}=${a.value.includes(',') ? `"${a.value}"` : a.value}`).join(', ');
}

/** The value of the first attribute of `type`, if any. */
export function dnGet(dn: Dn, type: string): string | undefined {
  return dn.attributes.find((a) => a.type === type)?.value;
}

const FIELD_ORDER: readonly [string, string][] = [
  ['O', 'Organization'],
  ['OU', 'Organizational unit'],
  ['C', 'Country'],
  ['ST', 'State'],
  ['L', 'Locality'],
  ['CN', 'Common name'],
  ['SN', 'Serial number'],
  ['DC', 'Domain component'],
  ['emailAddress', 'Email'],
];

/** `Organization: Acme, Country: US, Common name: r1` (the `detail` Issuer/Subject line). */
export function printDnFields(dn: Dn): string {
  const parts: string[] = [];
  for (const [type, label] of FIELD_ORDER) {
    for (const a of dn.attributes) if (a.type === type) parts.push(`${label}: ${a.value}`);
  }
  return parts.join(', ');
}
