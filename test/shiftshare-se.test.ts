/**
 * shiftShareSE against R ShiftShareSE 1.1.0.9000 (kolesarm/ShiftShareSE at e3a2d81): every case of the
 * `shiftshare` section of test/golden/shiftshare_results.json (ShiftShareSE's README examples and the
 * vignette's three specifications with controls, unweighted and weighted), AKM and AKM0, at relative 1e-8;
 * p-values against `p_exact` = 2Φ(−|t|) (the package's 2(1 − Φ) loses digits below 1e-10).
 * Origin of the files: test/golden/README-shiftshare.md.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { describe, it } from "node:test";
import { DataError, FormulaError, IdentificationError, KitError, OptionsError, shiftShareSE, type ShiftShareOptions } from "../lib/index";
import { GOLDEN_DIR, readGolden, readGoldenCsv } from "./helpers/golden";

function readGz(file: string): string {
  return gunzipSync(new Uint8Array(readFileSync(join(GOLDEN_DIR, file)))).toString("utf8");
}

function csvColumns(text: string): { header: string[]; rows: number[][] } {
  const lines = text.trim().split(/\r?\n/);
  const header = lines[0].split(",").map((h) => h.replace(/^"|"$/g, ""));
  return { header, rows: lines.slice(1).map((l) => l.split(",").map(Number)) };
}

const regTable = csvColumns(readGz("shiftshare_adh_reg.csv.gz"));
const reg: Record<string, Float64Array> = {};
regTable.header.forEach((h, k) => (reg[h] = Float64Array.from(regTable.rows, (r) => r[k])));
const W = csvColumns(readGz("shiftshare_adh_W.csv.gz")).rows.map((r) => Float64Array.from(r));
const sectors = readGoldenCsv("shiftshare_adh_sectors.csv", ["sector"]);
const golden = readGolden("shiftshare_results.json").shiftshare as Record<string, any>;

function rel(actual: number, expected: number): number {
  if (actual === expected) return 0;
  return Math.abs(actual - expected) / Math.abs(expected);
}

function optionsFor(args: any, method: "akm" | "akm0"): ShiftShareOptions {
  return {
    data: reg,
    formula: args.formula,
    shiftShare: args.shiftShare,
    shares: W,
    method,
    ...(args.weights ? { weights: args.weights } : {}),
    ...(args.regionCluster ? { regionCluster: args.regionCluster } : {}),
    ...(args.sectorCluster ? { sectorCluster: sectors[args.sectorCluster] as number[] } : {}),
  };
}

let figures = 0;
function close(actual: number, expected: number, what: string, tol = 1e-8): void {
  assert.ok(rel(actual, expected) <= tol, `${what}: ${actual} vs ${expected} (relative ${rel(actual, expected)})`);
  figures++;
}

describe("shiftShareSE reproduces R ShiftShareSE on the ADH data", () => {
  for (const [name, c] of Object.entries(golden)) {
    it(`${name}: AKM estimate, se, ci and p (${c.call.split("(")[0]})`, () => {
      const fit = shiftShareSE(optionsFor(c.args, "akm"));
      close(fit.estimate, c.estimate, "estimate");
      close(fit.se, c.akm.se, "se");
      close(fit.ci[0], c.akm.ci[0], "ci lower");
      close(fit.ci[1], c.akm.ci[1], "ci upper");
      close(fit.p, c.akm.p_exact, "p (exact)");
      assert.equal(fit.nobs, c.nobs);
      assert.equal(fit.nSectors, c.n_sectors);
      assert.equal(fit.nSectorClusters, c.n_sector_clusters);
      assert.equal(fit.bounded, true);
      assert.equal(fit.model, c.function === "ivreg_ss" ? "iv" : "ols");
    });
    it(`${name}: AKM0 estimate, interval, se (length / 2z), null-imposed se and p`, () => {
      const fit = shiftShareSE(optionsFor(c.args, "akm0"));
      close(fit.estimate, c.estimate, "estimate");
      close(fit.se, c.akm0.se, "se");
      close(fit.ci[0], c.akm0.ci[0], "ci lower");
      close(fit.ci[1], c.akm0.ci[1], "ci upper");
      close(fit.seNull!, c.akm0.se_null, "se_null");
      close(fit.p, c.akm0.p_exact, "p (exact)");
      assert.deepEqual(fit.set, { kind: "interval", lower: fit.ci[0], upper: fit.ci[1] });
    });
  }
  it("covers every shiftshare case of the reference file, 11 figures each (nine cases, 99 figures)", () => {
    assert.equal(Object.keys(golden).length, 9);
    assert.equal(figures, 99);
  });
  it("keeps the two ADH rows without exposure (all shares 0, IV = 0), as ShiftShareSE does", () => {
    const fit = shiftShareSE(optionsFor(golden.readme_reduced_form.args, "akm"));
    assert.equal(fit.unexposedRows, 2);
    assert.deepEqual(fit.droppedSectors, []);
  });
});

/** A small seeded design: n regions, S sectors, shares summing to < 1, X = W·A exactly. */
function smallDesign(n: number, S: number, firstStage: number, seed = 7) {
  let state = seed;
  const u = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);
  const normal = () => Math.sqrt(-2 * Math.log(u() + 1e-12)) * Math.cos(2 * Math.PI * u());
  const shares = Array.from({ length: n }, () => {
    const raw = Array.from({ length: S }, () => u() ** 3);
    const total = raw.reduce((a, b) => a + b, 0) / 0.8;
    return Float64Array.from(raw, (v) => v / total);
  });
  const shocks = Array.from({ length: S }, normal);
  const x = shares.map((row) => row.reduce((s, w, k) => s + w * shocks[k], 0));
  const c1 = Array.from({ length: n }, normal);
  const d = x.map((v, i) => firstStage * v + normal() + 0.3 * c1[i]);
  const y = d.map((v, i) => 0.5 * v + normal() + 0.2 * c1[i]);
  return { data: { y, d, x, c1, w: Array.from({ length: n }, () => 0.5 + u()) }, shares, shocks };
}

