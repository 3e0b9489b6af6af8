import type { schedulesEn } from "./schedules.en.ts";

/** Issue 16's schedules strings in Hindi. A missing key is a type error. */
export const schedulesHi: Record<keyof typeof schedulesEn, string> = {};
