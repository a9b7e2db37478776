/**
 * Shift-share inference on a panel: sectors = industry × year pairs (`panelShares`) and fixed effects partialled
 * out by weighted demeaning in `shiftShareSE`, against R ShiftShareSE `ivreg_ss` / `reg_ss` with the city and
 * year effects entered as dummy controls (factor(code) + factor(year)), on the kit's simulated study panel
 * (287 cities × 17 years, 12 IFR industries → 204 sectors): sspanel_golden.json and the design it used,
 * sspanel_design.csv.gz, made by make_sspanel_golden.R (origin: test/golden/README-shiftshare.md). Every figure
 * at relative 1e-8 (AKM's p against 2Φ(−|t|)); then panelShares' layout and its bad input.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { gunzipSync } from "node:zlib";
import { DataError, KitError, OptionsError, panelShares, shiftShareSE, shockLevelIV, type PanelSharesInput } from "../lib/index";
import { assertClose, GOLDEN_DIR, readGolden } from "./helpers/golden";

const golden = readGolden("sspanel_golden.json");
const lines = gunzipSync(new Uint8Array(readFileSync(join(GOLDEN_DIR, "sspanel_design.csv.gz")))).toString("utf8").trim().split(/\r?\n/);
const header = lines[0].split(",").map((h) => h.replace(/"/g, ""));
const cells = lines.slice(1).map((line) => line.split(",").map((c) => c.replace(/"/g, "")));
const column = (name: string) => cells.map((row) => Number(row[header.indexOf(name)]));
const data: Record<string, ArrayLike<number | string>> = { code: cells.map((row) => row[0]) };
for (const name of ["year", "shrink", "ai", "lnpgdp", "gov", "share_sum", "ss"]) data[name] = column(name);
const industries: string[] = golden.meta.industries;
const rowShares = cells.map((row) => industries.map((_, j) => Number(row[header.indexOf(`s_${j + 1}`)])));
const ps = panelShares({ data, time: "year", shares: rowShares, industries, shocks: golden.shocks });

const num = (v: number | string) => (v === "Inf" ? Infinity : v === "-Inf" ? -Infinity : Number(v));
/** Relative 1e-8, infinities exactly. */
const close = (actual: number, expected: number | string, what: string) => {
  const e = num(expected);
  if (!Number.isFinite(e)) assert.equal(actual, e, what);
  else assertClose(actual, e, 1e-8, what);
};

describe("panelShares stacks the study panel's shares into industry × year sectors", () => {
  it("has 204 = 12 × 17 columns, period-major, with the industry as sector cluster", () => {
    assert.equal(ps.shares[0].length, golden.meta.n_sectors);
    assert.deepEqual(ps.periods, golden.meta.years.map(String));
    assert.deepEqual(ps.sectors[12], { industry: industries[0], period: "2008" });
    assert.deepEqual(ps.sectorCluster.slice(0, 13), [...industries, industries[0]]);
  });
  it("puts row (i, t)'s shares in year t's block only", () => {
    const r = 1; // city 110000, 2008
    assert.equal(data.year[r], 2008);
    ps.shares[r].forEach((v, s) => assert.equal(v, Math.floor(s / 12) === 1 ? rowShares[r][s % 12] : 0, `column ${s}`));
  });
  it("builds the linear shift-share Σ_j s_ij g_jt equal to R's (relative 1e-12)", () => {
    const ss = data.ss as number[];
    ss.forEach((v, i) => assertClose((ps.shiftShare as Float64Array)[i], v, 1e-12, `row ${i}`));
  });
});

