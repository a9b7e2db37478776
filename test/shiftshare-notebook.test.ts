/**
 * Issue 16b: the shift-share pieces behind notebooks 04 and 08 — the instrument's shares and shifts
 * (instrumentShares) against the panel's ai_iv, the simulator's share-correlated error option, the
 * lesson of notebook 08's Monte Carlo (checked on its own run of 400 draws per design, each claim
 * against its Monte Carlo error) and notebook 04's shift-share calls (the library absorbs the city and
 * year effects itself: tested against R in shiftshare-panel.test.ts and rotemberg-fe.test.ts).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as fs from "fs";
import * as path from "path";
import { feols, panelShares, rotembergSummary } from "../lib/index";
import { DataError, OptionsError, SetupError } from "../lib/errors";
import { cleanRawFolder } from "../lib/study/clean/store";
import { instrumentShares, loadRegistry, loadStudyPanel, withParams, DEFAULT_SEED, DEFAULT_PARAMS } from "../lib/study/index";
import { formatPanelNumber } from "../lib/study/buildDataset";
import { simulateWorld } from "../lib/study/simulate/world";
import { checkShareShock } from "../lib/study/simulate/shareShock";
import { describeShiftShareMonteCarlo, shiftShareIV, shiftShareMonteCarlo, shiftShareRotemberg, shiftShareShockLevel, describeShockLevel, describeRotemberg, rotembergByIndustry, intervalRows, TABLE5_LINEAR_IV } from "../lib/workshop/index";
import { tempDir } from "./helpers/tempDir";

const panel = loadStudyPanel();
const ins = instrumentShares(panel);
const ps = panelShares({ data: panel, time: "year", shares: ins.rowShares, industries: ins.industries, shocks: ins.shocks, column: "ss_lin" });
const linear = ps.shiftShare as Float64Array;
const registry = loadRegistry();

describe("instrumentShares", () => {
  it("rebuilds ai_iv: ln(1 + the linear shift-share) prints as panel.csv's ai_iv on every row, and equals the cleaner's to 1e-12", () => {
    assert.equal(linear.length, panel.code.length);
    for (let i = 0; i < panel.code.length; i++) assert.equal(formatPanelNumber(Math.log1p(linear[i])), formatPanelNumber(panel.ai_iv[i]), `row ${i + 1}`);
    const clean = cleanRawFolder(path.resolve(__dirname, "..", "data", "raw"), registry);
    let worst = 0;
    for (let i = 0; i < panel.code.length; i++) worst = Math.max(worst, Math.abs(Math.log1p(linear[i]) - clean.panel.ai_iv[i]) / Math.abs(clean.panel.ai_iv[i]));
    assert.ok(worst < 1e-12, `largest relative gap ${worst}`);
  });

  it("gives panelShares what it stacks: 12 industries × 17 years, clustered by industry, each row's shares in its year's block", () => {
    const J = ins.industries.length;
    assert.equal(ps.sectors.length, J * ins.years.length);
    assert.equal(new Set(ps.sectorCluster).size, J);
    for (const i of [0, 100, panel.code.length - 1]) {
      const row = ps.shares[i];
      assert.equal(row.filter((w) => w !== 0).length, J);
      assert.deepEqual(Array.from(row.slice(ins.years.indexOf(panel.year[i]) * J, (ins.years.indexOf(panel.year[i]) + 1) * J)), Array.from(ins.rowShares[i]));
    }
  });

  it("refuses what it cannot align: a city without 2006 employment, a year without US stocks, a real panel without its raw files", () => {
    assert.throws(() => instrumentShares({ code: ["999999"], year: [2010] }), (e: unknown) => e instanceof DataError && /999999.*2006 employment/.test((e as Error).message));
    assert.throws(() => instrumentShares({ code: [panel.code[0]], year: [1990] }), (e: unknown) => e instanceof DataError && /1990/.test((e as Error).message));
    const dir = tempDir("kit-16b-");
    fs.writeFileSync(path.join(dir, "panel.csv"), "code,year\n");
    const real = { simulated: false, panelPath: path.join(dir, "panel.csv"), folder: dir, label: "Real data" };
    assert.throws(() => instrumentShares(panel, { data: real }), (e: unknown) => e instanceof SetupError && /raw: /.test((e as Error).message));
    assert.throws(() => instrumentShares(panel, { bogus: 1 } as never), OptionsError);
  });
});

describe("the simulator's share-correlated error option", () => {
  it("switched off (σ_u = 0, any k) draws the world of data/: every recorded level bit for bit", () => {
    const a = simulateWorld(registry, DEFAULT_PARAMS, DEFAULT_SEED).levels;
    const b = simulateWorld(registry, withParams({ shareShock: { sd: 0, subIndustries: 4 } }), DEFAULT_SEED).levels;
    for (const v of Object.keys(a.city) as (keyof typeof a.city)[]) assert.deepEqual(b.city[v], a.city[v], v);
    assert.deepEqual(b.baseEmp, a.baseEmp);
  });

  it("switched on, correlates the errors of cities with similar industry shares", () => {
    const off = simulateWorld(registry, DEFAULT_PARAMS, DEFAULT_SEED);
    const on = simulateWorld(registry, withParams({ shareShock: { sd: 5, subIndustries: 1 } }), DEFAULT_SEED);
    const C = registry.length;
    const T = off.levels.nYears;
    const J = off.levels.industries.length;
    // the option's term: the change in the outcome's error (its systematic part cancels: τ_t, the mechanisms)
    const term = (c: number, t: number) => on.latent.shrink[c * T + t] - on.latent.shrinkNoErr[c * T + t] - (off.latent.shrink[c * T + t] - off.latent.shrinkNoErr[c * T + t]);
    const share = (c: number, j: number) => off.levels.baseEmp[c * J + j] / off.levels.baseEmpTotal[c];
    const covs: number[] = [];
    const sims: number[] = [];
    for (let c = 0; c < C; c += 7) {
      for (let d = c + 7; d < C; d += 7) {
        let cov = 0;
        for (let t = 7; t < T; t++) cov += term(c, t) * term(d, t);
        covs.push(cov);
        let sim = 0;
        for (let j = 0; j < J; j++) sim += share(c, j) * share(d, j);
        sims.push(sim);
      }
    }
    assert.ok(correlation(covs, sims) > 0.3, `correlation of error covariance with share similarity ${correlation(covs, sims)}`);
  });

  it("refuses a negative σ_u and a k that is not a positive whole number", () => {
    assert.throws(() => checkShareShock({ sd: -1, subIndustries: 1 }), OptionsError);
    assert.throws(() => checkShareShock({ sd: 1, subIndustries: 2.5 }), OptionsError);
  });
});

describe("notebook 08: the shift-share Monte Carlo's lesson", () => {
  const B = 400;
  const t0 = Date.now();
  const mc = shiftShareMonteCarlo({ draws: B, seed: 11, cities: registry });
  const seconds = (Date.now() - t0) / 1000;
  const [few, many] = mc.designs;
  const se5 = Math.sqrt((0.05 * 0.95) / B);

  it("runs within the time budget and is deterministic", () => {
    assert.ok(seconds < 20, `${seconds} s`);
    const again = shiftShareMonteCarlo({ draws: 5, seed: 11, cities: registry });
    assert.deepEqual(Array.from(again.designs[1].p.akm), Array.from(many.p.akm.slice(0, 5)));
  });

  it("city-clustered tests over-reject with few and with many industries, AKM far less, and AKM0 holds 5%", () => {
    assert.equal(few.industries, 12);
    assert.equal(many.industries, 60);
    for (const d of mc.designs) {
      assert.ok(d.reject.cluster - 0.05 > 3 * se5, `clustered ${d.reject.cluster}`);
      assert.ok(d.reject.cluster - d.reject.akm > 3 * Math.hypot(d.mcSe.cluster, d.mcSe.akm), `clustered ${d.reject.cluster} vs AKM ${d.reject.akm}`);
      assert.ok(Math.abs(d.reject.akm0 - 0.05) < 3 * se5, `AKM0 ${d.reject.akm0}`);
    }
  });

  it("more industries bring the clustered test and AKM closer to 5%; AKM's excess is then under half the clustered test's", () => {
    assert.ok(few.reject.cluster - many.reject.cluster > 3 * Math.hypot(few.mcSe.cluster, many.mcSe.cluster));
    assert.ok(few.reject.akm - many.reject.akm > 2 * Math.hypot(few.mcSe.akm, many.mcSe.akm));
    assert.ok(many.reject.akm - 0.05 < 0.5 * (many.reject.cluster - 0.05), `AKM ${many.reject.akm}, clustered ${many.reject.cluster} with many industries`);
    assert.ok(few.reject.akm - 0.05 > 3 * se5, `AKM with few industries ${few.reject.akm}`);
  });

  it("the sentence says what the numbers say", () => {
    const text = describeShiftShareMonteCarlo(mc);
    assert.match(text, /12 industries: city-clustered SE [\d.]+% \(MC SE [\d.]+; above 5%/);
    assert.match(text, /AKM0 [\d.]+% \(MC SE [\d.]+; within Monte Carlo error of 5%\)\.$/);
  });

  it("refuses bad designs", () => {
    assert.throws(() => shiftShareMonteCarlo({ draws: 5, seed: 1, subIndustries: [0] }), OptionsError);
    assert.throws(() => shiftShareMonteCarlo({ draws: 5, seed: 1, errorShare: 1 }), OptionsError);
  });
});

describe("notebook 04: the shift-share calls on the study panel, city and year effects absorbed by the library", () => {
  const fe = feols("shrink ~ lnpgdp + gov + fin + open + hc + infra + density + i(year, share_sum) | code + year | ai ~ ss_lin", ps.data as typeof panel, { vcov: { cluster: "code" } });

  it("is the model TABLE5_LINEAR_IV names", () => assert.equal(TABLE5_LINEAR_IV, fe.formula));
  const akm = shiftShareIV(ps, "akm");

  it("AKM's estimate is Table 5's 2SLS with the linear instrument, over 12 industry clusters", () => {
    assert.ok(Math.abs(akm.estimate - fe.coef.ai) <= 1e-8 * Math.abs(fe.coef.ai));
    assert.equal(akm.nSectorClusters, 12);
    assert.deepEqual(akm.fixedEffects, ["code", "year"]);
  });

  it("AKM0's set on the simulated data is reported unbounded when it is, never as a finite interval", () => {
    const akm0 = shiftShareIV(ps, "akm0");
    assert.equal(akm0.bounded, akm0.set.kind === "interval");
    if (!akm0.bounded) assert.ok(!Number.isFinite(akm0.ci[1] - akm0.ci[0]));
    const rows = intervalRows(fe, akm, akm0);
    assert.equal(rows[0].inference, `city-clustered (${new Set(panel.code).size} clusters)`);
    assert.equal(rows[2].width, akm0.bounded ? akm0.ci[1] - akm0.ci[0] : "∞");
  });

  it("the shock-level IV equals the region-level 2SLS (BHJ Prop. 1: share_sum × year is a control), and the reading says so", () => {
    const bhj = shiftShareShockLevel(ps);
    assert.equal(bhj.incompleteShares, false);
    assert.ok(Math.abs(bhj.regionEstimate - fe.coef.ai) <= 1e-8 * Math.abs(fe.coef.ai));
    assert.ok(Math.abs(bhj.estimate - bhj.regionEstimate) <= 1e-8 * Math.abs(bhj.regionEstimate), `${bhj.estimate} vs ${bhj.regionEstimate}`);
    assert.match(describeShockLevel(bhj, fe, ins.rowShares), /equals the region-level 2SLS .*incompleteShares = false/);
    assert.equal(bhj.nShocks, 204);
    assert.equal(bhj.nClusters, 12);
  });

  it("the Rotemberg weights sum to 1, reproduce the 2SLS estimate, and the reading names the heaviest industry", () => {
    const w = shiftShareRotemberg(ps);
    const s = rotembergSummary(w);
    assert.ok(Math.abs(s.sumAlpha - 1) < 1e-10);
    assert.ok(Math.abs(w.bartikEstimate - fe.coef.ai) <= 1e-8 * Math.abs(fe.coef.ai));
    assert.deepEqual(w.fixedEffects, ["code", "year"]);
    const byIndustry = rotembergByIndustry(w);
    assert.ok(Math.abs(byIndustry.reduce((a, b) => a + b.alpha, 0) - 1) < 1e-10);
    assert.match(describeRotemberg(s, w), new RegExp(`industry ${byIndustry[0].industry.replace(/[-]/g, "\\-")} carries`));
  });
});

/** Pearson correlation. */
function correlation(a: number[], b: number[]): number {
  const ma = a.reduce((s, v) => s + v, 0) / a.length;
  const mb = b.reduce((s, v) => s + v, 0) / b.length;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < a.length; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}
