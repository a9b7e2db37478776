/**
 * The dated crosswalk as the cleaner applies it: a row of 莱芜 from 2019 or of 巢湖 from 2011 is an
 * error (the units no longer exist; their territory is in the receiving cities' rows), a name that
 * belongs to another code is an error, and a name nobody knows is kept by its code with a warning.
 * Each bad input is the committed population_resident.csv edited in one place; facts are checked
 * against the registry (data/cities.csv) and the State Council's approvals quoted in crosswalk.ts.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import { BOUNDARY_CHANGES, MERGES, OUT_OF_SAMPLE_UNITS, RENAMES, SPLITS } from "../lib/study/crosswalk";
import { DataFileError } from "../lib/study/clean/errors";
import { readCityYear } from "../lib/study/clean/readCityYear";
import { RawStore } from "../lib/study/clean/store";
import { unitNameWarnings } from "../lib/study/clean/unitNames";
import { CITY_YEAR_FILES } from "../lib/study/rawSchema";
import { loadRegistry } from "../lib/study/registry";

const FILE = "population_resident.csv";
const registry = loadRegistry();
const names = new Map(registry.map((c) => [String(c.code), c.name_zh]));
const original = fs.readFileSync(path.resolve(__dirname, "..", "data", "raw", FILE), "utf8");
const spec = CITY_YEAR_FILES.find((s) => s.file === FILE)!;

/** The committed file with one more row at its end, and that row's 1-based line. */
function withRow(row: string): { text: string; line: number } {
  return { text: original + row + "\n", line: original.split("\n").length };
}

/** The committed file with one row's text replaced; the row's line. */
function replaced(from: string, to: string): { text: string; line: number } {
  const at = original.indexOf(from);
  assert.ok(at >= 0, `the committed file has "${from}"`);
  return { text: original.replace(from, to), line: original.slice(0, at).split("\n").length };
}

/** Loads the text as population_resident.csv and returns the DataFileError it raises. */
function loadError(text: string): DataFileError {
  try {
    new RawStore(registry).loadText(FILE, text);
  } catch (e) {
    assert.ok(e instanceof DataFileError, String(e));
    return e;
  }
  assert.fail("the file was accepted");
}

test("a 莱芜 (371200) row for 2019 is an error naming file, line and the merger into Jinan", () => {
  const { text, line } = withRow("371200,莱芜市,2019,130.00,2020");
  const e = loadError(text);
  assert.equal(e.kind, "unit_after_change");
  assert.deepEqual([e.file, e.line, e.column], [FILE, line, "year"]);
  assert.match(e.message, /Laiwu merged into Jinan in January 2019/);
  assert.match(e.message, /from 2019 on are the merged city's \(370100 济南市\)/);
});

test("a 巢湖 (341400) row for 2012 is an error naming Hefei, Wuhu and Ma'anshan", () => {
  const { text, line } = withRow("341400,巢湖市,2012,170.00,2013");
  const e = loadError(text);
  assert.equal(e.kind, "unit_after_change");
  assert.deepEqual([e.file, e.line, e.column], [FILE, line, "year"]);
  assert.match(e.message, /国函〔2011〕84号/);
  for (const city of ["340100 合肥市", "340200 芜湖市", "340500 马鞍山市"]) assert.ok(e.message.includes(city), city);
});

test("巢湖's rows before 2011 are still dropped as outside the sample, not an error", () => {
  const rows = readCityYear(original, FILE, spec, names, { first: 2000, last: 2023 });
  const chaohu = rows.filter((r) => r.printedCode === "341400");
  assert.equal(chaohu.length, 11, "the committed file lists 巢湖 for 2000–2010");
  assert.ok(chaohu.every((r) => r.year < 2011 && /not in the 287-city sample: Chaohu/.test(r.dropReason ?? "")));
});

test("深圳市 printed on a 440100 row is an error: code and name disagree (the name is 440300's)", () => {
  const { text, line } = replaced("440100,广州市,2015,", "440100,深圳市,2015,");
  const e = loadError(text);
  assert.equal(e.kind, "code_name_mismatch");
  assert.deepEqual([e.file, e.line, e.column], [FILE, line, "city"]);
  assert.match(e.message, /the name 深圳市 belongs to 440300 深圳市, not to 440100 \(广州市\)/);
});

test("莱芜市 printed on Jinan's code is an error, not a Jinan row", () => {
  const { text } = replaced("370100,济南市,2015,", "370100,莱芜市,2015,");
  assert.equal(loadError(text).kind, "code_name_mismatch");
});

test("a short form of the registry name (广州 for 广州市) is a fix without a warning", () => {
  const { text, line } = replaced("440100,广州市,2015,", "440100,广州,2015,");
  const rows = readCityYear(text, FILE, spec, names, { first: 2000, last: 2023 });
  const row = rows.find((r) => r.line === line)!;
  assert.deepEqual([row.target, row.actions], ["440100", ["name 广州 → 广州市 (registry name)"]]);
  assert.deepEqual(unitNameWarnings(rows, FILE, names), []);
});

test("a name neither the registry nor the crosswalk knows is kept by its code with a name_not_registry warning", () => {
  const { text, line } = replaced("440100,广州市,2015,", "440100,Canton,2015,");
  const rows = readCityYear(text, FILE, spec, names, { first: 2000, last: 2023 });
  assert.equal(rows.find((r) => r.line === line)?.target, "440100");
  const warnings = unitNameWarnings(rows, FILE, names);
  assert.equal(warnings.length, 1);
  assert.deepEqual([warnings[0].kind, warnings[0].file, warnings[0].line, warnings[0].code, warnings[0].year], ["name_not_registry", FILE, line, "440100", 2015]);
  assert.match(warnings[0].detail, /"Canton" is not a name of 440100 广州市/);
});

test("the committed raw files raise no name warning", () => {
  const rows = readCityYear(original, FILE, spec, names, { first: 2000, last: 2023 });
  assert.deepEqual(unitNameWarnings(rows, FILE, names), []);
});

test("every city of the crosswalk's boundary changes, splits, merges and renames is a registry city under that name", () => {
  const cities: { code: string; name: string }[] = [
    ...BOUNDARY_CHANGES.flatMap((b) => b.cities),
    ...SPLITS.flatMap((s) => s.into),
    ...MERGES.map((m) => ({ code: m.intoCode, name: m.intoName })),
    ...RENAMES.map((r) => ({ code: r.newCode, name: r.newName })),
  ];
  for (const c of cities) assert.equal(names.get(c.code), c.name, `${c.code} ${c.name}`);
  for (const u of [...OUT_OF_SAMPLE_UNITS, ...SPLITS, ...MERGES]) assert.ok(!names.has(u.code), `${u.code} is not a sample city`);
});

test("a boundary change is dated inside the sample years and checked in its own year", () => {
  for (const b of BOUNDARY_CHANGES) {
    assert.ok(b.year > 2007 && b.year <= 2023, b.id);
    assert.ok(b.checkYears.includes(b.year), b.id);
  }
});
