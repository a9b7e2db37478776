/**
 * The shock-level IV of Borusyak, Hull & Jaravel (2022) against R: the aggregation done by hand with
 * data.table and fixest's `feols(ybar ~ 1 [+ period] | xbar ~ g, weights = ~s_n, vcov = "hetero" | ~ind)`,
 * and the region-level 2SLS `feols(y ~ controls | x ~ z)`, on bartik.weight's ADH example (1444 czone-periods,
 * 780 industry-period shocks): shocklevel_golden.json, made by make_shocklevel_golden.R (origin in
 * test/golden/README-shiftshare.md). Every figure at relative 1e-8; BHJ's Proposition 1 (shock-level IV =
 * region-level 2SLS) checked in the three cases where it holds and shown to fail where the sum of shares is
 * not controlled for; then bad input.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { gunzipSync } from "node:zlib";
import { DataError, FormulaError, IdentificationError, KitError, OptionsError, shockLevelIV, type ShockLevelInput } from "../lib/index";
import { assertClose, GOLDEN_DIR, readGolden } from "./helpers/golden";

/** A numeric CSV (plain or gzip) from test/golden/ as a header and rows of numbers. */
function readNumericCsv(file: string): { header: string[]; rows: number[][] } {
  const raw = readFileSync(join(GOLDEN_DIR, file));
  const lines = (file.endsWith(".gz") ? gunzipSync(new Uint8Array(raw)) : raw).toString("utf8").trim().split(/\r?\n/);
  return { header: lines[0].split(","), rows: lines.slice(1).map((line) => line.split(",").map(Number)) };
}

const golden = readGolden("shocklevel_golden.json");
const master = readNumericCsv("rotemberg_adh_master.csv.gz");
const shares = readNumericCsv("rotemberg_adh_shares.csv.gz").rows;
const global = readNumericCsv("rotemberg_adh_global.csv").rows; // year, ind, trade_
const shocks = global.map((r) => r[2]);
const data: Record<string, number[]> = {};
master.header.forEach((name, j) => (data[name] = master.rows.map((row) => row[j])));
data.z = shares.map((row) => row.reduce((s, w, k) => s + w * shocks[k], 0));
data.S = shares.map((row) => row.reduce((s, w) => s + w, 0));
data.S_t2 = data.S.map((v, i) => v * data.t2[i]);
const period2000 = global.map((r) => (r[0] === 2000 ? 1 : 0));
const industry = global.map((r) => r[1]);

const list = (v: string | string[]) => ([] as string[]).concat(v);
const formulaOf = (controls: string[]) => `d_sh_empl_mfg ~ ${controls.length ? controls.join(" + ") : "1"} | d_tradeusch_pw ~ z`;

/** estimate, se, both ends of the interval, p, t and the first-stage F at relative 1e-8. */
function assertShockFit(fit: ReturnType<typeof shockLevelIV>, ref: { estimate: number; se: number; ci: number[]; p: number; t: number; first_stage_F: number; nobs: number }, what: string): void {
  assertClose(fit.estimate, ref.estimate, 1e-8, `${what} estimate`);
  assertClose(fit.se, ref.se, 1e-8, `${what} se`);
  assertClose(fit.ci[0], ref.ci[0], 1e-8, `${what} ci lower`);
  assertClose(fit.ci[1], ref.ci[1], 1e-8, `${what} ci upper`);
  assertClose(fit.p, ref.p, 1e-8, `${what} p`);
  assertClose(fit.tStat, ref.t, 1e-8, `${what} t`);
  assertClose(fit.firstStageF, ref.first_stage_F, 1e-8, `${what} first-stage F`);
  assert.equal(fit.nShocks, ref.nobs);
}

