/**
 * A refusal of the embedded CA's CMP server: the PKIFailureInfo bit and the
 * text answered in an `error` body (RFC 4210 §5.3.21). Thrown by the request
 * checks (cmp-authenticate.ts, cmp-request.ts) and caught once by the server,
 * which logs it and answers it.
 */
import type { PkiBody } from '../protocols/cmp/pki-body.js';
import { failInfoBit, type PkiFailureInfoBit } from '../protocols/cmp/pki-status-info.js';

export class Refusal {
  constructor(
    readonly failInfo: PkiFailureInfoBit,
    readonly text: string,
  ) {}
}

/** The `error` body (status rejection) that answers a refusal. */
export function errorBody(failInfo: PkiFailureInfoBit, text: string): PkiBody {
  return {
    type: 'error',
    content: { pkiStatusInfo: { status: 2, failInfo: [failInfoBit(failInfo)], statusString: [text] } },
  };
}
