/** Diagnostic codes owned by the pki stage. Add codes here; never rename or reuse one. */
import type { CodeInfo } from '../codes.js';

export const PKI_CODES = {} as const satisfies Record<string, CodeInfo>;