describe("shockLevelIV reproduces the by-hand aggregation + fixest on ADH (780 shocks)", () => {
  it("sum of shares (by period) controlled, period dummy at shock level, HC1: R's numbers, and = region 2SLS (BHJ Prop. 1)", () => {
    const c = golden.cases.sum_control;
    const fit = shockLevelIV({ data, formula: formulaOf(list(c.controls)), shiftShare: "z", shares, shocks, shockControls: { period2000 } });
    assertShockFit(fit, c.shock, "sum_control");
    assertClose(fit.regionEstimate, c.region, 1e-8, "region 2SLS");
    assertClose(fit.estimate, fit.regionEstimate, 1e-10, "shock = region");
    assert.equal(fit.incompleteShares, false);
    assert.match(fit.vcovType, /heteroskedasticity|HC1|hetero/i);
  });
  const c2 = golden.cases.weighted_cluster;
  const weighted: ShockLevelInput = { data, formula: formulaOf(c2.controls), shiftShare: "z", shares, shocks, weights: "timepwt48", shockControls: { period2000 } };
  const clustered = shockLevelIV({ ...weighted, sectorCluster: industry });
  it("ADH's controls + sum of shares, weighted, clustered by industry across periods: R's numbers (390 clusters)", () => {
    assertShockFit(clustered, c2.shock, "weighted_cluster");
    assert.equal(clustered.nClusters, c2.n_clusters);
    assertClose(clustered.regionEstimate, c2.region, 1e-8, "region 2SLS");
    assertClose(clustered.estimate, clustered.regionEstimate, 1e-10, "shock = region");
  });
  it("the same, heteroskedasticity-robust", () => assertShockFit(shockLevelIV(weighted), c2.shock_hetero, "weighted hetero"));
  it("the shock-level table (s_n, ȳ_n, x̄_n of all 780 sectors) equals the by-hand aggregation", () => {
    const t = c2.table;
    assert.equal(clustered.table.sector.length, t.sector.length);
    t.sector.forEach((sector: number, k: number) => {
      assert.equal(clustered.table.sector[k], `s${sector}`);
      assertClose(clustered.table.s[k], t.s_n[k], 1e-8, `s_n[${k}]`);
      assertClose(clustered.table.ybar[k], t.ybar[k], 1e-8, `ybar[${k}]`);
      assertClose(clustered.table.xbar[k], t.xbar[k], 1e-8, `xbar[${k}]`);
    });
  });
  it("shares rescaled to sum to one: the intercept alone makes shock level = region level", () => {
    const c = golden.cases.complete_shares;
    const keep = data.S.map((s, i) => (s > 0 ? i : -1)).filter((i) => i >= 0);
    assert.deepEqual(data.S.map((s, i) => i).filter((i) => data.S[i] === 0), c.rows_dropped);
    const w3 = keep.map((i) => shares[i].map((v) => v / data.S[i]));
    const d3 = { y: keep.map((i) => data.d_sh_empl_mfg[i]), x: keep.map((i) => data.d_tradeusch_pw[i]), z: w3.map((row) => row.reduce((s, w, k) => s + w * shocks[k], 0)) };
    const fit = shockLevelIV({ data: d3, formula: "y ~ 1 | x ~ z", shiftShare: "z", shares: w3, shocks });
    assertShockFit(fit, c.shock, "complete_shares");
    assertClose(fit.regionEstimate, c.region, 1e-8, "region 2SLS");
    assertClose(fit.estimate, fit.regionEstimate, 1e-10, "shock = region");
    assert.equal(fit.incompleteShares, false);
  });
  it("incomplete shares without the sum-of-shares control: with a constant the shock-level IV differs (and says so); without one it equals the region 2SLS", () => {
    const c = golden.cases.incomplete;
    const base: ShockLevelInput = { data, formula: formulaOf(list(c.controls)), shiftShare: "z", shares, shocks };
    const withConstant = shockLevelIV(base);
    assertShockFit(withConstant, c.shock, "incomplete");
    assert.equal(withConstant.incompleteShares, true);
    assert.match(withConstant.label, /sum of shares is not among the region controls/);
    assert.ok(Math.abs(withConstant.estimate - withConstant.regionEstimate) > 0.01);
    const noConstant = shockLevelIV({ ...base, constant: false });
    assertShockFit(noConstant, c.shock_no_constant, "incomplete, no constant");
    assertClose(noConstant.estimate, c.region, 1e-8, "no constant = region 2SLS");
    assert.equal(noConstant.incompleteShares, false);
  });
});

