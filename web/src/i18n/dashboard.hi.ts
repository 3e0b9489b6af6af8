import type { dashboardEn } from "./dashboard.en.ts";

/** Issue 16's dashboard strings in Hindi. A missing key is a type error. */
export const dashboardHi: Record<keyof typeof dashboardEn, string> = {};
