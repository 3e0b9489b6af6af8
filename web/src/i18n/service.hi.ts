import type { serviceEn } from "./service.en.ts";

/** Issue 16's service strings in Hindi. A missing key is a type error. */
export const serviceHi: Record<keyof typeof serviceEn, string> = {};
