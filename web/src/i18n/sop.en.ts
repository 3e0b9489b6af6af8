/** Issue 16's sop strings in English (spread into en.ts); sop.hi.ts must have the same keys. */
export const sopEn = {} as const;
