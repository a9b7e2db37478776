/**
 * Timing of `rotembergWeights` on bartik.weight's ADH example (1444 rows × 780 share columns, 15 controls,
 * weights), issue 16's target: under 200 ms; and with absorbed city and year effects on the study panel's
 * 204 industry-year sectors (issue 16c). `node --import tsx bench/rotemberg.ts [--runs 11]`.
 * The data are read from test/golden/ (not timed); each call is timed by bench/time.ts (two warm-ups, then
 * `runs` timed calls; median, min and max). The call includes the checks of the inputs.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { panelShares, rotembergSummary, rotembergWeights, type FirstStageVcov } from "../lib/index";
import { time } from "./time";

const GOLDEN = join(__dirname, "..", "test", "golden");
function numericCsv(file: string): { header: string[]; rows: number[][] } {
  const raw = readFileSync(join(GOLDEN, file));
  const lines = (file.endsWith(".gz") ? gunzipSync(new Uint8Array(raw)) : raw).toString("utf8").trim().split(/\r?\n/);
  return { header: lines[0].split(","), rows: lines.slice(1).map((line) => line.split(",").map(Number)) };
}
const master = numericCsv("rotemberg_adh_master.csv.gz");
const data: Record<string, number[]> = {};
master.header.forEach((name, j) => (data[name] = master.rows.map((row) => row[j])));
const shares = numericCsv("rotemberg_adh_shares.csv.gz").rows;
const shocks = numericCsv("rotemberg_adh_global.csv").rows.map((row) => row[2]);
const controls = ["reg_midatl", "reg_encen", "reg_wncen", "reg_satl", "reg_escen", "reg_wscen", "reg_mount", "reg_pacif", "l_sh_popedu_c", "l_sh_popfborn", "l_sh_empl_f", "l_sh_routine33", "l_task_outsource", "t2", "l_shind_manuf_cbp"];
for (const vcov of ["iid", "hetero", { cluster: "czone" }] as FirstStageVcov[]) {
  const label = typeof vcov === "string" ? vcov : `cluster ${vcov.cluster}`;
  time(`rotembergWeights + rotembergSummary, 1444 × 780, F ${label}`, () => rotembergSummary(rotembergWeights({ data, outcome: "d_sh_empl_mfg", endogenous: "d_tradeusch_pw", controls, shares, shocks, weights: "timepwt48", firstStageVcov: vcov })));
}

// The study panel with city and year effects absorbed (notebook 04's case): 4879 city-years, 204 industry-year sectors.
const golden = JSON.parse(readFileSync(join(GOLDEN, "sspanel_golden.json"), "utf8"));
const lines = gunzipSync(new Uint8Array(readFileSync(join(GOLDEN, "sspanel_design.csv.gz")))).toString("utf8").trim().split(/\r?\n/);
const header = lines[0].split(",").map((h) => h.replace(/"/g, ""));
const cells = lines.slice(1).map((line) => line.split(",").map((c) => c.replace(/"/g, "")));
const panel: Record<string, ArrayLike<number | string>> = { code: cells.map((r) => r[0]) };
for (const name of ["year", "shrink", "ai", "lnpgdp", "gov"]) panel[name] = cells.map((r) => Number(r[header.indexOf(name)]));
const industries: string[] = golden.meta.industries;
const rowShares = cells.map((r) => Float64Array.from(industries, (_, j) => Number(r[header.indexOf(`s_${j + 1}`)])));
const ps = panelShares({ data: panel, time: "year", shares: rowShares, industries, shocks: golden.shocks });
time("rotembergWeights, panel 4879 × 204, city + year FE absorbed, F clustered by city", () =>
  rotembergWeights({ data: panel, outcome: "shrink", endogenous: "ai", controls: ["lnpgdp", "gov"], fixedEffects: ["code", "year"], shares: ps.shares, shocks: ps.shocks as Float64Array, firstStageVcov: { cluster: "code" } }));
