/**
 * Every kind of dirt planted in data/raw/ (listed in data/raw_dirt.csv by file and line) is found by the
 * cleaner and fixed or dropped as documented, and the cleaned values equal the values the simulator
 * recorded before it planted the dirt (the independent reference here).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as path from "path";
import { readCsv } from "../lib/study/csv";
import { cleanRawFolder } from "../lib/study/clean/store";
import { loadRegistry } from "../lib/study/registry";
import { simulateWorld } from "../lib/study/simulate/world";
import { panelOfWorld } from "../lib/study/simulate/panel";
import { DEFAULT_PARAMS, DEFAULT_SEED } from "../lib/study/simulate/params";
import { CITY_YEAR_FILES } from "../lib/study/rawSchema";
import { PANEL_VARS } from "../lib/study/variables/panelSchema";

const data = path.resolve(__dirname, "..", "data");
const registry = loadRegistry();
const clean = cleanRawFolder(path.join(data, "raw"), registry);
const world = simulateWorld(registry, DEFAULT_PARAMS, DEFAULT_SEED);
const manifest = readCsv(path.join(data, "raw_dirt.csv"));
const M = (name: string): number => manifest.header.indexOf(name);
const planted = (kind: string): string[][] => manifest.rows.filter((r) => r[M("kind")] === kind);
const auditAt = new Map(clean.audit.rows.map((r) => [`${r.file}|${r.line}`, r]));
const at = (row: string[]) => auditAt.get(`${row[M("file")]}|${row[M("line")]}`);

test("every kind of dirt of design §6 is planted", () => {
  for (const kind of ["renamed", "merged_unit", "out_of_sample", "unit_persons", "text_number", "gap_row", "gap_cell", "exact_duplicate", "conflicting_duplicate"]) {
    assert.ok(planted(kind).length > 0, `no ${kind} planted`);
  }
});

test("renamed cities (old codes and names) are mapped to the registry's code", () => {
  const rows = planted("renamed");
  assert.ok(rows.length >= 40);
  for (const r of rows) {
    const a = at(r);
    assert.equal(a?.status, "fixed", `${r[M("file")]} line ${r[M("line")]}`);
    assert.match(a?.detail ?? "", /^(code \d{6} .* → \d{6}|name )/);
  }
  const T = clean.levels.nYears;
  const bijie = clean.levels.codes.indexOf("520500");
  assert.equal(clean.levels.city.pop[bijie * T + 0], world.levels.city.pop[bijie * T + 0], "Bijie 2000 (printed as 522400 毕节地区)");
});

test("莱芜 (371200) rows before 2019 are merged into 济南 (370100), adding back to the simulated merged city", () => {
  for (const r of planted("merged_unit")) {
    const a = at(r);
    assert.equal(a?.status, "fixed");
    assert.match(a?.detail ?? "", r[M("code")] === "371200" ? /merged into 370100/ : /added 371200/);
  }
  const T = clean.levels.nYears;
  const j = clean.levels.codes.indexOf("370100");
  for (let t = 0; t < 19; t++) {
    for (const v of ["pop", "gdp", "robot_inst", "students"] as const) {
      assert.ok(Math.abs(clean.levels.city[v][j * T + t] - world.levels.city[v][j * T + t]) < 1e-9, `${v} ${2000 + t}`);
    }
  }
  assert.equal(clean.levels.baseEmpTotal[j], world.levels.baseEmpTotal[j]);
});

test("units outside the sample (拉萨, 巢湖) are dropped with their reason", () => {
  for (const r of planted("out_of_sample")) {
    const a = at(r);
    assert.equal(a?.status, "dropped");
    assert.match(a?.detail ?? "", /not in the 287-city sample/);
  }
});

test("values printed in persons (人) instead of 10k persons (万人) are divided by 10^4", () => {
  const T = clean.levels.nYears;
  const rows = planted("unit_persons");
  assert.ok(rows.length >= 30);
  for (const r of rows) {
    const a = at(r);
    assert.equal(a?.status, "fixed");
    assert.match(a?.detail ?? "", /read as persons/);
    const c = clean.levels.codes.indexOf(r[M("code")]);
    const t = Number(r[M("year")]) - 2000;
    const v = CITY_YEAR_FILES.flatMap((f) => f.columns).find((x) => x.name === r[M("column")])!.variable;
    assert.equal(clean.levels.city[v][c * T + t], world.levels.city[v][c * T + t]);
  }
});

test("numbers stored as text with thousands separators are parsed", () => {
  const T = clean.levels.nYears;
  const rows = planted("text_number");
  assert.ok(rows.length >= 100);
  for (const r of rows) {
    const a = at(r);
    assert.equal(a?.status, "fixed");
    assert.match(a?.detail ?? "", /: text ".*,.*" read as/);
    const c = clean.levels.codes.indexOf(r[M("code")]);
    const v = CITY_YEAR_FILES.flatMap((f) => f.columns).find((x) => x.name === r[M("column")])!.variable;
    assert.equal(clean.levels.city[v][c * T + Number(r[M("year")]) - 2000], world.levels.city[v][c * T + Number(r[M("year")]) - 2000]);
  }
});

test("short gaps (missing rows and blank cells) are interpolated and flagged", () => {
  const imputed = new Set(clean.audit.imputed.map((c) => `${c.code}|${c.year}|${c.file}`));
  const rows = [...planted("gap_row"), ...planted("gap_cell")];
  assert.ok(rows.length >= 100);
  for (const r of rows) assert.ok(imputed.has(`${r[M("code")]}|${r[M("year")]}|${r[M("file")]}`), `gap ${r.join(" ")}`);
  assert.equal(clean.audit.unfilled.length, 0);
  // a flagged panel row uses an interpolated input; no other row does
  const flagged = clean.imputedFlag.reduce((a, b) => a + b, 0);
  assert.ok(flagged > 0 && flagged < 600);
});

test("exact duplicates are dropped, the first copy kept", () => {
  for (const r of planted("exact_duplicate")) {
    const a = at(r);
    if (r[M("detail")].startsWith("exact copy")) {
      assert.equal(a?.status, "dropped");
      assert.match(a?.detail ?? "", /^exact duplicate of line \d+/);
    } else assert.equal(a?.status, "kept");
  }
});

test("conflicting duplicates keep the later edition's (revised) figures", () => {
  const T = clean.levels.nYears;
  for (const r of planted("conflicting_duplicate")) {
    const a = at(r);
    if (r[M("detail")].startsWith("preliminary")) {
      assert.equal(a?.status, "dropped");
      assert.match(a?.detail ?? "", /superseded by line \d+ \(edition \d{4}\)/);
    } else {
      assert.equal(a?.status, "fixed");
      const spec = CITY_YEAR_FILES.find((f) => f.file === r[M("file")])!;
      const c = clean.levels.codes.indexOf(r[M("code")]);
      const t = Number(r[M("year")]) - 2000;
      for (const col of spec.columns) assert.equal(clean.levels.city[col.variable][c * T + t], world.levels.city[col.variable][c * T + t], col.name);
    }
  }
});

test("the cleaned panel equals the simulator's own panel wherever no input was interpolated", () => {
  const sim = panelOfWorld(world).panel;
  // shrink_index (entropy weights, min–max) and the winsorized controls use pooled statistics, which the
  // interpolated cells move slightly; every other variable must agree to rounding
  for (const v of PANEL_VARS) {
    const tol = v === "shrink_index" ? 0.1 : ["gov", "fin", "open", "hc", "infra"].includes(v) ? 0.01 : 1e-9;
    for (let i = 0; i < sim.code.length; i++) {
      if (clean.imputedFlag[i]) continue;
      const d = Math.abs(clean.panel[v][i] - sim[v][i]);
      assert.ok(d <= tol * Math.max(1, Math.abs(sim[v][i])), `${v} row ${i}: ${clean.panel[v][i]} vs ${sim[v][i]}`);
    }
  }
});

test("nominal GDP is deflated to 2007 prices and FDI in US dollars converted to yuan (hand computation from the raw files)", () => {
  // Shijiazhuang (130100), row 2015 of the panel uses the 2014 values; recomputed here from the raw text
  const row = (file: string, code: string, year: number): Record<string, string> => {
    const t = readCsv(path.join(data, "raw", file));
    const r = t.rows.filter((x) => x[0] === code && x[2] === String(year));
    return Object.fromEntries(t.header.map((h, k) => [h, r[r.length - 1][k].replace(/,/g, "")]));
  };
  const eco = row("economy.csv", "130100", 2014);
  const pop = Number(row("population_resident.csv", "130100", 2014).resident_pop_10k);
  const defl = Number(readCsv(path.join(data, "raw", "price_deflators.csv")).rows.find((r) => r[0] === "2014")![1]);
  const xr = Number(readCsv(path.join(data, "raw", "exchange_rates.csv")).rows.find((r) => r[0] === "2014")![1]);
  const lnpgdp = Math.log((Number(eco.gdp_100m_yuan) * 1e8) / (defl / 100) / (pop * 1e4));
  const open = (Number(eco.fdi_10k_usd) * 1e4 * xr) / (Number(eco.gdp_100m_yuan) * 1e8);
  const i = clean.panel.code.findIndex((c, k) => c === "130100" && clean.panel.year[k] === 2015);
  assert.ok(defl > 110 && xr > 6 && xr < 7, "a year with a real deflation and exchange-rate step");
  assert.ok(Math.abs(clean.panel.lnpgdp[i] - lnpgdp) < 1e-12);
  const w = clean.meta.winsor.open;
  assert.ok(Math.abs(clean.panel.open[i] - Math.min(w.hi, Math.max(w.lo, open))) < 1e-15);
});
