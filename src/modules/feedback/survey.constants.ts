// The survey's scorecard metrics and levels, and the call desk's order of outcomes.
// Dependency-free: the API schema files and the web import this file. Import nothing here but
// other constants files.
import { SURVEY_OUTCOMES, type SurveyOutcome } from "../../db/schema.constants.ts";

/** A scorecard's percentages that can flag an area (the names of its fields). */
export const SCORE_METRICS = ["regularSupply", "meterRead", "billOnTime", "billCorrect"] as const;
export type ScoreMetric = (typeof SCORE_METRICS)[number];

/** The levels scorecards are read and areas flagged at: every office above a DC, down to the DC. */
export const SURVEY_LEVELS = ["region", "circle", "division", "subdivision", "dc"] as const;
export type SurveyLevel = (typeof SURVEY_LEVELS)[number];

/** The survey call's outcomes in the order the call desk offers them (keys 1…6): reached first. */
export const SURVEY_DESK_OUTCOMES: readonly SurveyOutcome[] = [
  "reached",
  ...SURVEY_OUTCOMES.filter((o) => o !== "reached"),
];
