import { badRequest } from "../../lib/errors.ts";
import type { SurveyQuestion } from "./survey.repository.ts";
import type { SurveySettings } from "./survey.settings.ts";

export interface SurveyAnswers {
  supplyHours?: number | undefined;
  interruptions?: number | undefined;
  meterRead?: boolean | undefined;
  billOnTime?: boolean | undefined;
  billCorrect?: boolean | undefined;
  suggestion?: string | undefined;
  extra?: Record<string, unknown> | undefined;
}

/** His answers as the columns they are kept in; 400 naming the first bad one. */
export function parseAnswers(a: SurveyAnswers, questions: SurveyQuestion[], settings: SurveySettings) {
  if (
    a.supplyHours !== undefined &&
    !(typeof a.supplyHours === "number" && a.supplyHours >= 0 && a.supplyHours <= 24)
  )
    throw badRequest("supplyHours is a number of hours from 0 to 24", "supplyHours");
  if (
    a.interruptions !== undefined &&
    !(Number.isInteger(a.interruptions) && a.interruptions >= 0 && a.interruptions <= 999)
  )
    throw badRequest("interruptions is a whole number from 0 to 999", "interruptions");
  for (const field of ["meterRead", "billOnTime", "billCorrect"] as const)
    if (a[field] !== undefined && typeof a[field] !== "boolean")
      throw badRequest(`${field} is yes or no`, field);
  const extra: Record<string, unknown> = {};
  for (const [code, value] of Object.entries(a.extra ?? {})) {
    const q = questions.find((x) => x.code === code && x.metric === null);
    if (!q) throw badRequest(`there is no extra question ${code}`, `extra.${code}`);
    const ok =
      q.kind === "yes_no"
        ? typeof value === "boolean"
        : q.kind === "text"
          ? typeof value === "string"
          : typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= 99_999;
    if (!ok) throw badRequest(`${code} takes ${q.kind.replace("_", "/")}`, `extra.${code}`);
    if (typeof value === "string") {
      if (value.trim()) extra[code] = value.trim().slice(0, 2000);
    } else extra[code] = value;
  }
  const hours = a.supplyHours === undefined ? null : Math.round(a.supplyHours * 10) / 10;
  const interruptions = a.interruptions ?? null;
  const suggestion = a.suggestion?.trim().slice(0, 2000) || null;
  const cols = {
    supply_hours: hours,
    interruptions,
    regular_supply:
      hours === null
        ? null
        : hours >= settings.regularSupplyHours &&
          (interruptions === null || interruptions <= settings.regularMaxInterruptions),
    meter_read: a.meterRead ?? null,
    bill_on_time: a.billOnTime ?? null,
    bill_correct: a.billCorrect ?? null,
    suggestion,
    suggestion_status: suggestion ? ("new" as const) : null,
    extra: JSON.stringify(extra),
  };
  const answered =
    [
      cols.supply_hours,
      cols.interruptions,
      cols.meter_read,
      cols.bill_on_time,
      cols.bill_correct,
      suggestion,
    ].some((v) => v !== null) || Object.keys(extra).length > 0;
  if (!answered) throw badRequest("answer at least one question", "answers");
  return cols;
}
