/**
 * Driscoll–Kraay, Newey–West, Conley, fixef() and withVcov against R fixest 0.12.1: every such case of
 * test/golden/fixest_parity.json (made by make_parity.R on grunfeld.csv and spatial_panel.csv, copied from the
 * project's shared reference folder; see test/golden/README-parity.md). Every figure to a relative 1e-8,
 * p-values below 1e-10 to 1e-4. The weighted cases need `options.weights` (part B of issue 15).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { describeIvEffect, feols } from "../lib/index";
import { assertClose, readGolden, readGoldenCsv } from "./helpers/golden";

interface Coefficient {
  estimate: number;
  se: number;
  t: number;
  p: number;
}
interface Want {
  coefficients: Record<string, Coefficient>;
  nobs: number;
  r2?: number;
  r2Within?: number;
}
interface VarianceFacts {
  vcov_type: string;
  dof_K: number;
  t_df: number;
  lag_used?: number;
}
interface ParityCase extends VarianceFacts {
  data: "grunfeld" | "spatial_panel";
  formula: string;
  options: Record<string, unknown>;
  want: Want;
  fixef?: Record<string, Record<string, number>>;
  fixef_references?: Record<string, number>;
  withVcov?: (VarianceFacts & { vcov: unknown; want: Want })[];
}

const golden = readGolden<{ cases: Record<string, ParityCase> }>("fixest_parity.json");
const data = { grunfeld: readGoldenCsv("grunfeld.csv"), spatial_panel: readGoldenCsv("spatial_panel.csv") };
type Fit = ReturnType<typeof feols<string>>;

/** Estimate, se, t (1e-8) and p (1e-8, or 1e-4 below 1e-10) of every coefficient; returns the figures compared. */
function checkCoefficients(fit: Fit, want: Want, what: string): number {
  let figures = 0;
  for (const [name, c] of Object.entries(want.coefficients)) {
    assertClose(fit.coef[name], c.estimate, 1e-8, `${what} ${name} estimate`);
    assertClose(fit.se[name], c.se, 1e-8, `${what} ${name} se`);
    assertClose(fit.tstat[name], c.t, 1e-8, `${what} ${name} t`);
    assertClose(fit.pvalue[name], c.p, c.p < 1e-10 ? 1e-4 : 1e-8, `${what} ${name} p`);
    figures += 4;
  }
  assert.equal(fit.nobs, want.nobs, `${what} nobs`);
  return figures + 1;
}

/** K, t degrees of freedom and the label's type (fixest's label starts ours, e.g. "Driscoll-Kraay (L=2)"). */
function checkVariance(fit: Fit, facts: VarianceFacts, what: string): void {
  assert.equal(fit.dofK, facts.dof_K, `${what} K`);
  assert.equal(fit.dfT, facts.t_df, `${what} t df`);
  if (/^(Driscoll|Newey|Conley)/.test(facts.vcov_type)) assert.ok(fit.vcovType.startsWith(facts.vcov_type), `${what}: label "${fit.vcovType}" should start with "${facts.vcov_type}"`);
}

const ours = Object.entries(golden.cases).filter(([name, c]) => /_(dk|nw|conley)|fixef|withvcov/.test(name) || c.withVcov !== undefined);

