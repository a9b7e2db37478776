/**
 * Conley on 2,000 locations × 3 years (6,000 rows) against R fixest 0.12.1's `vcov_conley(distance = "spherical")`
 * at 100, 250 and 500 km, with Driscoll–Kraay and clustered SEs of the same model for contrast:
 * test/golden/conley_2000_golden.json and conley_2000.csv, made by make_conley_golden.R (see README-parity.md).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { feols } from "../lib/index";
import { assertClose, readGolden, readGoldenCsv } from "./helpers/golden";

interface LargeCase {
  formula: string;
  options: Record<string, unknown>;
  want: { coefficients: Record<string, { estimate: number; se: number; t: number; p: number }>; nobs: number };
  vcov_type: string;
  dof_K: number;
  t_df: number;
}
const golden = readGolden<{ cases: Record<string, LargeCase> }>("conley_2000_golden.json");
const data = readGoldenCsv("conley_2000.csv");

describe("Conley on 2,000 locations matches fixest", () => {
  for (const [name, c] of Object.entries(golden.cases)) {
    it(`${name}: ${c.formula}, ${JSON.stringify(c.options)}`, () => {
      const fit = feols(c.formula, data, c.options as never);
      for (const [term, want] of Object.entries(c.want.coefficients)) {
        assertClose(fit.coef[term], want.estimate, 1e-8, `${name} ${term} estimate`);
        assertClose(fit.se[term], want.se, 1e-8, `${name} ${term} se`);
        assertClose(fit.tstat[term], want.t, 1e-8, `${name} ${term} t`);
        assertClose(fit.pvalue[term], want.p, want.p < 1e-10 ? 1e-4 : 1e-8, `${name} ${term} p`);
      }
      assert.equal(fit.nobs, c.want.nobs);
      assert.equal(fit.dofK, c.dof_K, `${name} K`);
      assert.equal(fit.dfT, c.t_df, `${name} t df`);
    });
  }
});
