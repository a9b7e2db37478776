/**
 * The value-level audit: for every panel variable computed + filled + missing = panel rows, on the bundled
 * raw files and on accepted bad inputs; inputs the panel needs but lacks are build-time errors naming the
 * file and the year, city or industry; a derived flag with a missing input is missing, not 0.
 * Independent checks: missing cells recounted from the panel itself, clipped cells from the winsorizing
 * counts of the build, filled cells against the rows the cleaner flags `imputed`, and the inputs table
 * (variables/inputs.ts) against build.ts by blanking one input at a time.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cleanRawFolder, CleanResult } from "../lib/study/clean/store";
import { DataFileError } from "../lib/study/clean/errors";
import { loadRegistry } from "../lib/study/registry";
import { buildPanel } from "../lib/study/variables/build";
import { PANEL_INPUTS } from "../lib/study/variables/inputs";
import { CITY_VAR_NAMES, Levels } from "../lib/study/variables/levels";
import { PANEL_VARS } from "../lib/study/variables/panelSchema";
import { tempDir } from "./helpers/tempDir";

const RAW = join(__dirname, "..", "data", "raw");
const registry = loadRegistry();
let bundled: CleanResult | undefined;
/** The clean run on the bundled raw files (made once). */
const clean = (): CleanResult => (bundled ??= cleanRawFolder(RAW, registry));

/** A copy of data/raw/ in a temporary folder, with `edits` (file → new text from old text) applied. */
function rawCopy(edits: Record<string, (text: string) => string>): string {
  const dir = tempDir("kit-value-audit-");
  for (const f of readdirSync(RAW)) {
    if (edits[f]) writeFileSync(join(dir, f), edits[f](readFileSync(join(RAW, f), "utf8")));
    else copyFileSync(join(RAW, f), join(dir, f));
  }
  return dir;
}

/** Keeps the header and the data lines for which `keep(cells)` is true. */
const filterLines = (keep: (cells: string[]) => boolean) => (text: string): string => {
  const [header, ...lines] = text.trimEnd().split("\n");
  return [header, ...lines.filter((l) => keep(l.split(",")))].join("\n") + "\n";
};

/** computed + filled + missing = rows for every variable, the missing list matches, and the counts match the panel. */
function assertReconciles(result: CleanResult): void {
  const { panel, values, meta } = result;
  assert.deepEqual(values.variables.map((v) => v.variable), [...PANEL_VARS]);
  for (const v of values.variables) {
    assert.equal(v.computed + v.filled + v.missing, v.rows, `${v.variable}: computed + filled + missing = rows`);
    assert.equal(v.rows, panel.code.length, `${v.variable}: rows = panel rows`);
    const nan = panel[v.variable].reduce((n, x) => n + (Number.isNaN(x) ? 1 : 0), 0);
    assert.equal(v.missing, nan, `${v.variable}: missing = empty cells of the panel`);
    assert.equal(values.missing.filter((m) => m.variable === v.variable).length, v.missing, `${v.variable}: every missing cell is listed`);
    assert.equal(v.clipped, meta.winsor[v.variable]?.changed ?? 0, `${v.variable}: clipped = the build's winsorizing count`);
  }
}

test("on the bundled raw files every variable reconciles: computed + filled + missing = 4879, none missing", () => {
  const result = clean();
  assertReconciles(result);
  assert.equal(result.values.missing.length, 0);
  assert.ok(result.values.variables.some((v) => v.filled > 0), "the bundled files have interpolated inputs");
});

test("filled cells recount from the interpolated cells: gov (t − 1) and shrink_index (t and t − 1)", () => {
  const { values, panel, audit } = clean();
  const rowsReading = (vars: string[], lags: number[]): number => {
    const keys = new Set(audit.imputed.filter((c) => vars.includes(c.variable)).flatMap((c) => lags.map((lag) => `${c.code}|${c.year + lag}`)));
    return panel.code.filter((code, r) => keys.has(`${code}|${panel.year[r]}`)).length;
  };
  const gov = rowsReading(["fiscal_exp", "gdp"], [1]);
  const index = rowsReading(["pop", "gdp", "emp", "road_area"], [0, 1]);
  assert.ok(gov > 0 && index > 0, "the bundled files interpolate these inputs");
  assert.equal(values.variables.find((v) => v.variable === "gov")?.filled, gov);
  assert.equal(values.variables.find((v) => v.variable === "shrink_index")?.filled, index);
});

