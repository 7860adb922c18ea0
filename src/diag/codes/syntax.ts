/** Diagnostic codes owned by the syntax stage. Add codes here; never rename or reuse one. */
import type { CodeInfo } from '../codes.js';

export const SYNTAX_CODES = {} as const satisfies Record<string, CodeInfo>;
