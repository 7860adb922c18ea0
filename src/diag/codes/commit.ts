/** Diagnostic codes owned by the commit stage. Add codes here; never rename or reuse one. */
import type { CodeInfo } from '../codes.js';

export const COMMIT_CODES = {} as const satisfies Record<string, CodeInfo>;
