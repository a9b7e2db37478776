/**
 * Bad input gets a clear error of one of the kit's own types, naming the culprit —
 * never a TypeError from inside the library and never a NaN result.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DataError, feols, FormulaError, IdentificationError, KitError, OptionsError, VarianceError } from "../lib/index";

const data = {
  y: [1, 2, 3, 4, 5, 6, 7, 8],
  x: [2, 1, 4, 3, 6, 5, 8, 9],
  id: ["a", "a", "b", "b", "c", "c", "d", "d"],
  t: [1, 2, 1, 2, 1, 2, 1, 2],
  one: [1, 1, 1, 1, 1, 1, 1, 1],
};

/** Runs f, asserting it throws an error of `type` whose message matches every pattern. */
function throwsWith(f: () => unknown, type: new (...args: any[]) => Error, ...patterns: RegExp[]): void {
  assert.throws(f, (error: unknown) => {
    assert.ok(error instanceof type, `expected ${type.name}, got ${(error as Error)?.constructor?.name}: ${(error as Error)?.message}`);
    assert.ok(error instanceof KitError, "every error is a KitError");
    for (const p of patterns) assert.match((error as Error).message, p);
    return true;
  });
}

describe("formula errors point at the token", () => {
  it("an unknown regressor is named, with the caret under it", () => {
    throwsWith(() => feols("y ~ x + nope", data), FormulaError, /regressor "nope" is not a column/, /\n {2}y ~ x \+ nope\n {10}\^/);
  });
  it("an unknown fixed effect is named", () => {
    throwsWith(() => feols("y ~ x | city", data), FormulaError, /fixed effect "city" is not a column/);
  });
  it("an unknown dependent variable is named", () => {
    throwsWith(() => feols("Y ~ x", data), FormulaError, /dependent variable "Y"/, /Did you mean "y"/);
  });
  it("a formula that is not a string", () => {
    throwsWith(() => feols(42 as unknown as string, data), FormulaError, /must be a string/);
  });
  it("a formula without ~", () => {
    throwsWith(() => feols("y x", data), FormulaError, /needs a "~"/);
  });
  it("a dangling +", () => {
    throwsWith(() => feols("y ~ x +", data), FormulaError, /ends with "\+"/);
  });
  it("two names without an operator", () => {
    throwsWith(() => feols("y ~ x id", data), FormulaError, /Expected "\+" between regressors, found "id"/);
  });
  it("an unexpected character", () => {
    throwsWith(() => feols("y ~ x % id", data), FormulaError, /Unexpected character "%"/);
    throwsWith(() => feols("y ~ x * id", data), FormulaError, /write a product term as x1:x2, or the arithmetic inside I\(\)/);
  });
  it("an empty fixed-effect part", () => {
    throwsWith(() => feols("y ~ x |", data), FormulaError, /fixed-effects part after "\|" is empty/);
  });
  it("nothing right of ~", () => {
    throwsWith(() => feols("y ~ ", data), FormulaError, /Nothing right of "~"/);
  });
});

describe("data errors name the column and row", () => {
  it("columns of unequal length", () => {
    throwsWith(() => feols("y ~ x", { y: [1, 2, 3], x: [1, 2] }), DataError, /unequal lengths/, /"y" has 3 rows but "x" has 2/);
  });
  it("a number written as text with a thousands separator", () => {
    throwsWith(() => feols("y ~ x", { y: [1, 2, 3, 4], x: [1, 2, "1,234", 4] }), DataError, /Column "x"/, /text "1,234" in row 3/, /thousands separators/);
  });
  it("a numeric column held as text is an error, not silently parsed", () => {
    throwsWith(() => feols("y ~ x", { y: [1, 2, 3, 4], x: ["1", "2", "3", "4"] }), DataError, /text "1" in row 1/);
  });
  it("an infinite value", () => {
    throwsWith(() => feols("y ~ x", { y: [1, 2, Infinity, 4], x: [1, 2, 3, 4] }), DataError, /Column "y".*infinite value in row 3/);
  });
  it("data that is not a table", () => {
    throwsWith(() => feols("y ~ x", "y,x\n1,2" as never), DataError, /arquero table, an object of equal-length columns or an array of row objects/);
  });
  it("an unknown cluster variable is named", () => {
    throwsWith(() => feols("y ~ x", data, { vcov: { cluster: "province" } }), DataError, /cluster variable "province" is not a column/);
  });
});

describe("models the data cannot identify", () => {
  it("zero rows after dropping missing values", () => {
    throwsWith(() => feols("y ~ x", { y: [null, 2, NaN], x: [1, "", 3] }), IdentificationError, /No rows left: all 3 rows have a missing value/);
  });
  it("more parameters than observations", () => {
    const small = { y: [1, 2, 3, 4, 5, 7], x: [1, 3, 2, 5, 4, 4], t: [0, 1, 1, 3, 2, 0], w: [5, 1, 2, 2, 0, 3], id: [1, 1, 2, 2, 3, 3] };
    throwsWith(() => feols("y ~ x + t + w | id", small), IdentificationError, /has 6 parameters .* only 6 observations/);
    throwsWith(() => feols("y ~ x + t", { y: [1, 2], x: [1, 3], t: [4, 1] }), IdentificationError, /only 2 observations/);
  });
  it("every regressor collinear with the fixed effects", () => {
    throwsWith(() => feols("y ~ one | id", data), IdentificationError, /collinear with the fixed effects \(one\)/);
  });
});

describe("option errors", () => {
  it("an unknown vcov type is named", () => {
    throwsWith(() => feols("y ~ x", data, { vcov: "sandwich" as never }), OptionsError, /Unknown vcov type "sandwich"/);
  });
  it("three-way clustering is refused", () => {
    throwsWith(() => feols("y ~ x", data, { vcov: { cluster: ["id", "t", "x"] } }), OptionsError, /3 dimensions/);
  });
  it("a cluster variable with one level", () => {
    throwsWith(() => feols("y ~ x", { ...data, g: data.one }, { vcov: { cluster: "g" } }), VarianceError, /"g" has 1 level/, /at least two/);
  });
  it("an unknown option", () => {
    throwsWith(() => feols("y ~ x", data, { clustr: "id" } as never), OptionsError, /unknown option "clustr"/);
  });
  it("a bad singletons value", () => {
    throwsWith(() => feols("y ~ x | id", data, { singletons: "remove" as never }), OptionsError, /"drop" or "keep"/);
  });
});
