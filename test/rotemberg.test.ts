/**
 * Rotemberg weights (Goldsmith-Pinkham, Sorkin & Swift 2020) against R bartik.weight 0.1.0 `bw()` (α, β)
 * and its Stata `bartik_weight.ado` with controls (γ, π), on the package's ADH example with all 780 share
 * columns: `shiftshare_results.json` → `rotemberg.adh_example` (made by make_shiftshare.R in the shared
 * reference folder); the per-sector first-stage F under iid, HC1 and czone clustering against R fixest
 * 0.12.1 (`rotemberg_golden.json`, made by make_rotemberg_golden.R). Origin: test/golden/README-shiftshare.md.
 * Every figure at relative 1e-8; then the bad inputs, each a KitError naming the problem.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { gunzipSync } from "node:zlib";
import { DataError, IdentificationError, KitError, OptionsError, rotembergPlot, rotembergSummary, rotembergWeights, type RotembergWeights } from "../lib/index";
import { validateFigure } from "../lib/report/figures/validate";
import { assertClose, GOLDEN_DIR, readGolden } from "./helpers/golden";

/** A numeric CSV (plain or gzip) from test/golden/ as a header and rows of numbers. */
function readNumericCsv(file: string): { header: string[]; rows: number[][] } {
  const raw = readFileSync(join(GOLDEN_DIR, file));
  const lines = (file.endsWith(".gz") ? gunzipSync(new Uint8Array(raw)) : raw).toString("utf8").trim().split(/\r?\n/);
  return { header: lines[0].split(","), rows: lines.slice(1).map((line) => line.split(",").map(Number)) };
}

const reference = readGolden("shiftshare_results.json").rotemberg.adh_example;
const fixest = readGolden("rotemberg_golden.json");
const master = readNumericCsv("rotemberg_adh_master.csv.gz");
const data: Record<string, number[]> = {};
master.header.forEach((name, j) => (data[name] = master.rows.map((row) => row[j])));
const shareCsv = readNumericCsv("rotemberg_adh_shares.csv.gz");
const shares = shareCsv.rows;
const shocks = readNumericCsv("rotemberg_adh_global.csv").rows.map((row) => row[2]);
const args = { data, outcome: reference.args.outcome, endogenous: reference.args.endogenous, controls: reference.args.controls, weights: reference.args.weights, shares, shocks, sectors: shareCsv.header };

const adh = rotembergWeights({ ...args, firstStageVcov: { cluster: "czone" } });

/** Every element at relative `rel` (exact zeros exactly). */
function assertAllClose(actual: number[], expected: number[], what: string, rel = 1e-8): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  expected.forEach((e, k) => (e === 0 ? assert.equal(actual[k], 0, `${what}[${k}]`) : assertClose(actual[k], e, rel, `${what}[${k}] (${reference.sectors[k]})`)));
}

describe("rotembergWeights on bartik.weight's ADH example (780 sectors)", () => {
  it("has 780 sectors of 1444 rows and reports the two rows with no shares", () => {
    assert.equal(adh.alpha.length, reference.n_sectors);
    assert.equal(adh.nobs, reference.nobs);
    assert.deepEqual(adh.zeroShareRows.length, 2);
    assert.deepEqual(adh.droppedControls, []);
  });
  for (const key of ["alpha", "beta"] as const) {
    it(`${key} equals bw()'s for every sector`, () => assertAllClose(adh[key], reference[key], key));
  }
  for (const key of ["gamma", "pi"] as const) {
    it(`${key} equals bartik_weight.ado's (controls branch) for every sector`, () => assertAllClose(adh[key], reference[key], key));
  }
  it("pi equals fixest's first-stage coefficient on each share", () => assertAllClose(adh.pi, fixest.first_stage_F.pi, "pi vs fixest"));
  it("the weights sum to 1", () => {
    const sum = adh.alpha.reduce((a, b) => a + b, 0);
    assertClose(sum, reference.sum_alpha, 1e-12, "sum alpha vs R");
    assertClose(sum, 1, 1e-12, "sum alpha");
  });
  it("sum of alpha·beta and the direct Bartik estimate equal the Bartik 2SLS (AER::ivreg, fixest)", () => {
    const summary = rotembergSummary(adh);
    assertClose(summary.sumAlphaBeta, reference.sum_alpha_beta, 1e-8, "sum alpha beta");
    assertClose(summary.sumAlphaBeta, reference.bartik_2sls, 1e-8, "sum alpha beta vs ivreg");
    assertClose(adh.bartikEstimate, reference.bartik_2sls, 1e-8, "bartik estimate vs ivreg");
    assertClose(adh.bartikEstimate, fixest.bartik_2sls_fixest, 1e-8, "bartik estimate vs fixest");
  });
  for (const [vcov, key] of [["iid", "iid"], ["hetero", "hetero"], [{ cluster: "czone" }, "cluster_czone"]] as const) {
    it(`the per-sector first-stage F (${key}) equals fixest's t² for every sector`, () => {
      const fit = key === "cluster_czone" ? adh : rotembergWeights({ ...args, firstStageVcov: vcov });
      assertAllClose(fit.firstStageF, fixest.first_stage_F[key], `F ${key}`);
    });
  }
});

