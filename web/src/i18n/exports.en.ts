/** Issue 16's export strings in English (spread into en.ts); exports.hi.ts must have the same keys. */
export const exportsEn = {
  "export.download": "Download",
  "export.csv": "CSV",
  "export.xlsx": "Excel",
} as const;
