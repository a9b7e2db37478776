/**
 * Wild cluster bootstrap: the fast algorithm against (a) a brute-force implementation in R (lm refits +
 * sandwich, test/golden/make_wild_golden.R) under full Rademacher enumeration, where the bootstrap is
 * deterministic, and (b) a slow reference in TypeScript that refits every draw with PreparedModel.fit.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Rng } from "../lib/random/rng";
import { feols, IdentificationError, OptionsError, PreparedModel, VarianceError } from "../lib/index";
import { wildWeights, WEBB_POINTS } from "../lib/resample/weights";
import { wildClusterBootstrap, type WildBootstrapResult } from "../lib/resample/wildBootstrap";
import { assertClose, readGolden, readGoldenCsv } from "./helpers/golden";

type Columns = Record<string, (number | string | null)[]>;
const golden = readGolden("wild_r.json");
const datasets: Record<string, Columns> = {
  "grunfeld.csv": readGoldenCsv("grunfeld.csv"),
  panel8: golden.panel8 as Columns, // the synthetic 8-cluster panel, stored with the golden values
};

/** |actual − expected| ≤ tol · max(1, |expected|). */
function assertNear(actual: number, expected: number, tol: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= tol * Math.max(1, Math.abs(expected)), `${what}: got ${actual}, expected ${expected}`);
}

interface RCase {
  data: string;
  formula: string;
  coef: string;
  null: number;
  impose: boolean;
  cluster: string;
  G: number;
  N: number;
  estimate: number;
  se: number;
  t: number;
  p: number;
  draws: number;
  tstar: number[];
}

/**
 * The slow reference: the restricted (or unrestricted) fit, then every draw refitted with
 * PreparedModel.fit({ response: ŷ + v∘û }) — the same demeaner and group codes, nothing precomputed.
 */
function slowTStars(data: Columns, formula: string, coef: string, cluster: string, beta0: number, impose: boolean, v: Float64Array, draws: number): Float64Array {
  const model = new PreparedModel(formula, data, { vcov: { cluster } });
  const rows = Array.from(model.frame.rows);
  const y = model.frame.response.values;
  let u: Float64Array;
  let centre: number;
  if (impose) {
    const sub: Columns = {};
    for (const k of Object.keys(data)) sub[k] = rows.map((r) => data[k][r]);
    sub.__y0 = rows.map((r) => (data[model.frame.response.name][r] as number) - beta0 * (data[coef][r] as number));
    const [lhs, rest] = formula.split("~");
    const [rhs, fe] = rest.split("|");
    const others = rhs.split("+").map((s) => s.trim()).filter((s) => s !== coef);
    const restricted = `__y0 ~ ${others.length > 0 ? others.join(" + ") : "1"}${fe ? ` | ${fe}` : ""}`;
    assert.ok(lhs.trim() === model.frame.response.name);
    u = feols(restricted, sub, { singletons: "keep" }).residuals;
    centre = beta0;
  } else {
    const fit = model.fit();
    u = fit.residuals;
    centre = fit.coef[coef];
  }
  const yhat = Float64Array.from(y, (value, i) => value - u[i]);
  const g = model.frame.clusters[0].codes;
  const G = model.frame.clusters[0].nLevels;
  const out = new Float64Array(draws);
  for (let b = 0; b < draws; b++) {
    const ystar = Float64Array.from(yhat, (value, i) => value + v[b * G + g[i]] * u[i]);
    const fit = model.fit({ response: ystar });
    out[b] = (fit.coef[coef] - centre) / fit.se[coef];
  }
  return out;
}

function run(c: RCase, extra: Partial<Parameters<typeof wildClusterBootstrap>[0]> = {}): WildBootstrapResult {
  return wildClusterBootstrap({
    data: datasets[c.data],
    formula: c.formula,
    coef: c.coef,
    cluster: c.cluster,
    null: c.null,
    impose: c.impose,
    draws: 2 ** c.G,
    seed: 1,
    ...extra,
  });
}

