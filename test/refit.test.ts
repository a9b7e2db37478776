/** PreparedModel: refits that reuse the sample and fixed-effect codes give what a fresh fit gives. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { feols, PreparedModel } from "../lib/index";
import { readGoldenCsv } from "./helpers/golden";

const panel = readGoldenCsv("unbalanced_panel.csv", ["region"]) as Record<string, (number | string | null)[]>;
const formula = "y ~ x1 + x2 | id + year";

function close(a: number, b: number, rel = 1e-9): void {
  assert.ok(Math.abs(a - b) <= rel * Math.max(1, Math.abs(b)), `${a} vs ${b}`);
}

/** Rows of `panel` as objects, for building resampled and subset data. */
const rows = panel.y.map((_, i) => Object.fromEntries(Object.keys(panel).map((k) => [k, panel[k][i]])));

describe("PreparedModel", () => {
  const prepared = new PreparedModel(formula, panel, { vcov: { cluster: "id" } });
  const reference = feols(formula, panel, { vcov: { cluster: "id" } });

  it("an unchanged refit equals feols, SEs included", () => {
    const fit = prepared.fit();
    for (const name of reference.coefNames) {
      close(fit.coef[name], reference.coef[name]);
      close(fit.se[name], reference.se[name]);
    }
    assert.equal(prepared.nobs, reference.nobs);
  });

  it("unit weights give the unweighted coefficients", () => {
    const coef = prepared.coefficients({ weights: new Float64Array(prepared.nobs).fill(1) });
    for (const name of reference.coefNames) close(coef[name], reference.coef[name]);
  });

  it("a cluster-bootstrap draw as frequency weights equals feols on the physically resampled rows", () => {
    const ids = prepared.numeric("id");
    const draw = new Map<number, number>([[1, 0], [2, 2], [3, 3], [7, 0], [11, 2]]); // id → times drawn (others once)
    const weights = Float64Array.from(ids, (id) => draw.get(id) ?? 1);
    const used = new Set(Array.from(prepared.frame.rows));
    const resampled = rows.filter((_, i) => used.has(i)).flatMap((row) => Array.from({ length: draw.get(row.id as number) ?? 1 }, () => row));
    const direct = feols(formula, resampled, { singletons: "keep" });
    const coef = prepared.coefficients({ weights });
    for (const name of direct.coefNames) close(coef[name], direct.coef[name]);
  });

  it("0/1 weights equal feols on the subset", () => {
    const region = prepared.codes("region");
    const north = region.levels.indexOf("north");
    const weights = Float64Array.from(region.codes, (c) => (c === north ? 1 : 0));
    const direct = feols(formula, rows.filter((r) => r.region === "north"), { singletons: "keep" });
    const coef = prepared.coefficients({ weights });
    for (const name of direct.coefNames) close(coef[name], direct.coef[name]);
  });

  it("a replaced regressor (a placebo permutation) equals feols with that column", () => {
    const x1 = prepared.numeric("x1");
    const permuted = Float64Array.from(x1, (_, i) => x1[(i * 7 + 3) % x1.length]);
    const subset = Array.from(prepared.frame.rows, (r, k) => ({ ...rows[r], x1: permuted[k] }));
    const direct = feols(formula, subset, { vcov: { cluster: "id" } });
    const fit = prepared.fit({ regressors: { x1: permuted } });
    close(fit.coef.x1, direct.coef.x1);
    close(fit.se.x1, direct.se.x1);
  });

  it("a replaced response equals feols with that response", () => {
    const y = Float64Array.from(prepared.numeric("y"), (v, i) => v + Math.sin(i));
    const subset = Array.from(prepared.frame.rows, (r, k) => ({ ...rows[r], y: y[k] }));
    const direct = feols(formula, subset, { vcov: { cluster: "id" } });
    close(prepared.fit({ response: y }).coef.x2, direct.coef.x2);
  });

  it("rejects replacements of the wrong length and unknown regressors, naming them", () => {
    assert.throws(() => prepared.coefficients({ regressors: { x1: new Float64Array(3) } }), /"x1" has 3 values but the estimation sample has/);
    assert.throws(() => prepared.coefficients({ regressors: { x9: new Float64Array(prepared.nobs) } }), /"x9" is not a regressor/);
  });
});