describe("shiftShareSE drops collinear share columns as R's qr(W) does (in order, tolerance 1e-7)", () => {
  const { data, shares } = smallDesign(120, 6, 1);
  const base = { data, formula: "y ~ x + c1", shiftShare: "x", method: "akm" as const };
  const plain = shiftShareSE({ ...base, shares });
  it("drops a later column that is the sum of two earlier ones, and the numbers are those without it", () => {
    const extended = shares.map((r) => Float64Array.from([...r, r[1] + r[2]]));
    const fit = shiftShareSE({ ...base, shares: extended });
    assert.deepEqual(fit.droppedSectors, [6]);
    assert.ok(rel(fit.se, plain.se) < 1e-10);
    assert.ok(Number.isNaN(fit.shocks[6]));
  });
  it("drops a column whose remaining norm is 1e-9 of its own, keeps one at 1e-5", () => {
    const bump = (eps: number) => shares.map((r, i) => Float64Array.from([...r, r[0] - r[3] + eps * (i % 2 === 0 ? 1 : -1) * r[0]]));
    assert.deepEqual(shiftShareSE({ ...base, shares: bump(1e-9) }).droppedSectors, [6]);
    assert.deepEqual(shiftShareSE({ ...base, shares: bump(1e-5) }).droppedSectors, []);
  });
  it("keeps the first of two identical columns (R's pivoting keeps the order)", () => {
    const twice = shares.map((r) => Float64Array.from([r[0], ...r]));
    assert.deepEqual(shiftShareSE({ ...base, shares: twice }).droppedSectors, [1]);
  });
});