describe("shiftShareSE with city and year fixed effects reproduces ShiftShareSE with their dummies", () => {
  for (const [name, c] of Object.entries(golden.cases) as [string, { kit_formula: string; cluster: boolean; r: Record<string, any> }][]) {
    for (const method of ["akm", "akm0"] as const) {
      it(`${name} (${c.kit_formula}${c.cluster ? ", clustered by industry" : ""}): ${method.toUpperCase()}`, () => {
        const fit = shiftShareSE({ data, formula: c.kit_formula, shiftShare: "ss", shares: ps.shares, shocks: ps.shocks, method, ...(c.cluster ? { sectorCluster: ps.sectorCluster } : {}) });
        const ref = c.r[method];
        assert.equal(fit.nobs, golden.meta.nobs);
        assert.deepEqual(fit.fixedEffects, ["code", "year"]);
        assert.equal(fit.nSectorClusters, c.cluster ? 12 : golden.meta.n_sectors);
        close(fit.estimate, c.r.estimate, "estimate");
        close(fit.se, ref.se, "se");
        close(fit.ci[0], ref.ci[0], "ci lower");
        close(fit.ci[1], ref.ci[1], "ci upper");
        close(fit.p, method === "akm" ? ref.p_exact : ref.p, "p");
        assert.equal(fit.bounded, Number.isFinite(num(ref.se)));
      });
    }
  }
});

describe("weighted fixed effects: demeaning gives the numbers of dummy controls (FWL), on 40 cities", () => {
  const rows = Array.from({ length: 40 * 17 }, (_, i) => i);
  const sub: Record<string, ArrayLike<number | string>> = {};
  for (const [name, values] of Object.entries(data)) sub[name] = rows.map((i) => values[i]);
  sub.w = rows.map((i) => 0.5 + ((i * 7) % 5) / 4);
  const shares = rows.map((i) => ps.shares[i]);
  for (const method of ["akm", "akm0"] as const) {
    it(`${method.toUpperCase()}: "| code + year" with weights equals "+ i(code) + i(year)" with weights (relative 1e-9)`, () => {
      const args = { data: sub, shiftShare: "ss", shares, weights: "w", sectorCluster: ps.sectorCluster, method };
      const fe = shiftShareSE({ ...args, formula: "shrink ~ lnpgdp + gov | code + year | ai ~ ss" });
      const dummies = shiftShareSE({ ...args, formula: "shrink ~ lnpgdp + gov + i(code) + i(year) | ai ~ ss" });
      for (const key of ["estimate", "se", "p"] as const) (Number.isFinite(dummies[key]) ? assertClose(fe[key], dummies[key], 1e-9, key) : assert.equal(fe[key], dummies[key], key));
      assert.equal(fe.bounded, dummies.bounded);
      fe.ci.forEach((end, k) => (Number.isFinite(end) ? assertClose(end, dummies.ci[k], 1e-9, `ci ${k}`) : assert.equal(end, dummies.ci[k])));
    });
  }
});

describe("shockLevelIV on the panel (BHJ with city and year effects, sectors = industry × year)", () => {
  const c = golden.cases.iv_fe_cluster;
  // panel.csv's share_sum agrees with the raw file's shares only to ~1e-6 (its printed precision and the cleaning), so the
  // exact equivalence needs the sum of the shares used: S = Σ_j s_ij.
  const withS = { ...data, S: rowShares.map((r) => r.reduce((a, b) => a + b, 0)) };
  const formula = c.kit_formula.replace("share_sum", "S");
  const yearDummies = Object.fromEntries(ps.periods.slice(1).map((year) => [`y${year}`, ps.sectors.map((sec) => (sec.period === year ? 1 : 0))]));
  const fit = shockLevelIV({ data: withS, formula, shiftShare: "ss", shares: ps.shares, shocks: ps.shocks as Float64Array, sectorCluster: ps.sectorCluster, shockControls: yearDummies });
  it("its region-level 2SLS with the fixed effects equals ShiftShareSE's β̂ with dummies (relative 1e-6: S differs from share_sum at 1e-6)", () => {
    const same = shockLevelIV({ data, formula: c.kit_formula, shiftShare: "ss", shares: ps.shares, shocks: ps.shocks as Float64Array });
    assertClose(same.regionEstimate, c.r.estimate, 1e-8, "region 2SLS, R's controls");
    assertClose(fit.regionEstimate, c.r.estimate, 1e-6, "region 2SLS with S");
  });
  it("with the sum of shares × year among the controls and year dummies at the shock level, shock level = region level (BHJ Prop. 1)", () => {
    assert.equal(fit.incompleteShares, false);
    assertClose(fit.estimate, fit.regionEstimate, 1e-9, "shock = region");
    assert.equal(fit.nShocks, 204);
    assert.equal(fit.nClusters, 12);
  });
  it("without the sum of shares × year among the controls, says the shares are incomplete and differs from the region level", () => {
    const bare = shockLevelIV({ data, formula: golden.cases.iv_fe.kit_formula, shiftShare: "ss", shares: ps.shares, shocks: ps.shocks as Float64Array, sectorCluster: ps.sectorCluster, shockControls: yearDummies });
    assert.equal(bare.incompleteShares, true);
    assertClose(bare.regionEstimate, golden.cases.iv_fe.r.estimate, 1e-8, "region 2SLS = ShiftShareSE's β̂");
    assert.ok(Math.abs(bare.estimate - bare.regionEstimate) > 1e-6 * Math.abs(bare.regionEstimate));
  });
});

