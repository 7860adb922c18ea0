/**
 * pkcsPKIEnvelope: the CMS EnvelopedData that carries a SCEP payload.
 *
 * RFC 8894 §3.2.2: "The information portion of a SCEP message is carried
 * inside an EnvelopedData content type ... key transport using RSA" and
 * RFC 5652 §6.1:
 *
 *   EnvelopedData ::= SEQUENCE {
 *     version CMSVersion,
 *     originatorInfo [0] IMPLICIT OriginatorInfo OPTIONAL,
 *     recipientInfos RecipientInfos,
 *     encryptedContentInfo EncryptedContentInfo,
 *     unprotectedAttrs [1] IMPLICIT UnprotectedAttributes OPTIONAL }
 *
 *   KeyTransRecipientInfo ::= SEQUENCE {
 *     version CMSVersion,  -- always set to 0 or 2
 *     rid RecipientIdentifier,            -- issuerAndSerialNumber here
 *     keyEncryptionAlgorithm KeyEncryptionAlgorithmIdentifier,  -- rsaEncryption
 *     encryptedKey EncryptedKey }
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { KeyObject } from 'node:crypto';
import { contentDecrypt, contentEncrypt, newContentKey, rsaDecryptPkcs1, rsaEncryptPkcs1 } from './crypto.js';
import {
  issuerAndSerialDer,
  issuerAndSerialOf,
  matchesIssuerAndSerial,
  type ScepCertificate,
} from './certificate.js';
import { childrenOf, oidOf, readTlv, tlvBytes, tlvValue } from './der.js';
import {
  CIPHER_OID,
  OID,
  cipherByOid,
  failure,
  success,
  type ContentCipher,
  type ScepResult,
} from './types.js';

/** Builds a ContentInfo(envelopedData) encrypting `content` to every recipient. */
export function buildEnvelope(
  content: Uint8Array,
  recipients: readonly ScepCertificate[],
  cipher: ContentCipher,
): Buffer {
  const { key, iv } = newContentKey(cipher);
  const encrypted = contentEncrypt(cipher, key, iv, content);
  const recipientInfos = recipients.map(
    (r) =>
      new pkijs.RecipientInfo({
        variant: 1,
        value: new pkijs.KeyTransRecipientInfo({
          version: 0,
          rid: issuerAndSerialOf(r),
          keyEncryptionAlgorithm: new pkijs.AlgorithmIdentifier({
            algorithmId: OID.rsaEncryption,
            algorithmParams: new asn1js.Null(),
          }),
          encryptedKey: new asn1js.OctetString({ valueHex: rsaEncryptPkcs1(r.publicKey, key) }),
        }),
      }),
  );
  const env = new pkijs.EnvelopedData({
    version: 0,
    recipientInfos,
    encryptedContentInfo: new pkijs.EncryptedContentInfo({
      contentType: OID.data,
      contentEncryptionAlgorithm: new pkijs.AlgorithmIdentifier({
        algorithmId: CIPHER_OID[cipher],
        algorithmParams: new asn1js.OctetString({ valueHex: iv }),
      }),
      encryptedContent: new asn1js.OctetString({ valueHex: encrypted }),
      disableSplit: true,
    } as ConstructorParameters<typeof pkijs.EncryptedContentInfo>[0]),
  });
  const ci = new pkijs.ContentInfo({ contentType: OID.envelopedData, content: env.toSchema() });
  return Buffer.from(ci.toSchema().toBER());
}

export interface OpenedEnvelope {
  readonly content: Buffer;
  readonly cipher: ContentCipher;
}

/**
 * Decrypts a ContentInfo(envelopedData) with the recipient's certificate and key.
 * The RecipientInfo is chosen by issuerAndSerialNumber (a client may encrypt to
 * several GetCACert certificates); with no match, each key-transport entry is tried.
 */
export function openEnvelope(
  der: Uint8Array,
  recipient: ScepCertificate,
  key: KeyObject,
): ScepResult<OpenedEnvelope> {
  return openFast(Buffer.from(der), recipient, key) ?? openWithPkijs(der, recipient, key);
}

