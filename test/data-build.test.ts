/**
 * The committed data/ is what the seed produces, and its audit accounts for every raw row.
 * Independent checks: byte comparison with a fresh build; row counts recounted from the raw files
 * themselves with the registry's strict CSV reader.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import { spawnSync } from "child_process";
import { readCsv } from "../lib/study/csv";
import { tempDir } from "./helpers/tempDir";

const root = path.resolve(__dirname, "..");
const data = path.join(root, "data");
const GENERATED = [
  "panel.csv",
  "truth.json",
  "audit.csv",
  "audit_summary.json",
  "imputed.csv",
  "audit_variables.csv",
  "audit_missing.csv",
  "audit_gaps.csv",
  "audit_warnings.csv",
  "raw_dirt.csv",
  ...fs.readdirSync(path.join(data, "raw")).map((f) => path.join("raw", f)),
];

test("scripts/build-data.ts rebuilds byte-identical files from the seed", () => {
  const out = tempDir("kit-data-"); // removed after the test even when it fails
  const r = spawnSync(process.execPath, ["--import", "tsx", path.join(root, "scripts", "build-data.ts"), "--out", out], { cwd: root, encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  for (const f of GENERATED) {
    const a = fs.readFileSync(path.join(data, f), "latin1");
    const b = fs.readFileSync(path.join(out, f), "latin1");
    assert.ok(a === b, `${f} differs from a fresh build; run node --import tsx scripts/build-data.ts and commit`);
  }
});

test("the data folder stays under 10 MB", () => {
  let size = 0;
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else size += fs.statSync(p).size;
    }
  };
  walk(data);
  assert.ok(size < 10 * 1024 * 1024, `data/ is ${size} bytes`);
});

test("audit counts reconcile exactly with the rows of every raw file", () => {
  const summary = JSON.parse(fs.readFileSync(path.join(data, "audit_summary.json"), "utf8"));
  const audit = readCsv(path.join(data, "audit.csv"));
  const col = (n: string): number => audit.header.indexOf(n);
  const listed = new Map<string, { fixed: number; dropped: number }>();
  for (const row of audit.rows) {
    const f = row[col("file")];
    const m = listed.get(f) ?? { fixed: 0, dropped: 0 };
    m[row[col("status")] as "fixed" | "dropped"]++;
    listed.set(f, m);
  }
  const rawFiles = fs.readdirSync(path.join(data, "raw"));
  assert.deepEqual(Object.keys(summary.files).sort(), rawFiles.sort(), "every raw file is audited");
  let total = 0;
  for (const f of rawFiles) {
    const rows = readCsv(path.join(data, "raw", f)).rows.length;
    const s = summary.files[f];
    assert.equal(s.rows, rows, `${f}: audited rows = data rows in the file`);
    assert.equal(s.kept + s.fixed + s.dropped, rows, `${f}: kept + fixed + dropped = rows`);
    assert.equal(listed.get(f)?.fixed ?? 0, s.fixed, `${f}: audit.csv lists every fixed row`);
    assert.equal(listed.get(f)?.dropped ?? 0, s.dropped, `${f}: audit.csv lists every dropped row`);
    const reasons = Object.values(s.reasons as Record<string, number>).reduce((a, b) => a + b, 0);
    assert.equal(reasons, s.dropped, `${f}: every dropped row has one reason`);
    total += rows;
  }
  assert.equal(summary.totals.rows, total);
  assert.equal(summary.totals.kept + summary.totals.fixed + summary.totals.dropped, total);
});

test("the value audit reconciles with the panel: computed + filled + missing = rows, missing = empty cells", () => {
  const p = readCsv(path.join(data, "panel.csv"));
  const values = readCsv(path.join(data, "audit_variables.csv"));
  const missingList = readCsv(path.join(data, "audit_missing.csv"));
  const col = (n: string): number => values.header.indexOf(n);
  assert.deepEqual(values.rows.map((r) => r[0]), p.header.slice(2, -1), "one row per panel variable, in panel order");
  for (const r of values.rows) {
    const [computed, filled, missing] = [r[col("computed")], r[col("filled")], r[col("missing")]].map(Number);
    assert.equal(Number(r[col("rows")]), p.rows.length, `${r[0]}: rows = panel rows`);
    assert.equal(computed + filled + missing, p.rows.length, `${r[0]}: computed + filled + missing = rows`);
    const k = p.header.indexOf(r[0]);
    assert.equal(p.rows.filter((row) => row[k] === "").length, missing, `${r[0]}: missing = empty cells of panel.csv`);
    assert.equal(missingList.rows.filter((m) => m[0] === r[0]).length, missing, `${r[0]}: audit_missing.csv lists every missing cell`);
  }
  const summary = JSON.parse(fs.readFileSync(path.join(data, "audit_summary.json"), "utf8"));
  for (const [v, w] of Object.entries(summary.winsorized as Record<string, { changed: number }>)) {
    assert.equal(Number(values.rows.find((r) => r[0] === v)?.[col("clipped")]), w.changed, `${v}: clipped = winsorized count`);
  }
  assert.equal(readCsv(path.join(data, "audit_gaps.csv")).rows.length, summary.unfilled_gaps, "audit_gaps.csv lists every gap counted");
});

test("the panel has 287 cities × 17 years, keyed by code and year, with no missing value", () => {
  const p = readCsv(path.join(data, "panel.csv"));
  assert.equal(p.rows.length, 287 * 17);
  assert.deepEqual(p.header.slice(0, 2), ["code", "year"]);
  const keys = new Set(p.rows.map((r) => `${r[0]}|${r[1]}`));
  assert.equal(keys.size, p.rows.length);
  const years = new Set(p.rows.map((r) => Number(r[1])));
  assert.deepEqual([...years].sort(), Array.from({ length: 17 }, (_, k) => 2007 + k));
  const registry = readCsv(path.join(data, "cities.csv")).rows.map((r) => r[0]);
  assert.deepEqual([...new Set(p.rows.map((r) => r[0]))], registry);
  for (const r of p.rows) for (let k = 2; k < r.length; k++) assert.notEqual(r[k], "", `missing ${p.header[k]} for ${r[0]} ${r[1]}`);
});
