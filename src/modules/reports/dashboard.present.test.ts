import assert from "node:assert/strict";
import { test } from "node:test";
import { listLink, percent, quantileFromHistogram, slaPercent } from "./dashboard.present.ts";

const empty = () => Array.from({ length: 13 }, () => 0);

test("quantiles interpolate within the bucket the rank falls in", () => {
  const h = empty();
  h[0] = 10; // (0, 60]
  assert.equal(quantileFromHistogram(h, 0.5), 30);
  assert.equal(quantileFromHistogram(h, 0.9), 54);
  h[2] = 10; // (120, 240]
  assert.equal(quantileFromHistogram(h, 0.5), 60, "rank 10 ends the first bucket");
  assert.equal(quantileFromHistogram(h, 0.9), 216, "rank 18 is 8/10 into (120, 240]");
});

test("the open-ended last bucket answers its lower bound; nothing resolved is null", () => {
  const h = empty();
  h[12] = 3;
  assert.equal(quantileFromHistogram(h, 0.5), 21600);
  assert.equal(quantileFromHistogram(empty(), 0.5), null);
  const skewed = empty();
  skewed[5] = 1; // (720, 1440]
  skewed[11] = 1; // (14400, 21600]
  assert.equal(quantileFromHistogram(skewed, 0.5), 1440);
  assert.equal(quantileFromHistogram(skewed, 0.9), 14400 + 7200 * 0.8);
});

test("percentages have one decimal and no division by zero", () => {
  assert.equal(percent(1, 3), 33.3);
  assert.equal(percent(2, 3), 66.7);
  assert.equal(percent(1, 0), null);
  assert.equal(slaPercent(4, 1), 75);
  assert.equal(slaPercent(0, 0), null);
});

test("a figure's list link carries the dashboard's filters and its own, all statuses unless it names one", () => {
  assert.equal(
    listLink(
      { unit: "TD", category: "billing" },
      { registeredFrom: "2026-11-01", registeredTo: "2026-11-30" },
    ),
    "unit=TD&category=billing&registeredFrom=2026-11-01&registeredTo=2026-11-30&status=all",
  );
  assert.equal(listLink({ unit: "TD" }, { status: "overdue" }), "unit=TD&status=overdue");
});