describe("fixest 0.12.1 parity: Driscoll–Kraay, Newey–West, Conley, fixef(), withVcov", () => {
  it("covers the 19 cases of fixest_parity.json that are not weights-only or i()", () => {
    assert.equal(ours.length, 19, ours.map(([n]) => n).join(", "));
  });
  for (const [name, c] of ours) {
    it(`${name}: ${c.formula}, ${JSON.stringify(c.options)}`, () => {
      const fit = feols(c.formula, data[c.data], c.options as never);
      checkCoefficients(fit, c.want, name);
      checkVariance(fit, c, name);
      if (c.want.r2 !== undefined) assertClose(fit.r2, c.want.r2, 1e-8, `${name} r2`);
      if (c.want.r2Within !== undefined) assertClose(fit.r2Within, c.want.r2Within, 1e-8, `${name} r2Within`);
      if (c.fixef) {
        const got = fit.fixef();
        for (const [fe, levels] of Object.entries(c.fixef)) {
          assert.deepEqual(Object.keys(got[fe]), Object.keys(levels), `${name} fixef ${fe}: levels in fixest's order`);
          for (const [level, value] of Object.entries(levels)) assertClose(got[fe][level], value, 1e-8, `${name} fixef ${fe}[${level}]`);
          const zeros = Object.values(got[fe]).filter((v) => v === 0).length;
          assert.equal(zeros, c.fixef_references?.[fe], `${name} fixef ${fe}: references`);
        }
      }
      for (const [k, other] of (c.withVcov ?? []).entries()) {
        const swapped = fit.withVcov(other.vcov as never);
        checkCoefficients(swapped, other.want, `${name} withVcov[${k}]`);
        checkVariance(swapped, other, `${name} withVcov[${k}]`);
        assert.deepEqual(swapped.coef, fit.coef, "withVcov keeps the coefficients");
      }
    });
  }
});

describe("withVcov on a 2SLS fit", () => {
  const grunfeld = readGoldenCsv("grunfeld_with_lag.csv");
  const formula = "inv ~ capital | firm + year | value ~ value_lag1";
  const clustered = feols(formula, grunfeld, { vcov: { cluster: "firm" } });

  it("gives the fit under the new variance as if estimated with it: same coefficients, SEs, first stage and diagnostics", () => {
    for (const vcov of [{ driscollKraay: { time: "year", lag: 2 } }, "hetero", { neweyWest: { unit: "firm", time: "year" } }] as const) {
      const swapped = clustered.withVcov(vcov);
      const direct = feols(formula, grunfeld, { vcov });
      assert.deepEqual(swapped.coef, clustered.coef, "the coefficients stay");
      assert.deepEqual(swapped.se, direct.se);
      assert.equal(swapped.vcovType, direct.vcovType);
      assert.equal(swapped.dfT, direct.dfT);
      assert.equal(swapped.method, "2SLS");
      const [a, b] = [swapped, direct].map((f) => (f as unknown as { firstStage: Record<string, { waldF: unknown }> }).firstStage.value.waldF);
      assert.deepEqual(a, b, "the first-stage Wald F follows the new variance");
    }
  });

  it("refuses a variance whose columns are missing on the fit's rows, saying to refit", () => {
    const withGap = { ...grunfeld, t: Float64Array.from(grunfeld.year as ArrayLike<number>, (y, i) => (i === 5 ? NaN : y)) };
    const fit = feols(formula, withGap, { vcov: "hetero" });
    assert.throws(() => fit.withVcov({ driscollKraay: { time: "t" } }), /missing values on 1 rows of the fit's estimation sample.*refit/);
  });
});

describe("IV diagnostics under a panel or spatial variance", () => {
  it("say that the score-based statistics use heteroskedasticity-robust scores, in the summary and the sentence", () => {
    const grunfeld = readGoldenCsv("grunfeld_with_lag.csv");
    const formula = "inv ~ capital | firm + year | value ~ value_lag1";
    const dk = feols(formula, grunfeld, { vcov: { driscollKraay: { time: "year" } } }) as unknown as { ivDiagnostics: { scoreVarianceNote?: string; kpWaldF: number }; diagnosticsText(): string };
    const hetero = feols(formula, grunfeld, { vcov: "hetero" }) as unknown as { ivDiagnostics: { scoreVarianceNote?: string; kpWaldF: number } };
    assert.match(dk.ivDiagnostics.scoreVarianceNote ?? "", /heteroskedasticity-robust \(HC0\) scores: the kit has no Driscoll–Kraay form/);
    assert.equal(hetero.ivDiagnostics.scoreVarianceNote, undefined, "under hetero they follow the model");
    assert.match(dk.diagnosticsText(), /Kleibergen–Paap rk Wald F \(weak identification\).*HC0\*/);
    assert.match(describeIvEffect(dk as never), /^.*With heteroskedasticity-robust scores \(the model's variance has no form for it\), the Montiel Olea–Pflueger effective F is/s);
  });
});
