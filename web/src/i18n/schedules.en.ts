/** Issue 16's schedules strings in English (spread into en.ts); schedules.hi.ts must have the same keys. */
export const schedulesEn = {} as const;
