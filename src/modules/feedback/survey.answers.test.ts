import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { AppError } from "../../lib/errors.ts";
import { parseAnswers } from "./survey.answers.ts";
import type { SurveyQuestion } from "./survey.repository.ts";
import { DEFAULT_SURVEY_SETTINGS } from "./survey.settings.ts";

const settings = DEFAULT_SURVEY_SETTINGS; // regular: at least 20 hours a day, at most 4 interruptions
const questions: SurveyQuestion[] = [
  { code: "voltage_ok", position: 10, kind: "yes_no", metric: null, text_en: "", text_hi: "", active: true },
  { code: "remarks", position: 11, kind: "text", metric: null, text_en: "", text_hi: "", active: true },
];

function field(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof AppError && err.status === 400);
    return err.field;
  }
  assert.fail("expected a 400");
}

describe("survey answers as the columns they are kept in", () => {
  test("regular supply: enough hours and few enough interruptions (unknown interruptions do not count against it)", () => {
    assert.equal(parseAnswers({ supplyHours: 22, interruptions: 4 }, [], settings).regular_supply, true);
    assert.equal(parseAnswers({ supplyHours: 22, interruptions: 5 }, [], settings).regular_supply, false);
    assert.equal(parseAnswers({ supplyHours: 19.96 }, [], settings).regular_supply, true); // kept as 20.0
    assert.equal(parseAnswers({ supplyHours: 18 }, [], settings).regular_supply, false);
    assert.equal(parseAnswers({ meterRead: true }, [], settings).regular_supply, null);
  });

  test("extra questions by their kind; a suggestion waits as new; blank text is no answer", () => {
    const cols = parseAnswers(
      { extra: { voltage_ok: false, remarks: "  " }, suggestion: " a pole leans " },
      questions,
      settings,
    );
    assert.equal(cols.extra, JSON.stringify({ voltage_ok: false }));
    assert.equal(cols.suggestion, "a pole leans");
    assert.equal(cols.suggestion_status, "new");
  });

  test("400 naming the first bad answer, or nothing answered", () => {
    assert.equal(
      field(() => parseAnswers({ supplyHours: 25 }, [], settings)),
      "supplyHours",
    );
    assert.equal(
      field(() => parseAnswers({ interruptions: 1.5 }, [], settings)),
      "interruptions",
    );
    assert.equal(
      field(() => parseAnswers({ extra: { nope: true } }, questions, settings)),
      "extra.nope",
    );
    assert.equal(
      field(() => parseAnswers({ extra: { voltage_ok: "yes" } }, questions, settings)),
      "extra.voltage_ok",
    );
    assert.equal(
      field(() => parseAnswers({ suggestion: "   " }, [], settings)),
      "answers",
    );
  });
});