describe("rotembergSummary: what GPSS report", () => {
  const summary = rotembergSummary(adh);
  it("lists the five largest weights as bw() with their beta, gamma, pi and shock", () => {
    assert.deepEqual(summary.top.map((s) => s.sector), reference.top5_by_alpha.map((s: { sector: string }) => s.sector));
    summary.top.forEach((s, r) => {
      const want = reference.top5_by_alpha[r];
      assert.equal(s.rank, r + 1);
      for (const key of ["alpha", "beta", "gamma", "pi"] as const) assertClose(s[key], want[key], 1e-8, `top ${r + 1} ${key}`);
      assertClose(s.shock, want.g, 1e-15, `top ${r + 1} g`);
      assertClose(s.firstStageF, fixest.first_stage_F.cluster_czone[s.index], 1e-8, `top ${r + 1} F`);
    });
  });
  it("gives each top sector's share of the estimate as alpha·beta / sum alpha·beta", () => {
    summary.top.forEach((s, r) => {
      const want = reference.top5_by_alpha[r];
      assertClose(s.shareOfEstimate, (want.alpha * want.beta) / reference.sum_alpha_beta, 1e-8, `top ${r + 1} share`);
    });
  });
  it("splits the weights by sign with GPSS's share |sum of negatives| / sum |alpha|", () => {
    const alpha: number[] = reference.alpha;
    const negative = alpha.filter((a) => a < 0);
    const positive = alpha.filter((a) => a > 0);
    const negSum = negative.reduce((a, b) => a + b, 0);
    const posSum = positive.reduce((a, b) => a + b, 0);
    assert.equal(summary.negative.count, negative.length);
    assert.equal(summary.positive.count, positive.length);
    assertClose(summary.negative.sum, negSum, 1e-8, "negative sum");
    assertClose(summary.positive.sum, posSum, 1e-8, "positive sum");
    assertClose(summary.negative.share, -negSum / (posSum - negSum), 1e-8, "negative share");
    assertClose(summary.negative.share + summary.positive.share, 1, 1e-12, "shares add up");
    assertClose(summary.negative.alphaBeta + summary.positive.alphaBeta, reference.sum_alpha_beta, 1e-8, "alpha-beta by sign");
  });
  it("refuses a top that is not a positive whole number", () => {
    assert.throws(() => rotembergSummary(adh, { top: 0 }), OptionsError);
    assert.throws(() => rotembergSummary(adh, { tops: 3 } as never), /unknown option "tops"/);
  });
});

describe("rotembergPlot: beta_k against the first-stage F, area proportional to |alpha_k|", () => {
  const spec = rotembergPlot(adh);
  it("is a valid plotly spec with positive and negative weights and the Bartik estimate as a line", () => {
    assert.deepEqual(validateFigure(spec), []);
    assert.equal(spec.data.length, 3);
    const line = spec.data[2] as { y: number[] };
    assert.deepEqual(line.y, [adh.bartikEstimate, adh.bartikEstimate]);
  });
  it("shows only sectors with F of at least 5 and a non-zero weight, sized by the square root of |alpha|", () => {
    const keep = adh.alpha.map((_, s) => s).filter((s) => adh.alpha[s] !== 0 && adh.firstStageF[s] >= 5);
    const [pos, neg] = spec.data as { x: number[]; marker: { size: number[] } }[];
    assert.equal(pos.x.length + neg.x.length, keep.length);
    const top = keep.reduce((a, b) => (Math.abs(adh.alpha[b]) > Math.abs(adh.alpha[a]) ? b : a));
    assert.equal(Math.max(...pos.marker.size, ...neg.marker.size), 40, `largest marker is sector ${adh.sectors[top]}`);
  });
  it("refuses a minF that leaves no sector", () => {
    assert.throws(() => rotembergPlot(adh, { minF: 1e12 }), OptionsError);
  });
});

