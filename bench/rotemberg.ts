/**
 * Timing of `rotembergWeights` on bartik.weight's ADH example (1444 rows × 780 share columns, 15 controls,
 * weights), issue 16's target: under 200 ms. `node --import tsx bench/rotemberg.ts [--runs 11]`.
 * The data are read from test/golden/ (not timed); each variance of the per-sector F is warmed up twice,
 * then timed `runs` times (wall clock, performance.now); the median is printed. The call includes the
 * checks of the inputs (every share read and checked once).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { rotembergSummary, rotembergWeights, type FirstStageVcov } from "../lib/index";

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
const runsArg = process.argv.indexOf("--runs");
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 11;

for (const vcov of ["iid", "hetero", { cluster: "czone" }] as FirstStageVcov[]) {
  const call = () => rotembergSummary(rotembergWeights({ data, outcome: "d_sh_empl_mfg", endogenous: "d_tradeusch_pw", controls, shares, shocks, weights: "timepwt48", firstStageVcov: vcov }));
  call();
  call();
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    call();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const label = typeof vcov === "string" ? vcov : `cluster ${vcov.cluster}`;
  console.log(`rotembergWeights + rotembergSummary, 1444 × 780, F ${label}: median ${times[Math.floor(runs / 2)].toFixed(1)} ms (min ${times[0].toFixed(1)}, max ${times[runs - 1].toFixed(1)}, ${runs} runs)`);
}
