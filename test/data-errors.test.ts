/**
 * Bring your own data: the loader rejects a bad file with a DataError that names the file, the line and
 * the column, and keeps everything loaded before it. Each case edits one committed raw file in one place.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import { DataError } from "../lib/errors";
import { DataFileError } from "../lib/study/clean/errors";
import { RawStore } from "../lib/study/clean/store";
import { loadRegistry } from "../lib/study/registry";

const raw = path.resolve(__dirname, "..", "data", "raw");
const registry = loadRegistry();
const text = (f: string): string => fs.readFileSync(path.join(raw, f), "utf8");
const lines = (f: string): string[] => text(f).split("\n");

function expectError(name: string, body: string, kind: string, line: number | null, column: string | null): DataFileError {
  const store = new RawStore(registry);
  let caught: unknown;
  try {
    store.loadText(name, body, `my/${name}`);
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof DataFileError, `expected a DataFileError, got ${String(caught)}`);
  assert.ok(caught instanceof DataError);
  const e = caught as DataFileError;
  assert.equal(e.kind, kind);
  assert.equal(e.file, `my/${name}`);
  assert.equal(e.line, line);
  assert.equal(e.column, column);
  assert.ok(e.message.startsWith(`my/${name}`), e.message);
  if (line !== null) assert.ok(e.message.includes(`line ${line}`), e.message);
  if (column !== null) assert.ok(e.message.includes(`column "${column}"`), e.message);
  assert.deepEqual(store.loaded(), [], "a failed file is not added");
  return e;
}

test("a missing column is reported on the header line with the column's name", () => {
  const rows = lines("public_finance.csv").map((l) => l.split(",").slice(0, 3).concat(l.split(",").slice(4)).join(","));
  const e = expectError("public_finance.csv", rows.join("\n"), "missing_column", 1, "fiscal_expenditure_100m_yuan");
  assert.match(e.message, /has no column "fiscal_expenditure_100m_yuan"/);
});

test("text that is not a number is a wrong-type error at its line and column", () => {
  const rows = lines("public_finance.csv");
  rows[9] = rows[9].replace(/,([0-9.]+),(\d{4})$/, ",n.a.,$2");
  expectError("public_finance.csv", rows.join("\n"), "wrong_type", 10, "fiscal_expenditure_100m_yuan");
});

test("a code that is not 6 digits is a wrong-type error", () => {
  const rows = lines("robots_city.csv");
  rows[4] = rows[4].replace(/^\d{6}/, "11000");
  expectError("robots_city.csv", rows.join("\n"), "wrong_type", 5, "code");
});

test("an unknown city code is reported with its line", () => {
  const rows = lines("robots_city.csv");
  rows[30] = rows[30].replace(/^\d{6}/, "999900");
  const e = expectError("robots_city.csv", rows.join("\n"), "unknown_city", 31, "code");
  assert.match(e.message, /999900/);
});

test("two different rows for one city-year from the same edition are a duplicate error naming both lines", () => {
  const rows = lines("public_finance.csv");
  const copy = rows[20].replace(/,([0-9.]+),(\d{4})$/, (_m, v, ed) => `,${(Number(v) + 1).toFixed(2)},${ed}`);
  rows.splice(21, 0, copy);
  const e = expectError("public_finance.csv", rows.join("\n"), "duplicate_city_year", 22, "code");
  assert.match(e.message, /lines 21 and 22/);
});

test("a negative population is an impossible value", () => {
  const rows = lines("population_resident.csv");
  rows[7] = rows[7].replace(/,([0-9.]+),(\d{4})$/, ",-$1,$2");
  expectError("population_resident.csv", rows.join("\n"), "impossible_value", 8, "resident_pop_10k");
});

test("a failed file leaves the files loaded before it untouched, and nothing is overwritten", () => {
  const store = new RawStore(registry);
  store.load(path.join(raw, "population_resident.csv"));
  const before = store.table("population_resident.csv").objects();
  const bad = lines("population_registered.csv");
  bad[3] = bad[3].replace(/^\d{6}/, "999900");
  assert.throws(() => store.loadText("population_registered.csv", bad.join("\n")), DataFileError);
  assert.deepEqual(store.loaded(), ["population_resident.csv"]);
  assert.deepEqual(store.table("population_resident.csv").objects(), before);
  // loading the same kind again is refused rather than overwriting
  assert.throws(() => store.load(path.join(raw, "population_resident.csv")), (e: unknown) => e instanceof DataFileError && e.kind === "already_loaded");
  assert.deepEqual(store.table("population_resident.csv").objects(), before);
  // what was loaded still builds: the outcome exists, variables from missing files are missing
  const r = store.build();
  assert.ok(Number.isFinite(r.panel.shrink[0]));
  assert.ok(Number.isNaN(r.panel.lnpgdp[0]));
});