describe("the AKM0 confidence set", () => {
  it("is reported unbounded (not a finite interval) with a weak first stage, and holds exactly the values AKM0 does not reject", () => {
    const { data, shares } = smallDesign(150, 5, 0.02);
    const base = { data, formula: "y ~ c1 | d ~ x", shiftShare: "x", shares, method: "akm0" as const };
    const fit = shiftShareSE(base);
    assert.equal(fit.bounded, false);
    assert.ok(fit.set.kind === "twoRays" || fit.set.kind === "line", fit.set.kind);
    assert.deepEqual(fit.ci, [-Infinity, Infinity]);
    assert.equal(fit.se, Infinity);
    const inSet = (b: number) => fit.set.kind === "line" || (fit.set.kind === "twoRays" && (b <= fit.set.below || b >= fit.set.above));
    for (let b = -20; b <= 20; b += 0.37) assert.equal(shiftShareSE({ ...base, beta0: b }).p >= 0.05, inSet(b), `beta0 = ${b}`);
  });
  it("has the AKM0 p-value equal to 0.05 at the ends of a bounded interval", () => {
    const { data, shares } = smallDesign(150, 30, 20);
    const base = { data, formula: "y ~ c1 | d ~ x", shiftShare: "x", shares, method: "akm0" as const };
    const fit = shiftShareSE(base);
    assert.equal(fit.set.kind, "interval");
    for (const end of fit.ci) assert.ok(Math.abs(shiftShareSE({ ...base, beta0: end }).p - 0.05) < 1e-10);
  });
});

describe("shiftShareSE refuses bad input with a KitError that names the problem", () => {
  const { data, shares, shocks } = smallDesign(40, 4, 1);
  const base: ShiftShareOptions = { data, formula: "y ~ x + c1", shiftShare: "x", shares, method: "akm" };
  const throwsKit = (options: ShiftShareOptions, type: new (...a: any[]) => KitError, pattern: RegExp) =>
    assert.throws(() => shiftShareSE(options), (e: unknown) => e instanceof type && pattern.test((e as Error).message));
  it("a share matrix whose row count differs from the data's", () => throwsKit({ ...base, shares: shares.slice(1) }, DataError, /39 rows but the data has 40/));
  it("shares that are not numbers", () => {
    const bad = shares.map((r, i) => (i === 4 ? ([...r.slice(0, 2), "0.1", r[3]] as unknown as number[]) : r));
    throwsKit({ ...base, shares: bad }, DataError, /sector 3 in data row 5 is text "0.1"/);
    throwsKit({ ...base, shares: shares.map((r, i) => (i === 2 ? Float64Array.from([NaN, 0, 0, 0]) : r)) }, DataError, /data row 3 is NaN/);
  });
  it("a sector cluster vector of the wrong length", () => throwsKit({ ...base, sectorCluster: [1, 1, 2] }, DataError, /3 ids but the share matrix has 4 sectors/));
  it("a shift-share column that is not Σ shares × shocks when the shocks are given (relative tolerance 1e-8)", () => {
    assert.doesNotThrow(() => shiftShareSE({ ...base, shocks }));
    const off = { ...data, x: data.x.map((v, i) => (i === 9 ? v * (1 + 1e-6) : v)) };
    throwsKit({ ...base, data: off, shocks }, DataError, /"x" is .* in data row 10, but Σ shares × shocks/);
  });
  it("all shares zero for a row whose shift-share value is not zero", () => {
    throwsKit({ ...base, shares: shares.map((r, i) => (i === 6 ? new Float64Array(4) : r)) }, DataError, /all shares are zero in data row 7/);
  });
  it("an instrument with no first stage", () => {
    throwsKit({ ...base, data: { ...data, d: data.c1.map((v) => 2 * v + 1) }, formula: "y ~ c1 | d ~ x" }, IdentificationError, /no first stage/);
  });
  it("a shift-share variable that is not in the formula, no intercept, an unknown method", () => {
    throwsKit({ ...base, formula: "y ~ c1" }, FormulaError, /"x" is not a regressor/);
    throwsKit({ ...base, formula: "y ~ 0 + x + c1" }, FormulaError, /always include an intercept/);
    throwsKit({ ...base, method: "ehw" as "akm" }, OptionsError, /method must be "akm" or "akm0"/);
  });
});