describe("shockLevelIV refuses bad input with a KitError that names the problem", () => {
  const small = { y: [1, 3, 2, 5, 4, 6], x: [0.5, 1.2, 0.9, 2.1, 1.4, 2.6] };
  const sh = [[0.5, 0.5, 0], [0.2, 0.3, 0.5], [0.1, 0.8, 0.1], [0.6, 0, 0.4], [0.3, 0.3, 0.4], [0, 0.2, 0.8]];
  const g = [1, -0.5, 2];
  const z = sh.map((r) => r.reduce((s, w, k) => s + w * g[k], 0));
  const base: ShockLevelInput = { data: { ...small, z }, formula: "y ~ 1 | x ~ z", shiftShare: "z", shares: sh, shocks: g };
  const throwsKit = (input: unknown, kind: new (...a: never[]) => KitError, pattern: RegExp): void =>
    assert.throws(() => shockLevelIV(input as ShockLevelInput), (e: unknown) => e instanceof kind && e instanceof KitError && pattern.test((e as Error).message));
  it("shares whose row count differs from the data's", () => throwsKit({ ...base, shares: sh.slice(1) }, DataError, /share matrix has 5 rows but the data has 6/));
  it("a share that is not a number", () => throwsKit({ ...base, shares: sh.map((r, i) => (i === 2 ? [r[0], "0.8", r[2]] : r)) }, DataError, /sector 2 in data row 3 is text "0\.8"/));
  it("shocks of the wrong length", () => throwsKit({ ...base, shocks: [1, 2] }, DataError, /2 shocks but 3 share columns/));
  it("a shift-share column that is not Σ shares × shocks (relative tolerance 1e-8)", () =>
    throwsKit({ ...base, data: { ...small, z: z.map((v, i) => (i === 4 ? v + 1e-6 : v)) } }, DataError, /"z" is .* in data row 5, but Σ shares × shocks .* relative 1e-8/));
  it("a sector cluster vector of the wrong length", () => throwsKit({ ...base, sectorCluster: [1, 2] }, DataError, /2 ids but the share matrix has 3 sectors/));
  it("a shock control of the wrong length, or not numbers", () => {
    throwsKit({ ...base, shockControls: { p: [1, 0] } }, OptionsError, /shock control "p" must hold one number per share column \(3\)/);
    throwsKit({ ...base, shockControls: { p: [1, "0", 1] } }, OptionsError, /shock control "p" is "0" for sector 2/);
  });
  it("an instrument with no first stage", () => throwsKit({ ...base, data: { ...small, z, x: small.y.map(() => 2) } }, IdentificationError, /no first stage/));
  it("a formula without the shift-share variable, an unknown option, a bad level", () => {
    throwsKit({ ...base, formula: "y ~ x" }, FormulaError, /"z" is not a regressor/);
    throwsKit({ ...base, cluster: "ind" }, OptionsError, /unknown option "cluster"/);
    throwsKit({ ...base, level: 95 }, OptionsError, /level must lie strictly between 0 and 1/);
  });
  it("fewer than three sectors with exposure", () => {
    const two = sh.map((r) => [r[0] + r[2], r[1], 0]);
    const z2 = two.map((r) => r.reduce((s, w, k) => s + w * g[k], 0));
    throwsKit({ ...base, data: { ...small, z: z2 }, shares: two }, IdentificationError, /only 2 sectors have exposure/);
  });
});
