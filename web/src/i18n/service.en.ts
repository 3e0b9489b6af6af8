/** Issue 16's service strings in English (spread into en.ts); service.hi.ts must have the same keys. */
export const serviceEn = {} as const;
