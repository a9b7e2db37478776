/**
 * Rotemberg weights with absorbed fixed effects (`rotembergWeights({ fixedEffects: ["code", "year"] })`) on the
 * kit's study panel stacked into 204 industry × year sectors (the design of sspanel_design.csv.gz, shocks from
 * sspanel_golden.json): α and β against R bartik.weight 0.1.0 bw() with the city and year effects as dummy
 * controls, each sector's first-stage F (iid, HC1, clustered by city) and π against R fixest 0.12.1 with the
 * effects absorbed (`| code + year`, K counted as fixest counts it), the Bartik 2SLS against fixest —
 * rotemberg_fe_golden.json, made by make_rotemberg_fe_golden.R (origin: test/golden/README-shiftshare.md).
 * Every figure at relative 1e-8. Then the weighted case against the kit's own dummy-control route (FWL) and
 * the bad input (in rotemberg.test.ts with the other bad input).
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { gunzipSync } from "node:zlib";
import { panelShares, rotembergWeights } from "../lib/index";
import { assertClose, GOLDEN_DIR, readGolden } from "./helpers/golden";

const golden = readGolden("rotemberg_fe_golden.json");
const design = readGolden("sspanel_golden.json");
const lines = gunzipSync(new Uint8Array(readFileSync(join(GOLDEN_DIR, "sspanel_design.csv.gz")))).toString("utf8").trim().split(/\r?\n/);
const header = lines[0].split(",").map((h) => h.replace(/"/g, ""));
const cells = lines.slice(1).map((line) => line.split(",").map((c) => c.replace(/"/g, "")));
const column = (name: string) => cells.map((row) => Number(row[header.indexOf(name)]));
const industries: string[] = design.meta.industries;
const years: number[] = design.meta.years;
const data: Record<string, ArrayLike<number | string>> = { code: cells.map((row) => row[0]) };
for (const name of ["year", "shrink", "ai", "lnpgdp", "gov", "share_sum"]) data[name] = column(name);
for (const t of years) data[`ss_${t}`] = (data.share_sum as number[]).map((s, i) => (data.year[i] === t ? s : 0));
const rowShares = cells.map((row) => industries.map((_, j) => Number(row[header.indexOf(`s_${j + 1}`)])));
const ps = panelShares({ data, time: "year", shares: rowShares, industries, shocks: design.shocks });
const controls = ["lnpgdp", "gov", ...years.map((t) => `ss_${t}`)];
const args = { data, outcome: "shrink", endogenous: "ai", controls, fixedEffects: ["code", "year"], shares: ps.shares, shocks: ps.shocks as Float64Array };
const clustered = rotembergWeights({ ...args, firstStageVcov: { cluster: "code" } });

/** Every element at relative 1e-8. */
function assertAllClose(actual: number[], expected: number[], what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  expected.forEach((e, k) => assertClose(actual[k], e, 1e-8, `${what}[${k}]`));
}

describe("rotembergWeights with city and year effects absorbed, on the study panel (204 industry-year sectors)", () => {
  it("drops the one share_sum × year slope the city effects absorb, as fixest and R's QR do", () => {
    assert.equal(clustered.nobs, golden.meta.nobs);
    assert.equal(clustered.alpha.length, golden.meta.n_sectors);
    assert.equal(clustered.droppedControls.length, 1);
    assert.deepEqual(clustered.fixedEffects, ["code", "year"]);
  });
  for (const key of ["alpha", "beta"] as const) {
    it(`${key} equals bw()'s with factor(code) + factor(year) dummies among the controls`, () => assertAllClose(clustered[key], golden[key], key));
  }
  it("pi equals fixest's first-stage coefficient on each share with | code + year", () => assertAllClose(clustered.pi, golden.first_stage_F.pi, "pi"));
  for (const [vcov, key] of [["iid", "iid"], ["hetero", "hetero"], [{ cluster: "code" }, "cluster_code"]] as const) {
    it(`the first-stage F (${key}) equals fixest's t² with the effects absorbed (K = ${key === "cluster_code" ? golden.meta.K_fixest_cluster_code : golden.meta.K_fixest_iid})`, () => {
      const fit = key === "cluster_code" ? clustered : rotembergWeights({ ...args, firstStageVcov: vcov });
      assertAllClose(fit.firstStageF, golden.first_stage_F[key], `F ${key}`);
    });
  }
  it("Σα = 1 and the Bartik estimate equals fixest's 2SLS with the effects absorbed", () => {
    assertClose(clustered.alpha.reduce((a, b) => a + b, 0), 1, 1e-12, "sum alpha");
    assertClose(clustered.bartikEstimate, golden.bartik_2sls_fixest, 1e-8, "Bartik 2SLS");
  });
});

describe("rotembergWeights with fixed effects, weighted: the same numbers as the dummies among the controls (FWL)", () => {
  // 30 cities keep the dummy route quick; weights vary within and across cities.
  const cities = [...new Set(data.code as string[])].slice(0, 30);
  const rows = (data.code as string[]).map((c, i) => (cities.includes(c) ? i : -1)).filter((i) => i >= 0);
  const sub: Record<string, ArrayLike<number | string>> = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, rows.map((i) => v[i])]));
  sub.w = rows.map((i) => 1 + ((i * 7919) % 13) / 4);
  const dummies = [...cities.slice(1).map((c) => [`d_${c}`, rows.map((i) => (data.code[i] === c ? 1 : 0))]), ...years.slice(1).map((t) => [`y_${t}`, rows.map((i) => (data.year[i] === t ? 1 : 0))])] as [string, number[]][];
  const withDummies = { ...sub, ...Object.fromEntries(dummies) };
  const shares = rows.map((i) => ps.shares[i]);
  const common = { outcome: "shrink", endogenous: "ai", shares, shocks: ps.shocks as Float64Array, weights: "w", firstStageVcov: "hetero" as const };
  const fe = rotembergWeights({ ...common, data: sub, controls, fixedEffects: ["code", "year"] });
  const dv = rotembergWeights({ ...common, data: withDummies, controls: [...controls, ...dummies.map(([name]) => name)] });
  for (const key of ["alpha", "beta", "gamma", "pi", "firstStageF"] as const) {
    it(`${key} agrees (relative 1e-8; the F counts Σ L_f − (F − 1) = the dummies and the intercept)`, () => {
      fe[key].forEach((v, k) => (Number.isNaN(dv[key][k]) ? assert.ok(Number.isNaN(v), `${key}[${k}]`) : assertClose(v, dv[key][k], 1e-8, `${key}[${k}]`)));
    });
  }
});
