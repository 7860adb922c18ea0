/** Diagnostic codes owned by the validate stage. Add codes here; never rename or reuse one. */
import type { CodeInfo } from '../codes.js';

export const VALIDATE_CODES = {} as const satisfies Record<string, CodeInfo>;