describe("wild cluster bootstrap against a brute-force R implementation (full enumeration)", () => {
  for (const [name, c] of Object.entries(golden.cases as Record<string, RCase>)) {
    it(`${name}: every bootstrap t statistic, t and the exact p-value match R (${c.formula}, ${c.impose ? "WCR" : "WCU"}, 2^${c.G} draws)`, () => {
      const wb = run(c);
      assert.equal(wb.enumerated, true);
      assert.equal(wb.draws, c.draws);
      assert.equal(wb.clusters, c.G);
      assert.equal(wb.nobs, c.N);
      assertClose(wb.estimate, c.estimate, 1e-10, "estimate");
      assertClose(wb.se, c.se, 1e-10, "CR1 se");
      assertClose(wb.t, c.t, 1e-10, "t");
      // |Δ| ≤ 1e-9·max(1, |t*|): WCU's all-(+1) draw is 0 up to rounding (≈1e-15) in both programs.
      for (let b = 0; b < c.draws; b++) assertNear(wb.tstar[b], c.tstar[b], 1e-9, `t* of draw ${b}`);
      assert.equal(wb.p, c.p, "p-value (deterministic under enumeration)");
    });
  }

  it("the p-value function p(β₀) matches R on a grid, with the same enumerated draws for every β₀", () => {
    const f = golden.pValueFunction;
    const wb = wildClusterBootstrap({ data: datasets[f.data], formula: f.formula, coef: f.coef, cluster: f.cluster, draws: 999, seed: 1 });
    f.grid.forEach((b0: number, k: number) => assert.equal(wb.pValueAt(b0), f.p[k], `p(${b0})`));
  });

  it("the confidence interval inverts the test: p > α just inside each end, p ≤ α just outside, and it agrees with R's grid", () => {
    const f = golden.pValueFunction;
    const wb = wildClusterBootstrap({ data: datasets[f.data], formula: f.formula, coef: f.coef, cluster: f.cluster, draws: 999, seed: 1, level: 0.95 });
    const [lo, hi] = wb.ci as [number, number];
    const d = 1e-6 * wb.se;
    assert.ok(wb.pValueAt(lo + d) > 0.05 && wb.pValueAt(lo - d) <= 0.05, "lower end");
    assert.ok(wb.pValueAt(hi - d) > 0.05 && wb.pValueAt(hi + d) <= 0.05, "upper end");
    // From R's grid: p(0) ≤ .05 < p(0.1) and p(0.4) > .05 ≥ p(0.6).
    assert.ok(lo > 0 && lo < 0.1, `lower end ${lo}`);
    assert.ok(hi > 0.4 && hi < 0.6, `upper end ${hi}`);
    assert.ok(lo < wb.estimate && wb.estimate < hi);
  });
});

describe("fast algorithm = refitting every draw with PreparedModel (slow reference)", () => {
  const cases: [string, string, string, string, number, boolean][] = [
    ["grunfeld.csv", "inv ~ value + capital | firm + year", "capital", "firm", 0.1, true],
    ["grunfeld.csv", "inv ~ value + capital | firm + year", "value", "firm", 0, false],
    ["panel8", "y ~ x + z | id + year", "x", "grp", 0.3, true],
    ["panel8", "y ~ x + z | year", "z", "grp", 0, true],
    ["panel8", "y ~ x + z | id", "x", "grp", 0.2, true],
    ["panel8", "y ~ x + z", "x", "grp", 0, false],
  ];
  for (const [file, formula, coef, cluster, beta0, impose] of cases) {
    it(`${formula} (${coef} = ${beta0}, ${impose ? "WCR" : "WCU"}, Webb weights): every t* agrees to 1e-10`, () => {
      const draws = 60;
      const seed = 11;
      const wb = wildClusterBootstrap({ data: datasets[file], formula, coef, cluster, null: beta0, impose, draws, seed, weights: "webb", confint: false });
      assert.equal(wb.enumerated, false);
      const v = wildWeights("webb", wb.clusters, draws, new Rng(seed)).v;
      const slow = slowTStars(datasets[file], formula, coef, cluster, beta0, impose, v, draws);
      for (let b = 0; b < draws; b++) assertNear(wb.tstar[b], slow[b], 1e-10, `draw ${b}`);
    });
  }

  it("with Rademacher weights the all-(+1) draw of WCR reproduces the sample's own t statistic", () => {
    const c = golden.cases.grunfeld_twoway_capital as RCase;
    const wb = run(c);
    assertClose(wb.tstar[0], wb.t, 1e-12, "draw 0");
    assertClose(wb.tstar[2 ** c.G - 1], -wb.t, 1e-12, "all −1");
  });
});

