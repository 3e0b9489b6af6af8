/** Issue 16's dashboard strings in English (spread into en.ts); dashboard.hi.ts must have the same keys. */
export const dashboardEn = {} as const;
