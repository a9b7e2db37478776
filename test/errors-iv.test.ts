/** Bad IV specifications get clear errors naming the culprit. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { feols, FormulaError, IdentificationError } from "../lib/index";
import { readGoldenCsv } from "./helpers/golden";

const grunfeld = readGoldenCsv("grunfeld_with_lag.csv") as Record<string, (number | null)[]>;
const firmConstant = grunfeld.firm.map((f) => (f as number) * 3 + 1); // constant within firm
const capitalTwice = grunfeld.capital.map((c) => 2 * (c as number));

function throwsWith(f: () => unknown, type: new (...args: any[]) => Error, ...patterns: RegExp[]): void {
  assert.throws(f, (error: unknown) => {
    assert.ok(error instanceof type, `expected ${type.name}, got ${(error as Error).constructor.name}: ${(error as Error).message}`);
    for (const p of patterns) assert.match((error as Error).message, p);
    return true;
  });
}

describe("IV input errors", () => {
  it("an instrument collinear with the fixed effects is named", () => {
    throwsWith(
      () => feols("inv ~ capital | firm + year | value ~ z", { ...grunfeld, z: firmConstant }),
      IdentificationError,
      /instrument "z" is collinear with the fixed effects, the exogenous regressors/,
    );
  });
  it("an instrument collinear with an exogenous regressor is named", () => {
    throwsWith(
      () => feols("inv ~ capital | firm + year | value ~ value_lag1 + z", { ...grunfeld, z: capitalTwice }),
      IdentificationError,
      /instrument "z"/,
    );
  });
  it("an instrument that does not move the endogenous regressor beyond the exogenous ones names the endogenous regressor", () => {
    // z is orthogonal to the intercept, w and x, so X̂ = P_Z x lies in the span of [1, w].
    const n = 40;
    const w = Array.from({ length: n }, (_, i) => Math.sin(i + 1));
    const x = w.map((wi, i) => Math.cos(3 * i) + 0.5 * wi);
    const y = x.map((xi, i) => 2 * xi + w[i] + Math.sin(11 * i));
    const basis: number[][] = [];
    for (const start of [w.map(() => 1), w, x, w.map((_, i) => Math.sin(7 * i * i))]) {
      let v = start.slice();
      for (let pass = 0; pass < 2; pass++) {
        for (const q of basis) {
          const c = q.reduce((s, qi, i) => s + qi * v[i], 0);
          v = v.map((vi, i) => vi - c * q[i]);
        }
      }
      const norm = Math.hypot(...v);
      basis.push(v.map((vi) => vi / norm));
    }
    throwsWith(() => feols("y ~ w | x ~ z", { y, w, x, z: basis[3] }), IdentificationError, /the instrumented "x" is collinear with the other regressors once projected/);
  });
  it("an endogenous variable also listed as exogenous", () => {
    throwsWith(() => feols("inv ~ value + capital | firm | value ~ value_lag1", grunfeld), FormulaError, /"value" is listed both as an exogenous regressor and as endogenous/);
  });
  it("an instrument that is also a regressor", () => {
    throwsWith(() => feols("inv ~ capital | firm | value ~ capital", grunfeld), FormulaError, /"capital" cannot be both an instrument and a regressor/);
  });
  it("fewer instruments than endogenous regressors, with the counts", () => {
    throwsWith(
      () => feols("inv ~ 1 | firm + year | value + capital ~ value_lag1", grunfeld),
      IdentificationError,
      /under-identified: 2 endogenous regressors \(value, capital\) but only 1 excluded instrument \(value_lag1\)/,
    );
  });
  it("an unknown instrument points at its token", () => {
    throwsWith(() => feols("inv ~ capital | firm | value ~ lagged", grunfeld), FormulaError, /instrument "lagged" is not a column/);
  });
});

describe("IV results are complete", () => {
  it("summary() prints the second stage, then the diagnostics block with Stock–Yogo values", () => {
    const iv = feols("inv ~ capital | firm + year | value ~ value_lag1", grunfeld, { vcov: { cluster: "firm" } });
    const text = iv.summary();
    assert.match(text, /^2SLS estimation, Dep. Var.: inv/);
    assert.ok(text.indexOf("value ") < text.indexOf("IV diagnostics"), "second stage first");
    for (const label of ["Kleibergen–Paap rk LM", "Kleibergen–Paap rk Wald F", "Cragg–Donald Wald F (fixest)", "Wu–Hausman", "exactly identified", "Stock–Yogo critical values, 2SLS maximal size: 10% 16.38", "Anderson–Rubin 95% confidence set"]) {
      assert.ok(text.includes(label), `summary lacks "${label}"`);
    }
  });
  it("the reduced form regresses y on the instruments with the same fixed effects and variance", () => {
    const iv = feols("inv ~ capital | firm + year | value ~ value_lag1", grunfeld, { vcov: { cluster: "firm" } });
    const direct = feols("inv ~ value_lag1 + capital | firm + year", grunfeld, { vcov: { cluster: "firm" } });
    const rf = iv.reducedForm();
    assert.deepEqual(rf.coefNames, direct.coefNames);
    assert.ok(Math.abs(rf.coef.value_lag1 - direct.coef.value_lag1) < 1e-12 * Math.abs(direct.coef.value_lag1));
    assert.ok(Math.abs(rf.se.value_lag1 - direct.se.value_lag1) < 1e-10 * direct.se.value_lag1);
  });
  it("in a just-identified model 2SLS equals the indirect least-squares ratio reduced form / first stage", () => {
    const iv = feols("inv ~ capital | firm + year | value ~ value_lag1", grunfeld);
    const ratio = iv.reducedForm().coef.value_lag1 / iv.firstStage.value.fit.coef.value_lag1;
    assert.ok(Math.abs(iv.coef.value - ratio) < 1e-10 * Math.abs(ratio));
  });
  it("the Anderson–Rubin statistic is zero at the just-identified 2SLS estimate", () => {
    const iv = feols("inv ~ capital | firm + year | value ~ value_lag1", grunfeld, { vcov: "hetero" });
    assert.ok(iv.andersonRubin(iv.coef.value).stat < 1e-16);
  });
});

describe("Anderson–Rubin set with several instruments (numerical inversion)", () => {
  const lag2 = (() => {
    const index = new Map<string, number | null>();
    grunfeld.firm.forEach((f, i) => index.set(`${f}:${grunfeld.year[i]}`, grunfeld.value[i]));
    return grunfeld.firm.map((f, i) => index.get(`${f}:${(grunfeld.year[i] as number) - 2}`) ?? null);
  })();
  const data = { ...grunfeld, value_lag2: lag2 };
  for (const vcov of ["iid", "hetero"] as const) {
    it(`${vcov}: the AR statistic equals the critical value at every finite endpoint and is below it inside`, () => {
      const iv = feols("inv ~ capital | firm + year | value ~ value_lag1 + value_lag2", data, { vcov });
      const set = iv.andersonRubinSet(0.95);
      assert.ok(set.intervals.length > 0, "non-empty set");
      for (const [lo, hi] of set.intervals) {
        for (const edge of [lo, hi].filter(Number.isFinite)) {
          const stat = iv.andersonRubin(edge).stat;
          assert.ok(Math.abs(stat - set.critical) < 1e-8 * set.critical, `AR(${edge}) = ${stat}, critical ${set.critical}`);
        }
        const inside = Number.isFinite(lo) && Number.isFinite(hi) ? (lo + hi) / 2 : Number.isFinite(lo) ? lo + 1 : hi - 1;
        assert.ok(iv.andersonRubin(inside).stat <= set.critical);
      }
    });
  }
});
