/**
 * Timing of the shift-share inference (issue 16): `shiftShareSE` AKM + AKM0 on ShiftShareSE's ADH data (1444
 * rows × 770 sectors, the vignette's weighted IV with 15 controls and sic3 clusters; target < 200 ms),
 * `shockLevelIV` on bartik.weight's ADH example (1444 × 780, 17 controls, weights, clustered), and the panel
 * case on the study's design (test/golden/sspanel_design.csv.gz: 4879 city-years, 204 industry-year sectors,
 * city and year fixed effects): `panelShares`, `shiftShareSE` AKM + AKM0 and `shockLevelIV`.
 * `node --import tsx bench/shiftshare.ts [--runs 11]`. Data read from test/golden/ (not timed); each call timed by
 * bench/time.ts (two warm-ups, then `runs` timed calls; median, min and max). Each call includes the checks of its
 * inputs (every share read and checked once).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { panelShares, shiftShareSE, shockLevelIV } from "../lib/index";
import { time } from "./time";

const GOLDEN = join(__dirname, "..", "test", "golden");
function csv(file: string): { header: string[]; rows: string[][] } {
  const raw = readFileSync(join(GOLDEN, file));
  const lines = (file.endsWith(".gz") ? gunzipSync(new Uint8Array(raw)) : raw).toString("utf8").trim().split(/\r?\n/);
  const unquote = (s: string) => s.replace(/^"|"$/g, "");
  return { header: lines[0].split(",").map(unquote), rows: lines.slice(1).map((line) => line.split(",").map(unquote)) };
}
function columns(table: { header: string[]; rows: string[][] }, text: string[] = []): Record<string, ArrayLike<number | string>> {
  const out: Record<string, ArrayLike<number | string>> = {};
  table.header.forEach((h, k) => (out[h] = text.includes(h) ? table.rows.map((r) => r[k]) : Float64Array.from(table.rows, (r) => Number(r[k]))));
  return out;
}
// ShiftShareSE's ADH: the vignette's weighted IV.
const reg = columns(csv("shiftshare_adh_reg.csv.gz"));
const W = csv("shiftshare_adh_W.csv.gz").rows.map((r) => Float64Array.from(r, Number));
const sic3 = csv("shiftshare_adh_sectors.csv").rows.map((r) => Number(r[1]));
const adhControls = "t2 + l_shind_manuf_cbp + l_sh_popedu_c + l_sh_popfborn + l_sh_empl_f + l_sh_routine33 + l_task_outsource + div2 + div3 + div4 + div5 + div6 + div7 + div8 + div9";
const akmArgs = { data: reg, formula: `d_sh_empl ~ ${adhControls} | shock ~ IV`, shiftShare: "IV", shares: W, weights: "weights", regionCluster: "statefip", sectorCluster: sic3 };
time("shiftShareSE AKM + AKM0, ADH 1444 × 770, weighted IV, 15 controls, sic3 clusters", () => [shiftShareSE({ ...akmArgs, method: "akm" }), shiftShareSE({ ...akmArgs, method: "akm0" })]);

// bartik.weight's ADH: the shock-level IV.
const master = columns(csv("rotemberg_adh_master.csv.gz")) as Record<string, Float64Array>;
const Z = csv("rotemberg_adh_shares.csv.gz").rows.map((r) => Float64Array.from(r, Number));
const global = csv("rotemberg_adh_global.csv").rows.map((r) => r.map(Number));
const g = global.map((r) => r[2]);
const S = Z.map((row) => row.reduce((a, b) => a + b, 0));
const bhjData = { ...master, z: Z.map((row) => row.reduce((s, w, k) => s + w * g[k], 0)), S, S_t2: S.map((v, i) => v * master.t2[i]) };
const bhjControls = "reg_midatl + reg_encen + reg_wncen + reg_satl + reg_escen + reg_wscen + reg_mount + reg_pacif + l_sh_popedu_c + l_sh_popfborn + l_sh_empl_f + l_sh_routine33 + l_task_outsource + t2 + l_shind_manuf_cbp + S + S_t2";
time("shockLevelIV, ADH 1444 × 780, 17 controls, weighted, clustered by industry", () =>
  shockLevelIV({ data: bhjData, formula: `d_sh_empl_mfg ~ ${bhjControls} | d_tradeusch_pw ~ z`, shiftShare: "z", shares: Z, shocks: g, weights: "timepwt48", sectorCluster: global.map((r) => r[1]), shockControls: { p2000: global.map((r) => (r[0] === 2000 ? 1 : 0)) } }));

// The study panel: 4879 city-years, 12 industries × 17 years.
const golden = JSON.parse(readFileSync(join(GOLDEN, "sspanel_golden.json"), "utf8"));
const design = csv("sspanel_design.csv.gz");
const panel = columns(design, ["code"]);
const industries: string[] = golden.meta.industries;
const rowShares = design.rows.map((r) => Float64Array.from(industries, (_, j) => Number(r[design.header.indexOf(`s_${j + 1}`)])));
const build = () => panelShares({ data: panel, time: "year", shares: rowShares, industries, shocks: golden.shocks });
time("panelShares, 4879 city-years → 204 industry-year sectors", build);
const ps = build();
const panelArgs = { data: panel, formula: "shrink ~ lnpgdp + gov + i(year, share_sum) | code + year | ai ~ ss", shiftShare: "ss", shares: ps.shares, sectorCluster: ps.sectorCluster };
time("shiftShareSE AKM + AKM0, panel 4879 × 204, city + year FE, clustered by industry", () => [shiftShareSE({ ...panelArgs, method: "akm" }), shiftShareSE({ ...panelArgs, method: "akm0" })]);
time("shockLevelIV, panel 4879 × 204, city + year FE, clustered by industry", () => shockLevelIV({ ...panelArgs, shocks: ps.shocks as Float64Array }));
