/** The survey desk's numbers, as an admin sets them. */
export interface SurveySettings {
  /** Consumers drawn in each DC each month. */
  sampleSize: number;
  /** Calls before the survey link goes by SMS instead. */
  maxAttempts: number;
  /** Hours to wait after each unanswered call (the last value repeats). */
  retryAfterHours: number[];
  /** Supply counts as regular with at least these hours a day... */
  regularSupplyHours: number;
  /** ...and at most these interruptions in the month. */
  regularMaxInterruptions: number;
  /** An area whose percentage falls below this is flagged when its month closes. */
  flagBelowPercent: number;
  /** Fewer answers than this in an area say too little to flag it. */
  minAnswers: number;
  /** Build each month's campaign on the 1st by itself. */
  autoCampaign: boolean;
}

export const DEFAULT_SURVEY_SETTINGS: SurveySettings = {
  sampleSize: 30,
  maxAttempts: 2,
  retryAfterHours: [24],
  regularSupplyHours: 20,
  regularMaxInterruptions: 4,
  flagBelowPercent: 70,
  minAnswers: 5,
  autoCampaign: true,
};

export const SURVEY_SETTING_LIMITS: Partial<Record<keyof SurveySettings, readonly [number, number]>> = {
  sampleSize: [1, 10_000],
  maxAttempts: [1, 10],
  regularSupplyHours: [0, 24],
  regularMaxInterruptions: [0, 999],
  flagBelowPercent: [0, 100],
  minAnswers: [1, 10_000],
};

/** A month as YYYY-MM. */
export const MONTH = /^[0-9]{4}-(0[1-9]|1[0-2])$/;
