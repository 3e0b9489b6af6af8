import type { sopEn } from "./sop.en.ts";

/** Issue 16's sop strings in Hindi. A missing key is a type error. */
export const sopHi: Record<keyof typeof sopEn, string> = {};