test("the inputs table of every variable matches build.ts (blanking an input blanks exactly its variables)", () => {
  const { levels } = clean();
  const c = 5; // a city away from the merger
  const year = 2012;
  const T = levels.nYears;
  const t = year - levels.firstYear;
  const Y = 17;
  for (const variable of CITY_VAR_NAMES) {
    const copy: Levels = { ...levels, city: { ...levels.city, [variable]: Float64Array.from(levels.city[variable]) } };
    copy.city[variable][c * T + t] = NaN;
    const { panel } = buildPanel(copy, { winsor: null });
    for (const row of [year, year + 1]) {
      const r = c * Y + (row - 2007);
      const blanked = PANEL_VARS.filter((v) => Number.isNaN(panel[v][r])).sort();
      const expected = PANEL_VARS.filter((v) =>
        PANEL_INPUTS[v].some(
          (inp) =>
            (inp.kind === "city" && inp.variable === variable && inp.lags.includes(row - year)) ||
            (inp.kind === "cityHistory" && inp.variable === variable && year <= row),
        ),
      ).sort();
      assert.deepEqual(blanked, expected, `blanking ${variable} ${year} in row ${row}`);
    }
  }
});

test("a header-only population_resident.csv is an error naming the file, not six empty variables", () => {
  const dir = rawCopy({ "population_resident.csv": (t) => t.split("\n")[0] + "\n" });
  assert.throws(
    () => cleanRawFolder(dir, registry),
    (e: unknown) => e instanceof DataFileError && /population_resident\.csv/.test(e.message),
  );
});

test("one city missing from the base-year file is an error naming the file, the city and what to do", () => {
  const dir = rawCopy({ "industry_employment_2006.csv": filterLines((cells) => cells[0] !== "130100") });
  assert.throws(
    () => cleanRawFolder(dir, registry),
    (e: unknown) =>
      e instanceof DataFileError &&
      e.kind === "incomplete_input" &&
      /industry_employment_2006\.csv, column "employment": lacks 1 of the 287 cities' 2006 employment: 130100 石家庄市 \(industries ALL, AB, /.test(e.message) &&
      /Add a row per missing city/.test(e.message),
  );
});