/** DER walker path (see der.ts); undefined lets the pkijs path decide and word any error. */
function openFast(
  buf: Buffer,
  recipient: ScepCertificate,
  key: KeyObject,
): ScepResult<OpenedEnvelope> | undefined {
  const ci = readTlv(buf, 0, buf.length);
  if (!ci || ci.tag !== 0x30 || ci.end !== buf.length) return undefined;
  const [ctype, ctx0] = childrenOf(buf, ci) ?? [];
  if (!ctype || !ctx0 || oidOf(buf, ctype) !== OID.envelopedData || ctx0.tag !== 0xa0) return undefined;
  const [ed] = childrenOf(buf, ctx0) ?? [];
  const parts = ed && ed.tag === 0x30 ? childrenOf(buf, ed) : undefined;
  if (!parts) return undefined;
  const at = parts[1]?.tag === 0xa0 ? 2 : 1; // skip originatorInfo
  const ris = parts[at];
  const eci = parts[at + 1];
  if (!ris || !eci || ris.tag !== 0x31 || eci.tag !== 0x30) return undefined;
  const [, alg, content] = childrenOf(buf, eci) ?? [];
  if (!alg || !content || alg.tag !== 0x30) return undefined;
  const [algOid, ivTlv] = childrenOf(buf, alg) ?? [];
  const cipher = algOid ? cipherByOid(oidOf(buf, algOid) ?? '') : undefined;
  if (!cipher || !ivTlv || ivTlv.tag !== 0x04) return undefined;
  let encrypted: Buffer;
  if (content.tag === 0x80) encrypted = tlvValue(buf, content);
  else if (content.tag === 0xa0) {
    const pieces = childrenOf(buf, content);
    if (!pieces || pieces.some((p) => p.tag !== 0x04)) return undefined;
    encrypted = Buffer.concat(pieces.map((p) => tlvValue(buf, p)));
  } else return undefined;
  const mine = issuerAndSerialDer(recipient);
  const keys: { rid: Buffer; encryptedKey: Buffer }[] = [];
  for (const r of childrenOf(buf, ris) ?? []) {
    if (r.tag !== 0x30) continue; // only KeyTransRecipientInfo
    const [, rid, , ek] = childrenOf(buf, r) ?? [];
    if (!rid || !ek || ek.tag !== 0x04) return undefined;
    keys.push({ rid: tlvBytes(buf, rid), encryptedKey: tlvValue(buf, ek) });
  }
  const matching = mine ? keys.filter((k) => k.rid.equals(mine)) : [];
  const candidates = matching.length > 0 ? matching : keys;
  if (candidates.length === 0) return undefined;
  const iv = tlvValue(buf, ivTlv);
  for (const k of candidates) {
    const cek = rsaDecryptPkcs1(key, k.encryptedKey);
    if (!cek) continue;
    const out = contentDecrypt(cipher, cek, iv, encrypted);
    if (out) return success({ content: out, cipher });
  }
  return undefined;
}

function openWithPkijs(
  der: Uint8Array,
  recipient: ScepCertificate,
  key: KeyObject,
): ScepResult<OpenedEnvelope> {
  let env: pkijs.EnvelopedData;
  try {
    const parsed = asn1js.fromBER(Buffer.from(der));
    if (parsed.offset === -1) return failure('SCEP_MALFORMED', 'pkcsPKIEnvelope is not valid DER');
    const ci = new pkijs.ContentInfo({ schema: parsed.result });
    if (ci.contentType !== OID.envelopedData) {
      return failure(
        'SCEP_MALFORMED',
        `pkcsPKIEnvelope has content type ${ci.contentType}, expected envelopedData`,
      );
    }
    env = new pkijs.EnvelopedData({ schema: ci.content });
  } catch (e) {
    return failure('SCEP_MALFORMED', `pkcsPKIEnvelope could not be decoded: ${(e as Error).message}`);
  }
  const eci = env.encryptedContentInfo;
  const cipher = cipherByOid(eci.contentEncryptionAlgorithm.algorithmId);
  if (!cipher) {
    return failure(
      'SCEP_DECRYPT_FAILED',
      `unsupported content encryption algorithm ${eci.contentEncryptionAlgorithm.algorithmId}`,
    );
  }
  const ivParam = eci.contentEncryptionAlgorithm.algorithmParams as asn1js.OctetString | undefined;
  const iv = ivParam?.valueBlock?.valueHexView;
  if (!(ivParam instanceof asn1js.OctetString) || !iv) {
    return failure('SCEP_MALFORMED', 'content encryption algorithm has no IV');
  }
  const ktris = env.recipientInfos
    .filter((r) => r.variant === 1)
    .map((r) => r.value as pkijs.KeyTransRecipientInfo);
  const mine = ktris.filter(
    (k) => k.rid instanceof pkijs.IssuerAndSerialNumber && matchesIssuerAndSerial(recipient, k.rid),
  );
  const candidates = mine.length > 0 ? mine : ktris;
  if (candidates.length === 0)
    return failure('SCEP_DECRYPT_FAILED', 'pkcsPKIEnvelope has no key transport recipient');
  const encrypted = collectOctets(eci.encryptedContent);
  if (!encrypted) return failure('SCEP_MALFORMED', 'pkcsPKIEnvelope has no encrypted content');
  for (const k of candidates) {
    const cek = rsaDecryptPkcs1(key, k.encryptedKey.valueBlock.valueHexView);
    if (!cek) continue;
    const content = contentDecrypt(cipher, cek, iv, encrypted);
    if (content) return success({ content, cipher });
  }
  return failure(
    'SCEP_DECRYPT_FAILED',
    'pkcsPKIEnvelope could not be decrypted with our key (not addressed to us or damaged)',
  );
}

/** Primitive or constructed (BER) OCTET STRING contents. */
export function collectOctets(os: asn1js.OctetString | undefined): Buffer | undefined {
  if (!os) return undefined;
  if (!os.idBlock.isConstructed) return Buffer.from(os.valueBlock.valueHexView);
  const parts: Buffer[] = [];
  for (const v of os.valueBlock.value) {
    if (!(v instanceof asn1js.OctetString)) return undefined;
    const inner = collectOctets(v);
    if (!inner) return undefined;
    parts.push(inner);
  }
  return Buffer.concat(parts);
}
