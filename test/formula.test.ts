/** The formula parser: fixest syntax into terms (design §3). */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseFormula } from "../lib/index";

describe("parseFormula", () => {
  it("reads the response, regressors and fixed effects", () => {
    const f = parseFormula("shrink ~ ai + lnpgdp | code + year");
    assert.equal(f.response, "shrink");
    assert.deepEqual(f.terms.map((t) => (t.kind === "variable" ? t.name : "")), ["ai", "lnpgdp"]);
    assert.deepEqual(f.fixedEffects.map((fe) => fe.name), ["code", "year"]);
    assert.equal(f.intercept, false, "fixed effects replace the intercept");
  });
  it("gives an intercept without fixed effects, and removes it with - 1 or 0", () => {
    assert.equal(parseFormula("y ~ x").intercept, true);
    assert.equal(parseFormula("y ~ x - 1").intercept, false);
    assert.equal(parseFormula("y ~ 0 + x").intercept, false);
  });
  it("reads product terms and combined fixed effects", () => {
    const f = parseFormula("y ~ a:b:c | province^year");
    assert.deepEqual(f.terms[0], { kind: "product", factors: ["a", "b", "c"], position: 4 });
    assert.deepEqual(f.fixedEffects[0].variables, ["province", "year"]);
    assert.equal(f.fixedEffects[0].name, "province^year");
  });
  it("reads i(factor, variable) with an optional reference level", () => {
    const f = parseFormula("y ~ i(year, share_sum) + i(year, x, ref = 2010) + i(region)");
    assert.deepEqual(
      f.terms.map((t) => (t.kind === "interaction" ? [t.factor, t.variable, t.references] : [])),
      [["year", "share_sum", []], ["year", "x", ["2010"]], ["region", undefined, []]],
    );
  });
  it("reads the IV part, with or without fixed effects", () => {
    const f = parseFormula("y ~ x | id + t | e1 + e2 ~ z1 + z2 + z3");
    assert.deepEqual(f.endogenous.map((t) => (t.kind === "variable" ? t.name : "")), ["e1", "e2"]);
    assert.deepEqual(f.instruments.map((t) => (t.kind === "variable" ? t.name : "")), ["z1", "z2", "z3"]);
    const g = parseFormula("y ~ x | e ~ z");
    assert.equal(g.fixedEffects.length, 0);
    assert.equal(g.intercept, true);
    assert.equal(g.endogenous.length, 1);
  });
  it("accepts an intercept-only structural part in IV (y ~ 1 | fe | endo ~ z)", () => {
    const f = parseFormula("inv ~ 1 | firm + year | value ~ value_lag1");
    assert.equal(f.terms.length, 0);
  });
  it("quotes odd column names in backticks", () => {
    assert.deepEqual(parseFormula("y ~ `GDP growth`").terms[0], { kind: "variable", name: "GDP growth", position: 4 });
  });
  it("records where the bad token is", () => {
    assert.throws(() => parseFormula("y ~ x + + z"), (e: any) => e.position === 8);
    assert.throws(() => parseFormula("y ~ x | a ^"), (e: any) => /after "\^"/.test(e.message));
    assert.throws(() => parseFormula("y ~ x | e ~ z | id"), (e: any) => /IV part .* must come last/.test(e.message));
  });
});