describe("rotembergWeights refuses bad input with a KitError that names the problem", () => {
  // A small design: 6 regions, 3 sectors, one control.
  const small = { y: [1, 2, 0, 3, 5, 4], x: [0.5, 1.5, 0.2, 2.0, 2.6, 1.9], c: [1, 0, 1, 0, 1, 1], w: [1, 2, 1, 1, 2, 1], id: [1, 1, 2, 2, 3, 3] };
  const sh = [
    [0.2, 0.3, 0.5],
    [0.6, 0.1, 0.3],
    [0.1, 0.8, 0.1],
    [0.5, 0.4, 0.1],
    [0.7, 0.2, 0.1],
    [0.3, 0.3, 0.4],
  ];
  const base = { data: small, outcome: "y", endogenous: "x", controls: ["c"], shares: sh, shocks: [1, -2, 0.5] };
  const throwsKit = (input: unknown, kind: typeof KitError, pattern: RegExp): void => {
    assert.throws(() => rotembergWeights(input as never), (e: unknown) => e instanceof kind && e instanceof KitError && pattern.test((e as Error).message));
  };

  it("works on the small design (weights sum to 1)", () => {
    const w = rotembergWeights({ ...base, weights: "w" });
    assertClose(w.alpha.reduce((a, b) => a + b, 0), 1, 1e-12, "sum alpha");
  });
  it("a share matrix whose row count differs from the data's", () => {
    throwsKit({ ...base, shares: sh.slice(1) }, DataError, /share matrix has 5 rows but the data has 6/);
  });
  it("a share that is not a number", () => {
    throwsKit({ ...base, shares: sh.map((r, i) => (i === 3 ? [r[0], "0.4", r[2]] : r)) }, DataError, /sector 2 in data row 4 is text "0\.4"/);
    throwsKit({ ...base, shares: sh.map((r, i) => (i === 0 ? [null, r[1], r[2]] : r)) }, DataError, /sector 1 in data row 1 is null/);
    throwsKit({ ...base, shares: sh.map((r, i) => (i === 5 ? [r[0], r[1], NaN] : r)) }, DataError, /sector 3 in data row 6 is NaN/);
  });
  it("share rows of different lengths", () => {
    throwsKit({ ...base, shares: sh.map((r, i) => (i === 2 ? r.slice(0, 2) : r)) }, DataError, /shares row 3 \(data row 3\) has 2 shares, but row 1 has 3/);
  });
  it("shocks of the wrong length or not numbers", () => {
    throwsKit({ ...base, shocks: [1, 2] }, DataError, /2 shocks but 3 share columns/);
    throwsKit({ ...base, shocks: [1, "2", 3] }, DataError, /shock of sector 2 is text "2"/);
  });
  it("an instrument with no first stage", () => {
    throwsKit({ ...base, shocks: [0, 0, 0] }, IdentificationError, /does not vary beyond the controls \(are all shocks 0/);
    throwsKit({ ...base, controls: [], data: { ...small, x: [2, 1, 3, 2, 1, 3] }, shares: sh.map((r, i) => [r[0], r[1], i % 3 === 0 ? 1 : 0]), shocks: [0, 0, 1] }, IdentificationError, /has no first stage/);
    throwsKit({ ...base, data: { ...small, x: [2, 2, 2, 2, 2, 2] } }, IdentificationError, /"x" does not vary beyond the controls/);
  });
  it("a row whose shares are all zero is kept and reported, as bw() does", () => {
    const w = rotembergWeights({ ...base, shares: sh.map((r, i) => (i === 1 ? [0, 0, 0] : r)) });
    assert.deepEqual(w.zeroShareRows, [1]);
  });
  it("unknown or incomplete columns and negative weights", () => {
    throwsKit({ ...base, outcome: "yy" }, DataError, /outcome "yy" is not a column/);
    throwsKit({ ...base, data: { ...small, y: [1, null, 0, 3, 5, 4] } }, DataError, /outcome "y" is missing in row 2; drop that row from both the data and the shares/);
    throwsKit({ ...base, weights: "x2" }, DataError, /weights column "x2" is not a column/);
    throwsKit({ ...base, data: { ...small, w: [1, -1, 1, 1, 1, 1] }, weights: "w" }, DataError, /negative value/);
  });
  it("unknown options, a bad first-stage variance, sector names of the wrong length", () => {
    throwsKit({ ...base, weight: "w" }, OptionsError, /unknown option "weight"/);
    throwsKit({ ...base, firstStageVcov: "cluster" }, OptionsError, /firstStageVcov must be/);
    throwsKit({ ...base, firstStageVcov: { cluster: "region" } }, DataError, /cluster variable "region" is not a column/);
    throwsKit({ ...base, sectors: ["a", "b"] }, OptionsError, /name each of the 3 share columns/);
  });
  it("an unknown fixed-effect column, with the nearest name", () => throwsKit({ ...base, fixedEffects: ["ids"] }, DataError, /fixed effect "ids" is not a column.*id/));
  it("a fixed effect with a missing value", () => throwsKit({ ...base, data: { ...small, id: [1, null, 2, 2, 3, 3] }, fixedEffects: ["id"] }, DataError, /fixed effect "id" is missing in row 2; drop that row from both the data and the shares/));
  it("fixedEffects that is not an array of names", () => throwsKit({ ...base, fixedEffects: "id" }, OptionsError, /fixedEffects must be an array of column names/));
  it("a clustered F with the small design's three clusters", () => {
    const w: RotembergWeights = rotembergWeights({ ...base, firstStageVcov: { cluster: "id" } });
    assert.equal(w.firstStageVcov, "clustered by id (CR1)");
    assert.ok(w.firstStageF.every((f) => Number.isFinite(f) && f >= 0));
  });
});
