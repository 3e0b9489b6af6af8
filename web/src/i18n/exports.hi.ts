import type { exportsEn } from "./exports.en.ts";

/** Issue 16's export strings in Hindi. A missing key is a type error. */
export const exportsHi: Record<keyof typeof exportsEn, string> = {
  "export.download": "डाउनलोड",
  "export.csv": "CSV फ़ाइल",
  "export.xlsx": "एक्सेल",
};