describe("wild cluster bootstrap: estimate, options, determinism", () => {
  const grunfeld = datasets["grunfeld.csv"];

  it("estimate and CR1 se equal feols with the same clustering", () => {
    const fit = feols("inv ~ value + capital | firm + year", grunfeld, { vcov: { cluster: "firm" } });
    const wb = wildClusterBootstrap({ data: grunfeld, formula: "inv ~ value + capital | firm + year", coef: "value", cluster: "firm", seed: 3, draws: 99 });
    assertClose(wb.estimate, fit.coef.value, 1e-12, "estimate");
    assertClose(wb.se, fit.se.value, 1e-12, "se");
  });

  it("enumerates all 2^G Rademacher draws when 2^G ≤ draws, and draws at random otherwise", () => {
    const base = { data: grunfeld, formula: "inv ~ value + capital | firm + year", coef: "value", cluster: "firm", confint: false } as const;
    assert.equal(wildClusterBootstrap({ ...base, draws: 1024, seed: 1 }).enumerated, true);
    const random = wildClusterBootstrap({ ...base, draws: 999, seed: 1 });
    assert.equal(random.enumerated, false);
    assert.equal(random.draws, 999);
    assert.match(random.description, /999 Rademacher draws, seed 1/);
    assert.match(wildClusterBootstrap({ ...base, draws: 1024, seed: 1 }).description, /all 1024 = 2\^10 Rademacher draws enumerated/);
  });

  it("the same seed gives the same draws byte for byte; another seed does not", () => {
    const base = { data: grunfeld, formula: "inv ~ value + capital | firm + year", coef: "capital", cluster: "firm", draws: 499, weights: "webb" as const, confint: false };
    const a = wildClusterBootstrap({ ...base, seed: 42 });
    const b = wildClusterBootstrap({ ...base, seed: 42 });
    const c = wildClusterBootstrap({ ...base, seed: 43 });
    assert.deepEqual(Buffer.from(a.tstar.buffer), Buffer.from(b.tstar.buffer));
    assert.equal(a.p, b.p);
    assert.notDeepEqual(Buffer.from(a.tstar.buffer), Buffer.from(c.tstar.buffer));
  });

  it("Webb weights take the six points ±√½, ±1, ±√(3/2) with mean 0 and variance 1", () => {
    const { v } = wildWeights("webb", 10, 3000, new Rng(5));
    const seen = new Set(Array.from(v));
    assert.deepEqual(Array.from(seen).sort((a, b) => a - b), WEBB_POINTS.slice().sort((a, b) => a - b));
    const pointsMean = WEBB_POINTS.reduce((s, x) => s + x, 0) / 6;
    const pointsVar = WEBB_POINTS.reduce((s, x) => s + x * x, 0) / 6;
    assertClose(pointsMean + 1, 1, 1e-15, "mean");
    assertClose(pointsVar, 1, 1e-15, "variance");
    let mean = 0;
    for (const x of v) mean += x / v.length;
    assert.ok(Math.abs(mean) < 0.03, `sample mean ${mean}`);
  });

  it("a true null rejects rarely and a false one often (random Rademacher draws, 287-cluster-like size)", () => {
    const rng = new Rng(9);
    const id: number[] = [];
    const year: number[] = [];
    const x: number[] = [];
    const y: number[] = [];
    for (let c = 0; c < 40; c++) {
      const a = rng.normal();
      for (let t = 0; t < 6; t++) {
        id.push(c);
        year.push(t);
        const xv = a + rng.normal();
        x.push(xv);
        y.push(0.5 * xv + a + 0.1 * t + rng.normal());
      }
    }
    const data = { id, year, x, y };
    const truth = wildClusterBootstrap({ data, formula: "y ~ x | id + year", coef: "x", cluster: "id", null: 0.5, draws: 399, seed: 2 });
    const zero = wildClusterBootstrap({ data, formula: "y ~ x | id + year", coef: "x", cluster: "id", null: 0, draws: 399, seed: 2 });
    assert.ok(truth.p > 0.05, `p under the true null ${truth.p}`);
    assert.ok(zero.p < 0.01, `p under a false null ${zero.p}`);
    const [lo, hi] = truth.ci as [number, number];
    assert.ok(lo < 0.5 && 0.5 < hi && hi < 1 && lo > 0, `CI [${lo}, ${hi}]`);
  });

  it("with three clusters (8 draws, p ≥ 2/8) no null is rejected and the interval is unbounded", () => {
    const d = { code: [1, 1, 1, 2, 2, 2, 3, 3, 3], x: [1, 2, 3, 2, 1, 4, 5, 3, 2], y: [2, 1, 4, 3, 3, 5, 6, 2, 1] };
    const wb = wildClusterBootstrap({ data: d, formula: "y ~ x | code", coef: "x", cluster: "code", seed: 1, draws: 999 });
    assert.equal(wb.draws, 8);
    assert.deepEqual(wb.ci, [-Infinity, Infinity]);
    assert.ok(wb.pValueAt(1e6) >= 0.25);
  });

  it("a prepared model can be passed instead of data and formula", () => {
    const model = new PreparedModel("inv ~ value + capital | firm + year", grunfeld, { vcov: { cluster: "firm" } });
    const a = wildClusterBootstrap({ model, coef: "value", seed: 1, draws: 1024 });
    const b = wildClusterBootstrap({ data: grunfeld, formula: "inv ~ value + capital | firm + year", coef: "value", cluster: "firm", seed: 1, draws: 1024 });
    assert.equal(a.p, b.p);
    assert.deepEqual(a.ci, b.ci);
  });
});

