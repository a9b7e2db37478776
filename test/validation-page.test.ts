/**
 * The validation page (scripts/notebooks/validationPage.ts): a section per variable, worst first, with
 * the counts, the causes and the first missing cells; checked on a small hand-made value audit.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { MISSING_CELLS_SHOWN, validationPage } from "../scripts/notebooks/validationPage";
import type { MissingCell, ValueAudit } from "../lib/study/clean/valueAudit";

const missingShrinking: MissingCell[] = Array.from({ length: 30 }, (_, k) => ({
  variable: "shrinking",
  code: String(110000 + k * 100),
  year: 2007,
  file: "population_resident.csv",
  column: "resident_pop_10k",
  sourceYear: 2000,
  cause: `no value for ${110000 + k * 100} in 2000–2004 (a gap longer than the interpolation limit, or at an end of the series)`,
}));
const values: ValueAudit = {
  variables: [
    { variable: "shrink", rows: 40, computed: 40, filled: 0, missing: 0, clipped: 0, filledHow: "", missingCauses: "", filesNotSupplied: [] },
    { variable: "gov", rows: 40, computed: 37, filled: 3, missing: 0, clipped: 2, filledHow: "interpolated fiscal_exp (3)", missingCauses: "", filesNotSupplied: [] },
    { variable: "shrinking", rows: 40, computed: 10, filled: 0, missing: 30, clipped: 0, filledHow: "", missingCauses: "population_resident.csv resident_pop_10k (30)", filesNotSupplied: [] },
  ],
  missing: missingShrinking,
};

test("the validation page orders variables worst first: most missing, then most filled", () => {
  const html = validationPage(values, { dataLabel: "Real data: /x/panel.csv", auditFolder: "/x/" });
  const order = [...html.matchAll(/<h2><code>([a-z_]+)<\/code><\/h2>/g)].map((m) => m[1]);
  assert.deepEqual(order, ["shrinking", "gov", "shrink"]);
  assert.match(html, /<div class="banner">Real data: \/x\/panel.csv<\/div>/);
  assert.match(html, /30 cells missing and 3 filled from interpolated inputs in all; for every variable computed \+ filled \+ missing = rows/);
});

test("a variable's section lists its first missing cells with file, column, input year and cause, then points to the csv", () => {
  const html = validationPage(values, { dataLabel: "x", auditFolder: "/x/" });
  assert.match(html, /<tr><td>110000<\/td><td>2007<\/td><td>population_resident.csv<\/td><td>resident_pop_10k<\/td><td>2000<\/td><td>no value for 110000 in 2000–2004/);
  assert.equal((html.match(/<td>population_resident.csv<\/td>/g) ?? []).length, MISSING_CELLS_SHOWN);
  assert.match(html, new RegExp(`… and ${30 - MISSING_CELLS_SHOWN} more in <code>/x/audit_missing.csv</code>`));
  assert.match(html, /Filled: interpolated fiscal_exp \(3\)\./);
});
