/**
 * R and Stata habits met by the library itself: `summary(fit)`, `print(fit)`, `show(fit)` and a fit
 * as a cell's last value print the fixest-style report (not 4,879 residuals); fixest's "~province"
 * spellings of the cluster variable work; `{ cluster }` at the top level and `vcov: "cluster"` say
 * what to write. (The kernel-side habits — `{ fit }` shorthand, the `^` warning, clean errors —
 * are tested in test/r-habits.test.ts.)
 */
import assert from "node:assert/strict";
import { inspect } from "node:util";
import { describe, it } from "node:test";
import { feols, OptionsError, print, show, summary } from "../lib/index";
import { readGoldenCsv } from "./helpers/golden";

const grunfeld = readGoldenCsv("grunfeld.csv");
const fit = feols("inv ~ value + capital | firm + year", grunfeld, { vcov: { cluster: "firm" } });

describe("a fit prints as its summary", () => {
  it("inspect(fit) — what a cell's last expression and console.log show — is fit.summary()", () => {
    assert.equal(inspect(fit), fit.summary());
    assert.ok(!inspect(fit).includes("residuals"), "no residual dump");
  });

  it("summary(fit) displays as the report and equals fit.summary() as a string", () => {
    assert.equal(inspect(summary(fit)), fit.summary());
    assert.equal(String(summary(fit)), fit.summary());
  });

  it("print(fit) writes the report once to the console", () => {
    const lines: unknown[] = [];
    const original = console.log;
    console.log = (...args: unknown[]) => lines.push(...args);
    try {
      print(fit);
    } finally {
      console.log = original;
    }
    assert.deepEqual(lines, [fit.summary()]);
  });

  it("show(fit) gives the report as preformatted HTML and text (outside a kernel it returns the bundle)", () => {
    const bundle = show(fit) as Record<string, unknown>;
    assert.equal(bundle["text/plain"], fit.summary());
    assert.ok(String(bundle["text/html"]).startsWith("<pre"));
  });
});

describe("fixest spellings of the cluster variable", () => {
  it('vcov: "~firm" and { cluster: "~firm" } equal { cluster: "firm" }', () => {
    const tilde = feols("inv ~ value + capital | firm + year", grunfeld, { vcov: "~firm" });
    const inside = feols("inv ~ value + capital | firm + year", grunfeld, { vcov: { cluster: "~firm" } });
    assert.deepEqual(tilde.se, fit.se);
    assert.deepEqual(inside.se, fit.se);
  });

  it('vcov: "~firm + year" is two-way clustering, as ["firm", "year"]', () => {
    const tilde = feols("inv ~ value + capital | firm + year", grunfeld, { vcov: "~firm + year" });
    const array = feols("inv ~ value + capital | firm + year", grunfeld, { vcov: { cluster: ["firm", "year"] } });
    assert.deepEqual(tilde.se, array.se);
  });

  it('Stata\'s "robust" is the heteroskedasticity-robust HC1', () => {
    assert.deepEqual(feols("inv ~ value", grunfeld, { vcov: "robust" }).se, feols("inv ~ value", grunfeld, { vcov: "hetero" }).se);
  });
});

describe("misplaced clustering says what to write", () => {
  it("{ cluster } at the top level shows the vcov form with the user's own variable", () => {
    assert.throws(
      () => feols("inv ~ value", grunfeld, { cluster: "firm" } as never),
      (e: unknown) => e instanceof OptionsError && (e as Error).message.includes('{ vcov: { cluster: "firm" } }'),
    );
  });

  it('vcov: "cluster" lists the forms', () => {
    assert.throws(
      () => feols("inv ~ value", grunfeld, { vcov: "cluster" as never }),
      (e: unknown) => e instanceof OptionsError && /\{ cluster: "code" \}/.test((e as Error).message) && /"~code \+ year"/.test((e as Error).message),
    );
  });
});