test("a year missing from price_deflators.csv is an error naming the file and the year", () => {
  const dir = rawCopy({ "price_deflators.csv": filterLines((cells) => cells[0] !== "2015") });
  assert.throws(
    () => cleanRawFolder(dir, registry),
    (e: unknown) => e instanceof DataFileError && e.kind === "incomplete_input" && /price_deflators\.csv, column "gdp_deflator_2007_100": has no value for year 2015; the panel needs every year of 2006–2023 \(lnpgdp/.test(e.message),
  );
});

test("a year missing from exchange_rates.csv is an error naming the file and the year", () => {
  const dir = rawCopy({ "exchange_rates.csv": filterLines((cells) => cells[0] !== "2010") });
  assert.throws(
    () => cleanRawFolder(dir, registry),
    (e: unknown) => e instanceof DataFileError && /exchange_rates\.csv, column "cny_per_usd": has no value for year 2010/.test(e.message),
  );
});

test("an industry-year missing from robots_ifr.csv is an error naming country, industry and year", () => {
  const dir = rawCopy({ "robots_ifr.csv": filterLines((cells) => !(cells[0] === "CN" && cells[1] === "C" && cells[3] === "2012")) });
  assert.throws(
    () => cleanRawFolder(dir, registry),
    (e: unknown) => e instanceof DataFileError && /robots_ifr\.csv, column "operational_stock": has no stock for 1 country-industry-year the panel needs: CN C 2012\./.test(e.message),
  );
});

test("resident population from 2005 only: shrinking is missing (not 0) in every row, counted and caused", () => {
  const dir = rawCopy({ "population_resident.csv": filterLines((cells) => Number(cells[2]) >= 2005) });
  const result = cleanRawFolder(dir, registry);
  assertReconciles(result);
  const shrinking = result.values.variables.find((v) => v.variable === "shrinking");
  assert.equal(shrinking?.missing, result.panel.code.length);
  assert.ok(result.panel.shrinking.every((x) => Number.isNaN(x)), "no 0 where the 2000 population is unknown");
  const cell = result.values.missing.find((m) => m.variable === "shrinking" && m.code === "110000" && m.year === 2007);
  assert.equal(cell?.file, "population_resident.csv");
  assert.equal(cell?.column, "resident_pop_10k");
  assert.equal(cell?.sourceYear, 2000);
  assert.match(cell?.cause ?? "", /no value for 110000 in 2000–2004/);
  // the series still gives the growth rates: shrink is unaffected
  assert.equal(result.values.variables.find((v) => v.variable === "shrink")?.missing, 0);
  assert.ok(result.audit.unfilled.some((u) => u.code === "110000" && u.variable === "pop" && u.from === 2000 && u.to === 2004), "the gap is listed");
});

test("a city-year file with no value in the panel's years is an error naming file and column, not empty variables", () => {
  const dir = rawCopy({ "population_resident.csv": filterLines((cells) => Number(cells[2]) < 2005) });
  assert.throws(
    () => cleanRawFolder(dir, registry),
    (e: unknown) => e instanceof DataFileError && e.kind === "incomplete_input" && /population_resident\.csv, column "resident_pop_10k": gives no value for any city in 2006–2023/.test(e.message),
  );
});

test("strict: a population ten times too large stops the build, listing the warning with file, line and city-year", () => {
  const tenfold = (text: string): string =>
    text.replace(/^(440100,[^,]*,2013,)([0-9.]+)/m, (_, head: string, v: string) => `${head}${(Number(v) * 10).toFixed(2)}`);
  const dir = rawCopy({ "population_resident.csv": tenfold });
  const relaxed = cleanRawFolder(dir, registry);
  const warning = relaxed.audit.warnings.find((w) => w.code === "440100" && w.year === 2013 && w.variable === "pop");
  assert.ok(warning, "without strict the value is kept and the warning listed");
  assertReconciles(relaxed);
  assert.throws(
    () => cleanRawFolder(dir, registry, { strict: true }),
    (e: unknown) =>
      e instanceof DataFileError &&
      e.kind === "implausible_value" &&
      e.message.includes(`population_resident.csv line ${warning.line}, 440100 2013: ${warning.detail}`) &&
      /run without --strict/.test(e.message),
  );
});

test("every accepted bad input reconciles: a yearbook marker, a name the registry does not know, a subset of the files", () => {
  const marker = rawCopy({ "population_resident.csv": (text) => text.replace(/^(440100,[^,]*,2013,)([0-9.]+)/m, "$1—") });
  const withMarker = cleanRawFolder(marker, registry);
  assertReconciles(withMarker);
  assert.ok(withMarker.audit.imputed.some((c) => c.code === "440100" && c.year === 2013 && c.variable === "pop"), "the marked cell is missing, then interpolated (a gap of one year)");

  const unknownName = rawCopy({ "robots_city.csv": (text) => text.replace(/^110000,[^,]*,/m, "110000,某某市,") });
  const withName = cleanRawFolder(unknownName, registry);
  assertReconciles(withName);
  assert.deepEqual(withName.audit.warnings.map((w) => [w.kind, w.code]), [["name_not_registry", "110000"]]);

  const subset = tempDir("kit-value-audit-subset-");
  for (const f of ["population_resident.csv", "population_registered.csv", "economy.csv"]) copyFileSync(join(RAW, f), join(subset, f));
  assertReconciles(cleanRawFolder(subset, registry));
});