describe("shiftShareSE on a logged shift-share", () => {
  it("refuses ln(1 + Σ shares × shocks) as the shift-share column and says to use the linear one", () => {
    const logged = { ...data, ai_iv_log: (data.ss as number[]).map((v) => Math.log1p(v)) };
    assert.throws(
      () => shiftShareSE({ data: logged, formula: "shrink ~ lnpgdp | code + year | ai ~ ai_iv_log", shiftShare: "ai_iv_log", shares: ps.shares, shocks: ps.shocks, method: "akm" }),
      (e: unknown) => e instanceof DataError && /equals ln\(1 \+ Σ shares × shocks\): AKM and BHJ apply to the linear shift-share/.test((e as Error).message),
    );
  });
});

describe("panelShares refuses bad input with a KitError that names the problem", () => {
  const small = { year: [2007, 2008, 2007, 2008], y: [1, 2, 3, 4] };
  const sh = [[0.2, 0.8], [0.2, 0.8], [0.6, 0.4], [0.6, 0.4]];
  const base: PanelSharesInput = { data: small, time: "year", shares: sh, shocks: { 2007: [1, 2], 2008: [3, 4] } };
  const throwsKit = (input: unknown, kind: new (...a: never[]) => KitError, pattern: RegExp): void =>
    assert.throws(() => panelShares(input as PanelSharesInput), (e: unknown) => e instanceof kind && pattern.test((e as Error).message));
  it("builds the small design's shift-share (a hand check)", () => assert.deepEqual(Array.from(panelShares(base).shiftShare as Float64Array), [0.2 * 1 + 0.8 * 2, 0.2 * 3 + 0.8 * 4, 0.6 * 1 + 0.4 * 2, 0.6 * 3 + 0.4 * 4]));
  it("shares whose row count differs from the data's", () => throwsKit({ ...base, shares: sh.slice(1) }, DataError, /panelShares: the share matrix has 3 rows but the data has 4/));
  it("a share that is not a number", () => throwsKit({ ...base, shares: sh.map((r, i) => (i === 1 ? [r[0], null] : r)) }, DataError, /sector 2 in data row 2 is null/));
  it("a missing period", () => throwsKit({ ...base, data: { ...small, year: [2007, null, 2007, 2008] } }, DataError, /period column "year" is missing in data row 2/));
  it("a period column that is not in the data", () => throwsKit({ ...base, time: "t" }, DataError, /period column "t" is not a column/));
  it("shocks missing for a period of the data, or of the wrong length", () => {
    throwsKit({ ...base, shocks: { 2007: [1, 2] } }, DataError, /no shocks for period 2008/);
    throwsKit({ ...base, shocks: { 2007: [1, 2], 2008: [3] } }, DataError, /panelShares \(period 2008\): there are 1 shocks but 2 share columns/);
  });
  it("industry names of the wrong length, an unknown option", () => {
    throwsKit({ ...base, industries: ["a"] }, OptionsError, /industries must name each of the 2 share columns/);
    throwsKit({ ...base, period: "year" }, OptionsError, /unknown option "period"/);
  });
});