describe("wild cluster bootstrap: bad input", () => {
  const grunfeld = datasets["grunfeld.csv"];
  const base = { data: grunfeld, formula: "inv ~ value + capital | firm + year", coef: "value", cluster: "firm", seed: 1 };

  it("an unknown coefficient is named, with the regressors listed", () => {
    assert.throws(() => wildClusterBootstrap({ ...base, coef: "valu" }), (e: Error) => e instanceof OptionsError && /"valu" is not a regressor.*value, capital/.test(e.message));
  });
  it("a missing seed, cluster or bad level is refused", () => {
    assert.throws(() => wildClusterBootstrap({ ...base, seed: undefined as unknown as number }), (e: Error) => e instanceof OptionsError && /seed/.test(e.message));
    assert.throws(() => wildClusterBootstrap({ ...base, cluster: undefined }), (e: Error) => e instanceof OptionsError && /cluster/.test(e.message));
    assert.throws(() => wildClusterBootstrap({ ...base, level: 95 }), (e: Error) => e instanceof OptionsError && /level/.test(e.message));
    assert.throws(() => wildClusterBootstrap({ ...base, weights: "mammen" as never }), (e: Error) => e instanceof OptionsError && /rademacher.*webb/.test(e.message));
  });
  it("a cluster variable with one level, two-way clustering and IV formulas are refused", () => {
    const one = { ...grunfeld, one: grunfeld.firm.map(() => 1) };
    assert.throws(() => wildClusterBootstrap({ ...base, data: one, formula: "inv ~ value + capital", cluster: "one" }), (e: Error) => e instanceof VarianceError || e instanceof IdentificationError);
    const twoWay = new PreparedModel("inv ~ value + capital | firm", grunfeld, { vcov: { cluster: ["firm", "year"] } });
    assert.throws(() => wildClusterBootstrap({ model: twoWay, coef: "value", seed: 1 }), (e: Error) => e instanceof OptionsError && /two-way/.test(e.message));
    assert.throws(() => wildClusterBootstrap({ ...base, formula: "inv ~ capital | firm | value ~ year" }), OptionsError);
  });
  it("a coefficient collinear with the fixed effects is named", () => {
    const data = { ...grunfeld, size: grunfeld.firm.map((f) => (f as number) % 3) };
    assert.throws(
      () => wildClusterBootstrap({ ...base, data, formula: "inv ~ value + size | firm + year", coef: "size" }),
      (e: Error) => e instanceof OptionsError && /"size" was dropped as collinear/.test(e.message),
    );
  });
});
