/** PreparedModel: refits that reuse the sample and fixed-effect codes give what a fresh fit gives. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { feols, isIvResult, PreparedModel } from "../lib/index";
import { Demeaner } from "../lib/absorb/demean";
import { positiveRows, ReweightedColumns } from "../lib/absorb/reweightedColumns";
import { balancedCrossSums } from "../lib/solve/balancedCrossSums";
import { crossProducts } from "../lib/solve/crossProducts";
import { solveNormalEquations, weightedCentredSumOfSquares, weightedNormalEquations } from "../lib/solve/weightedNormalEquations";
import { loadStudyPanel } from "../lib/study/studyPanel";
import { assertClose, readGoldenCsv } from "./helpers/golden";

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

describe("PreparedModel.refit with replaced columns (the Monte Carlo path)", () => {
  const data = readGoldenCsv("grunfeld_with_lag.csv") as Record<string, (number | null)[]>;
  const formula = "inv ~ capital | firm + year | value ~ value_lag1";
  const prepared = new PreparedModel(formula, data, { vcov: { cluster: "firm" } });
  const onSample = (name: string, f: (v: number, k: number) => number) => Float64Array.from(prepared.numeric(name), f);

  it("a 2SLS refit with new outcome, endogenous regressor and instrument equals a fresh feols, SEs and first stage included", () => {
    const inv = onSample("inv", (v, k) => v + 10 * Math.cos(k));
    const value = onSample("value", (v, k) => v * (1 + 0.01 * Math.sin(k)));
    const lag = onSample("value_lag1", (v, k) => v + 5 * Math.sin(3 * k));
    const rows = Array.from(prepared.frame.rows, (r, k) => ({ firm: data.firm[r], year: data.year[r], capital: data.capital[r], inv: inv[k], value: value[k], value_lag1: lag[k] }));
    const fresh = feols(formula, rows, { vcov: { cluster: "firm" } });
    const refit = prepared.refit({ inv: inv, value: value, value_lag1: lag });
    assert.ok(isIvResult(fresh) && isIvResult(refit));
    for (const name of fresh.coefNames) {
      close(refit.coef[name], fresh.coef[name]);
      close(refit.se[name], fresh.se[name]);
    }
    close(refit.firstStage.value.partialF.stat, fresh.firstStage.value.partialF.stat);
    close(refit.ivDiagnostics.kpWaldF, fresh.ivDiagnostics.kpWaldF);
  });
  it("switches to iid SEs on request, and refuses a cluster variable that was not prepared", () => {
    close(prepared.refit({}, { vcov: "iid" }).se.value, feols(formula, data).se.value);
    assert.throws(() => prepared.refit({}, { vcov: { cluster: "year" } }), /prepare the model with vcov \{ cluster: \["year"\] \}/);
    assert.throws(() => prepared.refit({ nope: new Float64Array(prepared.nobs) }), /"nope" is not a column/);
  });
});

describe("PreparedModel on a balanced panel with unit-level bootstrap weights (closed-form demeaning)", () => {
  it("equals feols on the physically resampled firms", () => {
    const g = readGoldenCsv("grunfeld.csv") as Record<string, number[]>;
    const prepared = new PreparedModel("inv ~ value + capital | firm + year", g, { vcov: { cluster: "firm" } });
    const times = new Map<number, number>([[1, 0], [2, 3], [5, 2], [8, 0]]);
    const weights = Float64Array.from(prepared.numeric("firm"), (f) => times.get(f) ?? 1);
    const rows = g.firm.map((_, i) => Object.fromEntries(Object.keys(g).map((k) => [k, g[k][i]])));
    const resampled = rows.flatMap((r) => Array.from({ length: times.get(r.firm) ?? 1 }, () => r));
    const direct = feols("inv ~ value + capital | firm + year", resampled, { singletons: "keep" });
    const coef = prepared.coefficients({ weights });
    close(coef.value, direct.coef.value);
    close(coef.capital, direct.coef.capital);
  });
});

describe("crossProducts (the normal equations of the resampling refits)", () => {
  it("four sums per pass over the rows: bit for bit one pass per sum (b ≤ a, mirrored), weighted ones as Σ w·x·z", () => {
    const column = (seed: number) => Float64Array.from({ length: 101 }, (_, i) => Math.sin(seed * 7.1 + i * 1.3) * 10 ** ((i % 5) - 2));
    const w = Float64Array.from({ length: 101 }, (_, i) => (i * 7) % 4);
    const y = column(0);
    for (const p of [1, 2, 3, 5, 8]) {
      const X = Array.from({ length: p }, (_, k) => column(k + 1));
      const weightedX = X.map((x) => x.map((v, i) => w[i] * v));
      const { xtx, xty } = crossProducts(weightedX, X, y);
      for (let a = 0; a < p; a++) {
        for (let b = 0; b <= a; b++) {
          let s = 0;
          for (let i = 0; i < 101; i++) s += w[i] * X[a][i] * X[b][i];
          assert.ok(Object.is(xtx[a][b], s) && Object.is(xtx[b][a], s), `p = ${p}, (${a}, ${b})`);
        }
        let s = 0;
        for (let i = 0; i < 101; i++) s += w[i] * X[a][i] * y[i];
        assert.ok(Object.is(xty[a], s), `p = ${p}, X'y ${a}`);
      }
    }
  });
});

describe("weighted sums from unit summaries (balanced cross, weights constant within units: solve/balancedCrossSums.ts)", () => {
  const study = loadStudyPanel() as unknown as Record<string, (number | string | null)[]>;
  const studyFormula = "pop_return ~ ai + lnpgdp + gov + fin + open + hc + infra + density | code + year";
  const prepared = new PreparedModel(studyFormula, study, { vcov: { cluster: "code" } });
  const columns = new ReweightedColumns([prepared.frame.response, ...prepared.frame.exogenous].map((c) => c.values));
  const cities = prepared.codes("code");
  const nCities = cities.levels.length;
  let seed = 7;
  const next = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const bootstrapWeights = () => {
    const counts = new Float64Array(nCities);
    for (let g = 0; g < nCities; g++) counts[Math.floor(next() * nCities)]++;
    return Float64Array.from(cities.codes, (c) => counts[c]);
  };
  const groupWeights = () => {
    const label = Array.from({ length: nCities }, () => (next() < 0.4 ? 1 : 0));
    return Float64Array.from(cities.codes, (c) => label[c]);
  };

  it("X'WX, X'Wy, the yardsticks, the demeaned rows and the coefficients agree with the row-by-row path to 1e-10 on the study panel", () => {
    const demeaner = new Demeaner(prepared.frame.fixedEffects);
    for (const weights of [bootstrapWeights(), bootstrapWeights(), groupWeights(), groupWeights()]) {
      demeaner.setWeights(weights);
      const cross = demeaner.weightedBalancedCross();
      assert.ok(cross, "the closed form applies");
      const rows = positiveRows(weights);
      const sums = balancedCrossSums(columns, cross, weights, rows);
      // the row-by-row path: demeaned rows, then Σ (w·z)·z′
      const Z = columns.values.map(() => new Float64Array(rows.length));
      demeaner.demeanRows(columns, rows, Z);
      const w = Float64Array.from(rows, (i) => weights[i]);
      const { xtx: gram } = crossProducts(Z.map((z) => z.map((v, j) => w[j] * v)), Z, Z[0]);
      for (let a = 0; a < Z.length; a++) {
        for (let b = 0; b <= a; b++) {
          const error = Math.abs(sums.gram[a][b] - gram[a][b]) / Math.sqrt(gram[a][a] * gram[b][b]);
          assert.ok(error <= 1e-10, `Z'WZ (${a}, ${b}): ${sums.gram[a][b]} vs ${gram[a][b]}`);
        }
        assertClose(sums.centredSumsOfSquares[a], weightedCentredSumOfSquares(columns.values[a], weights, true, rows), 1e-10, `yardstick ${a}`);
      }
      // z̃ = d − m_t, as the permutation test's influences take it
      const centred = columns.centredWithin(cross.unit);
      Z.forEach((z, k) => {
        const scale = Math.sqrt(gram[k][k] / rows.length);
        z.forEach((v, j) => assert.ok(Math.abs(centred[k][rows[j]] - sums.periodMeans[k][cross.period.codes[rows[j]]] - v) <= 1e-10 * scale, `row ${j} of column ${k}`));
      });
      const unit = solveNormalEquations(sums.gram.slice(1).map((r) => r.subarray(1)), sums.gram[0].subarray(1), sums.centredSumsOfSquares.subarray(1));
      const byRow = weightedNormalEquations(Z.slice(1), Z[0], w, sums.centredSumsOfSquares.subarray(1));
      assert.deepEqual(unit.kept, byRow.kept);
      unit.coef.forEach((c, k) => assertClose(c, byRow.coef[k], 1e-10, `coefficient ${k}`));
      demeaner.setWeights(null);
    }
  });

  it("PreparedModel.coefficients with a cluster-bootstrap draw equals feols with those weights on the study panel", () => {
    const weights = bootstrapWeights();
    const coef = prepared.coefficients({ weights });
    const data = { ...study, w: Array.from(weights) };
    const direct = feols(studyFormula, data, { weights: "w", singletons: "keep" });
    for (const name of prepared.regressorNames) assertClose(coef[name], direct.coef[name], 1e-10, name);
  });

  it("falls back to the row-by-row sums elsewhere: an unbalanced panel, weights that vary within units", () => {
    const unbalanced = new PreparedModel(formula, panel, { vcov: { cluster: "id" } });
    const d = new Demeaner(unbalanced.frame.fixedEffects);
    const ids = unbalanced.codes("id").codes;
    d.setWeights(Float64Array.from(ids, (c) => 1 + (c % 3)));
    assert.equal(d.weightedBalancedCross(), undefined);
    const balanced = new Demeaner(prepared.frame.fixedEffects);
    balanced.setWeights(Float64Array.from(cities.codes, () => Math.floor(next() * 3)));
    assert.equal(balanced.weightedBalancedCross(), undefined);
    // the unbalanced refit still equals feols with the same weights on the estimation sample
    const weights = Float64Array.from(ids, (c) => (c % 4 === 0 ? 0 : 1 + (c % 3)));
    const coef = unbalanced.coefficients({ weights });
    const sample = Object.fromEntries(Object.entries(panel).map(([k, v]) => [k, Array.from(unbalanced.frame.rows, (r) => v[r])]));
    const direct = feols(formula, { ...sample, w: Array.from(weights) }, { weights: "w", singletons: "keep" });
    for (const name of unbalanced.regressorNames) assertClose(coef[name], direct.coef[name], 1e-9, name);
  });
});
