/**
 * GeneralName (RFC 5280 §4.2.1.6), as used for the CMP header sender and
 * recipient. Only directoryName is interpreted; other choices are kept as DER.
 *
 * ```asn1
 * GeneralName ::= CHOICE {
 *     ...
 *     directoryName   [4] Name,      -- EXPLICIT: Name is a CHOICE
 *     ... }
 * ```
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import {
  CmpDecodeError,
  derOf,
  explicit,
  explicitInner,
  fromRaw,
  isContext,
  rawOf,
  toArrayBuffer,
} from './asn1.js';

export type GeneralName =
  | { readonly type: 'directoryName'; /** DER of the Name */ readonly name: Uint8Array }
  | { readonly type: 'other'; readonly der: Uint8Array };

/** The empty DN (`NULL-DN` of RFC 4210 §5.1.1), DER `30 00`. */
export const NULL_DN = new Uint8Array([0x30, 0x00]);

export function generalNameFromSchema(block: asn1js.AsnType, what = 'GeneralName'): GeneralName {
  if (isContext(block, 4)) {
    const inner = explicitInner(block, what);
    if (!(inner instanceof asn1js.Sequence))
      throw new CmpDecodeError(`${what}: directoryName must hold a Name`);
    return { type: 'directoryName', name: rawOf(inner) };
  }
  if (block.idBlock.tagClass !== 3)
    throw new CmpDecodeError(`${what}: expected a context-tagged GeneralName`);
  return { type: 'other', der: rawOf(block) };
}

export function generalNameToSchema(g: GeneralName): asn1js.AsnType {
  return g.type === 'directoryName' ? explicit(4, fromRaw(g.name)) : fromRaw(g.der);
}

export function directoryName(name: Uint8Array): GeneralName {
  return { type: 'directoryName', name };
}

export function generalNameEquals(a: GeneralName, b: GeneralName): boolean {
  return Buffer.from(derOf(generalNameToSchema(a))).equals(Buffer.from(derOf(generalNameToSchema(b))));
}

const SHORT: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '0.9.2342.19200300.100.1.25': 'DC',
  '1.2.840.113549.1.9.1': 'emailAddress',
};

/** A Name in OpenSSL's `/O=x/CN=y` form, for messages. */
function renderName(name: Uint8Array): string {
  try {
    const rdn = pkijs.RelativeDistinguishedNames.fromBER(toArrayBuffer(name));
    if (rdn.typesAndValues.length === 0) return '<empty DN>';
    return rdn.typesAndValues
      .map((tv) => `/${SHORT[tv.type] ?? tv.type}=${String(tv.value.valueBlock.value)}`)
      .join('');
  } catch {
    return '<unreadable DN>';
  }
}

export function renderGeneralName(g: GeneralName): string {
  return g.type === 'directoryName' ? renderName(g.name) : '<non-directory name>';
}
