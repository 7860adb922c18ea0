/**
 * The bodies a CMP client sends (RFC 4210 §5.3): the enrollment request
 * (ir / cr / kur with a POPOSigningKey, or p10cr), the public key it asks to
 * have certified, and the certConf that accepts or refuses the certificate.
 */
import { createHash, sign, X509Certificate } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { derOf, integerFromBytes, toArrayBuffer } from './asn1.js';
import { OID, signatureAlgorithmFor, signatureHash } from './algorithm-identifier.js';
import type { CertReqMsg } from './cert-req-messages.js';
import { certRequestToSchema, type CertRequest } from './cert-request.js';
import type { CertResponse } from './cert-response.js';
import type { CmpEnrollRequest } from './client.js';
import { fail } from './client-failure.js';
import { directoryName, generalNameToSchema } from './general-name.js';
import type { PkiBody } from './pki-body.js';
import type { PkiStatusInfo } from './pki-status-info.js';

/** The certConf for cr: accepting it, or refusing it with statusInfo (§5.3.18). */
export function certConfBody(cr: CertResponse, statusInfo?: PkiStatusInfo): PkiBody {
  const cert = new X509Certificate(cr.certificate!);
  // RFC 4210 §5.3.18: certHash uses the hash of the certificate's signature algorithm.
  const hash = signatureHash(sigAlgOid(cr.certificate!)) ?? 'sha256';
  const certHash = createHash(hash).update(cert.raw).digest();
  return {
    type: 'certConf',
    content: [{ certHash, certReqId: cr.certReqId, ...(statusInfo ? { statusInfo } : {}) }],
  };
}

function sigAlgOid(certDer: Uint8Array): string {
  try {
    return pkijs.Certificate.fromBER(toArrayBuffer(certDer)).signatureAlgorithm.algorithmId;
  } catch {
    return '';
  }
}

/** The SubjectPublicKeyInfo (DER) the request asks to have certified. */
export function requestedSpki(req: CmpEnrollRequest): Uint8Array {
  if (req.command === 'p10cr') {
    const csr = pkijs.CertificationRequest.fromBER(toArrayBuffer(req.csr!));
    return new Uint8Array(csr.subjectPublicKeyInfo.toSchema().toBER(false));
  }
  return new Uint8Array(req.newKey!.publicKey.export({ type: 'spki', format: 'der' }));
}

/** The ir / cr / kur / p10cr body of the request. */
export function buildRequestBody(req: CmpEnrollRequest): PkiBody {
  if (req.command === 'p10cr') {
    if (!req.csr) throw fail('CMP_BAD_REQUEST', 'p10cr needs a PKCS#10 request.');
    return { type: 'p10cr', csr: req.csr };
  }
  if (!req.newKey) throw fail('CMP_BAD_REQUEST', `${req.command} needs the key pair to certify.`);
  const keyType = req.newKey.privateKey.asymmetricKeyType;
  let popAlg;
  try {
    popAlg = signatureAlgorithmFor(keyType);
  } catch {
    throw fail('CMP_BAD_REQUEST', `CMP enrollment supports RSA, ECDSA and DSA keys, not '${keyType}'.`);
  }
  const controls =
    req.command === 'kur' && req.oldCert
      ? [{ infoType: OID.regCtrlOldCertId, infoValue: oldCertId(req.oldCert) }]
      : undefined;
  const certReq: CertRequest = {
    certReqId: 0,
    certTemplate: {
      ...(req.subject ? { subject: req.subject } : {}),
      publicKey: new Uint8Array(req.newKey.publicKey.export({ type: 'spki', format: 'der' })),
      ...(req.extensions ? { extensions: req.extensions } : {}),
    },
    ...(controls ? { controls } : {}),
  };
  // RFC 4211 §4.1: POPOSigningKey over the DER of certReq when poposkInput is absent.
  const signature = sign(
    signatureHash(popAlg.oid)!,
    derOf(certRequestToSchema(certReq)),
    req.newKey.privateKey,
  );
  const msg: CertReqMsg = { certReq, popo: { type: 'signature', algorithm: popAlg, signature } };
  return { type: req.command, content: [msg] };
}

/** CertId ::= SEQUENCE { issuer GeneralName, serialNumber INTEGER } (RFC 4211 §6.5). */
function oldCertId(certDer: Uint8Array): Uint8Array {
  const c = pkijs.Certificate.fromBER(toArrayBuffer(certDer));
  const issuer = new Uint8Array(c.issuer.toSchema().toBER(false));
  const serial = new Uint8Array(c.serialNumber.valueBlock.valueHexView);
  return derOf(
    new asn1js.Sequence({ value: [generalNameToSchema(directoryName(issuer)), integerFromBytes(serial)] }),
  );
}
