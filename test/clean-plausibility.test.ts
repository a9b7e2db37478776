/**
 * Plausibility warnings over the harmonised levels of the committed raw files: none on the simulated
 * data; one planted error at a time (a tenfold population, a drop to almost zero, a jump in a city of a
 * listed boundary change, a rate's sign slip) gives an audit entry naming the variable, the city-year and,
 * given the loaded files, the raw file and line. Percentiles are R's type 7 (quantile(c(1,2,3,4), .5) = 2.5).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as path from "path";
import { cleanRawFolder } from "../lib/study/clean/store";
import { beyondRule, plausibilityWarnings, plausibleRange, PLAUSIBILITY_RULES } from "../lib/study/clean/plausibility";
import { quantile7 as quantile } from "../lib/toolkit/quantile";
import { plausibilityContext } from "../lib/study/clean/warningSources";
import { readCityYear } from "../lib/study/clean/readCityYear";
import { CITY_YEAR_FILES } from "../lib/study/rawSchema";
import { loadRegistry } from "../lib/study/registry";
import type { CityVar, Levels } from "../lib/study/variables/levels";
import * as fs from "fs";

const raw = path.resolve(__dirname, "..", "data", "raw");
const registry = loadRegistry();
const clean = cleanRawFolder(raw, registry);

/** A copy of the bundled levels with `variable` of city `code` in `year` set by `edit`. */
function edited(variable: CityVar, code: string, year: number, edit: (x: number) => number): Levels {
  const L = clean.levels;
  const city = { ...L.city, [variable]: Float64Array.from(L.city[variable]) };
  const k = L.codes.indexOf(code) * L.nYears + (year - L.firstYear);
  city[variable][k] = edit(city[variable][k]);
  return { ...L, city };
}

test("the committed simulated data raise no plausibility warning", () => {
  assert.deepEqual(plausibilityWarnings(clean.levels), []);
});

test("a tenfold resident population in one city-year warns on the jump up and the jump back, with file and line", () => {
  const file = "population_resident.csv";
  const spec = CITY_YEAR_FILES.find((s) => s.file === file)!;
  const names = new Map(registry.map((c) => [String(c.code), c.name_zh]));
  const rows = readCityYear(fs.readFileSync(path.join(raw, file), "utf8"), file, spec, names, { first: 2000, last: 2023 });
  const context = plausibilityContext([{ name: file, spec, rows }]);
  const warnings = plausibilityWarnings(edited("pop", "440100", 2013, (x) => 10 * x), context);
  assert.deepEqual(warnings.map((w) => [w.kind, w.variable, w.code, w.year, w.file]), [
    ["yoy_jump", "pop", "440100", 2013, file],
    ["yoy_jump", "pop", "440100", 2014, file],
  ]);
  const line = rows.find((r) => r.target === "440100" && r.year === 2013)!.line;
  assert.equal(warnings[0].line, line);
  assert.match(warnings[0].detail, /threshold ×3 or ÷3/);
});

test("a resident population dropping to almost zero (0.01 万人) warns as a jump down and a low outlier", () => {
  const warnings = plausibilityWarnings(edited("pop", "420100", 2016, () => 0.01));
  assert.deepEqual(warnings.map((w) => [w.kind, w.code, w.year]), [
    ["yoy_jump", "420100", 2016],
    ["yoy_jump", "420100", 2017],
    ["outlier", "420100", 2016],
  ]);
  assert.match(warnings[0].detail, /1\/\d+(\.\d+)? of the previous year's/);
});

test("Hefei's population 30 % higher from 2011 on is flagged as the Chaohu boundary change, with its decree", () => {
  const L = clean.levels;
  const pop = Float64Array.from(L.city.pop);
  const k = L.codes.indexOf("340100") * L.nYears - L.firstYear;
  for (let y = 2011; y < L.firstYear + L.nYears; y++) pop[k + y] *= 1.3;
  const warnings = plausibilityWarnings({ ...L, city: { ...L.city, pop } });
  assert.deepEqual(warnings.map((w) => [w.kind, w.variable, w.code, w.year]), [["boundary_change", "pop", "340100", 2011]]);
  const change = ((pop[k + 2011] / pop[k + 2010] - 1) * 100).toFixed(1); // the 30 % on top of the city's own growth
  assert.ok(warnings[0].detail.includes(`+${change} % in 2011`), warnings[0].detail);
  assert.match(warnings[0].detail, /国函〔2011〕84号/);
});

test("a doubling of Tongling's land area in 2016 is a boundary change (枞阳), not a yoy_jump", () => {
  const L = clean.levels;
  const land = Float64Array.from(L.city.land_area);
  const c = L.codes.indexOf("340700");
  for (let t = 2016 - L.firstYear; t < L.nYears; t++) land[c * L.nYears + t] *= 2.5;
  const warnings = plausibilityWarnings({ ...L, city: { ...L.city, land_area: land } });
  assert.deepEqual(warnings.map((w) => [w.kind, w.variable, w.code, w.year]), [["boundary_change", "land_area", "340700", 2016]]);
  assert.match(warnings[0].detail, /枞阳县/);
});

test("a natural growth rate with its sign and scale slipped (−52 ‰ for 5.2 ‰) warns as a jump", () => {
  const warnings = plausibilityWarnings(edited("nat_growth", "110000", 2015, () => -52));
  assert.ok(warnings.some((w) => w.kind === "yoy_jump" && w.variable === "nat_growth" && w.code === "110000" && w.year === 2015));
  assert.ok(warnings.some((w) => w.kind === "outlier" && w.variable === "nat_growth" && w.year === 2015));
});

test("quantile is R's type 7 and the plausible range follows the stated rule", () => {
  assert.equal(quantile([1, 2, 3, 4], 0.5), 2.5); // R: quantile(c(1, 2, 3, 4), 0.5) = 2.5
  assert.equal(quantile([10, 20, 30, 40, 50], 0.99), 49.6); // R: quantile(c(10, 20, 30, 40, 50), 0.99) = 49.6
  const [lo, hi] = plausibleRange([10, 20, 30, 40, 50], PLAUSIBILITY_RULES.gdp);
  assert.ok(Math.abs(lo - 1.04) < 1e-12 && Math.abs(hi - 496) < 1e-12, `${lo} … ${hi}`); // P1 = 10.4, P99 = 49.6
});

test("ratios of small counts below the floor are not judged; a drop to zero of a positive level is", () => {
  assert.equal(beyondRule(PLAUSIBILITY_RULES.ai_firms, 1, 40), false);
  assert.equal(beyondRule(PLAUSIBILITY_RULES.ai_firms, 60, 1300), true);
  assert.equal(beyondRule(PLAUSIBILITY_RULES.gdp, 500, 0), true);
});
