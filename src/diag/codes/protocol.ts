/** Diagnostic codes owned by the protocol stage. Add codes here; never rename or reuse one. */
import type { CodeInfo } from '../codes.js';

export const PROTOCOL_CODES = {} as const satisfies Record<string, CodeInfo>;
