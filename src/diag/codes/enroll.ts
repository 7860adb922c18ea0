/** Diagnostic codes owned by the enroll stage. Add codes here; never rename or reuse one. */
import type { CodeInfo } from '../codes.js';

export const ENROLL_CODES = {} as const satisfies Record<string, CodeInfo>;
