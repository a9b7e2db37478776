/**
 * The performance benchmark of issue 7: `npm run bench` (or `node --import tsx bench/run.ts`).
 *
 *   node --import tsx bench/run.ts                 all cases, each in its own child process; writes bench/RESULTS.md
 *   node --import tsx bench/run.ts balanced iv     only these cases (RESULTS.md is not rewritten)
 *   node --import tsx bench/run.ts --runs 11       timed runs per case (default 7, after 2 warm-up runs)
 *   node --import tsx bench/run.ts --export        also write the panels as CSV to bench/data/ for bench/fixest.R
 *   node --import tsx bench/run.ts --workshop      only the workshop figures (kernel start → first result, first
 *                                                  cell, kernel memory, R beside them; bench/workshop.ts), printed
 *   node --import tsx bench/run.ts --no-r          the full run without R (fixest times then come from
 *                                                  bench/fixest-results.json or the recorded ones)
 *
 * The full run (no case named) does everything in one go and rewrites RESULTS.md: the 1M-row cases;
 * where `Rscript` has fixest (R_LIBS_USER), the panels exported and bench/fixest.R run in the same
 * run, so the ratios compare times taken minutes apart; the workshop figures with R beside them; and
 * `npm run replicate`, timed.
 *
 * Each case runs in a fresh child process (`--case NAME`): it generates its data (seeded, not timed),
 * runs the work twice to warm up the JIT, then times `--runs` runs with process.hrtime (wall clock,
 * in-process, the data already in memory — as `system.time(feols(...))` in R), and reports the
 * process's peak resident set (getrusage maxrss: the whole child process, data generation included)
 * and its resident set before the first fit. It checks the estimates against the data-generating
 * process and exits non-zero if they are off, so a fast but wrong fit fails the benchmark.
 *
 * fixest: `Rscript bench/fixest.R` (after `--export`) times fixest on the identical data with one
 * thread and writes bench/fixest-results.json, which this script then reads; otherwise the ratios
 * use the times recorded in issue 7 (0.11 s balanced, 0.10 s unbalanced, one thread, on this machine).
 */
import { spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync, writeSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { CASES, SEED, Unavailable, type BenchCase } from "./cases";
import { FIXEST_SCRIPT } from "./fixestScript";
import { balancedPanel, dropRandomRows, type BenchPanel } from "./panel";
import { hasJupyterClient, rUnavailable, runWorkshop, workshopSection, type WorkshopResults } from "./workshop";

const HERE = __dirname;
const WARMUP = 2;

interface CaseResult {
  name: string;
  title: string;
  rows: number;
  formula: string;
  work: string;
  note?: string;
  times: number[];
  /** Median CPU seconds (user + system, all threads of the process, GC included) of the same runs. */
  cpuMedian: number;
  /** Median minor page faults per timed run (first touches of fresh memory). */
  faultsMedian: number;
  median: number;
  min: number;
  max: number;
  peakRssMB: number;
  baselineRssMB: number;
  fixestRecorded?: number;
  target?: number;
  targetText?: string;
  check: { lines: string[]; ok: boolean };
  /** The fit's coefficients (OLS and IV cases), for the comparison with fixest's. */
  coef?: Record<string, number>;
  iterations?: Record<string, number>;
  error?: string;
  /** Why the case did not run (e.g. the module it times does not exist yet). */
  skipped?: string;
}

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const MB = 1024 * 1024;

/** Child mode: one case, results as JSON on the last line of stdout. */
function runCase(name: string, runs: number): void {
  const make = CASES[name];
  if (!make) throw new Error(`Unknown case "${name}"; the cases are ${Object.keys(CASES).join(", ")}.`);
  let bench: BenchCase;
  try {
    bench = make();
  } catch (error) {
    if (error instanceof Unavailable) {
      process.stdout.write(`${JSON.stringify({ name, skipped: error.message })}\n`);
      return;
    }
    throw error;
  }
  const baselineRssMB = process.memoryUsage().rss / MB;
  let last: unknown;
  for (let w = 0; w < WARMUP; w++) last = bench.run();
  const times: number[] = [];
  const cpuTimes: number[] = [];
  const faults: number[] = [];
  for (let r = 0; r < runs; r++) {
    const faultsStart = process.resourceUsage().minorPageFault;
    const cpuStart = process.cpuUsage();
    const start = process.hrtime.bigint();
    last = bench.run();
    times.push(Number(process.hrtime.bigint() - start) / 1e9);
    faults.push(process.resourceUsage().minorPageFault - faultsStart);
    const cpu = process.cpuUsage(cpuStart);
    cpuTimes.push((cpu.user + cpu.system) / 1e6);
  }
  const peakRssMB = process.resourceUsage().maxRSS / 1024;
  const check = bench.check(last);
  const fitted = last as { coef?: Record<string, number> } | undefined;
  const coef = fitted && typeof fitted === "object" && fitted.coef && typeof fitted.coef === "object" ? { ...fitted.coef } : undefined;
  const result: CaseResult = {
    name: bench.name,
    title: bench.title,
    rows: bench.rows,
    formula: bench.formula,
    work: bench.work,
    note: bench.note,
    times,
    cpuMedian: median(cpuTimes),
    faultsMedian: median(faults),
    median: median(times),
    min: Math.min(...times),
    max: Math.max(...times),
    peakRssMB,
    baselineRssMB,
    fixestRecorded: bench.fixestRecorded,
    target: bench.target,
    targetText: bench.targetText,
    check,
    coef,
    iterations: bench.iterations?.(),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/** Parent mode: each case in a fresh child process. */
function spawnCase(name: string, runs: number): CaseResult {
  const child = spawnSync(process.execPath, ["--import", "tsx", path.join(HERE, "run.ts"), "--case", name, "--runs", String(runs)], {
    cwd: path.join(HERE, ".."),
    encoding: "utf8",
    maxBuffer: 64 * MB,
  });
  const lines = (child.stdout ?? "").trim().split("\n");
  const last = lines[lines.length - 1];
  if (child.status !== 0 || !last?.startsWith("{")) {
    const message = (child.stderr || child.stdout || "").trim().split("\n").slice(-6).join("\n");
    return { name, error: message || `exit code ${child.status}` } as CaseResult;
  }
  return JSON.parse(last) as CaseResult;
}

interface FixestResults {
  machine?: string;
  fixest?: string;
  cases: Record<string, { median: number; min: number; max: number; coef?: Record<string, number> }>;
}

function readFixest(): FixestResults | undefined {
  const file = path.join(HERE, "fixest-results.json");
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, "utf8")) as FixestResults;
  } catch {
    return undefined;
  }
}

function machine(): string[] {
  let cpu = os.cpus()[0]?.model ?? "unknown";
  try {
    const info = readFileSync("/proc/cpuinfo", "utf8");
    const model = /^model name\s*:\s*(.+)$/m.exec(info);
    if (model) cpu = model[1].trim();
  } catch {
    // not Linux: keep os.cpus()
  }
  return [
    `CPU: ${cpu}, ${os.cpus().length} logical cores (Node runs the fit on one thread)`,
    `Memory: ${(os.totalmem() / 1024 ** 3).toFixed(1)} GB`,
    `OS: ${os.type()} ${os.release()} (${os.arch()})`,
    `Node.js ${process.version}, V8 ${process.versions.v8}`,
    `Load average when the run started: ${os.loadavg().map((l) => l.toFixed(2)).join(", ")} (1, 5, 15 min)`,
  ];
}

const s = (x: number | undefined): string => (x === undefined ? "—" : x < 10 ? x.toFixed(3) : x.toFixed(1));

function writeResults(results: CaseResult[], runs: number, loadAtStart: string[], workshop?: WorkshopResults): string {
  const fixest = readFixest();
  const out: string[] = [];
  out.push("# Benchmark results (issue 7)");
  out.push("");
  out.push(`Written by \`node --import tsx bench/run.ts\` on ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC. Seeded data (seed ${SEED}); rerun to reproduce.`);
  out.push("");
  out.push("## Machine");
  out.push("");
  for (const line of loadAtStart) out.push(`- ${line}`);
  out.push("");
  out.push("## Times");
  out.push("");
  out.push(
    `Wall-clock seconds of one unit of work, measured in-process with \`process.hrtime\` (data already in memory, as \`system.time(feols(…))\` in R): median, min and max of ${runs} runs after ${WARMUP} warm-up runs. ` +
      "CPU s is the process's user + system CPU time over the same runs (all its threads, so V8's GC helpers count too): it shows how much of a wall time was spent waiting for a core on a busy machine. " +
      "Faults is the median number of minor page faults per run (each a first touch of a fresh 4 KB page, several µs on this VM). " +
      "Peak memory is the peak resident set of the whole child process that generated the data and ran the case (getrusage maxrss), with its resident set before the first fit in brackets. " +
      `fixest: ${fixest ? `measured by bench/fixest.R (${fixest.fixest ?? "fixest"}, one thread${fixest.machine ? `, ${fixest.machine}` : ""})` : "the one-thread times recorded in issue 7 on this machine (bench/fixest.R was not run here: fixest is not packaged in Debian)"}.`,
  );
  out.push("");
  out.push("| case | rows | median s | min s | max s | CPU s (median) | faults | peak RSS MB [before fit] | fixest s | ratio to fixest | target | met |");
  out.push("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|");
  for (const r of results) {
    if (r.error || r.skipped) {
      const why = (r.error ?? r.skipped ?? "").split("\n")[0].replace(/\|/g, "\\|");
      out.push(`| ${r.name} | — | ${r.error ? "failed" : "not run"} | | | | | | | | | ${why} |`);
      continue;
    }
    const measured = fixest?.cases[r.name]?.median;
    const fx = measured ?? r.fixestRecorded;
    const ratio = fx ? r.median / fx : undefined;
    const met = r.target === undefined ? "" : r.median <= r.target ? "yes" : `no (${(r.median / r.target).toFixed(2)}× the target)`;
    const memOk = r.peakRssMB < 1024 ? "" : " (≥ 1 GB!)";
    out.push(
      `| ${r.title} | ${r.rows.toLocaleString("en-US")} | ${s(r.median)} | ${s(r.min)} | ${s(r.max)} | ${s(r.cpuMedian)} | ${r.faultsMedian.toFixed(0)} | ${r.peakRssMB.toFixed(0)} [${r.baselineRssMB.toFixed(0)}]${memOk} | ${fx ? `${s(fx)}${measured ? "" : " (recorded)"}` : "—"} | ${ratio ? `${ratio.toFixed(2)}×` : "—"} | ${r.targetText ?? "—"} | ${met} |`,
    );
  }
  out.push("");
  out.push("Peak-memory target: under 1 GB for the 1M-row panels.");
  out.push("");
  out.push(
    "On a shared virtual machine the times move by ±30 % between runs (compare the load average above and the CPU column). " +
      "Much of a 1M-row fit's time here is the kernel's first touch of freshly allocated arrays (a new 8 MB array costs 5–30 ms on this VM), not arithmetic; see bench/README.md.",
  );
  out.push("");
  out.push("## What each case times");
  out.push("");
  for (const r of results) {
    if (r.error || r.skipped) continue;
    out.push(`- **${r.title}** — \`${r.formula}\`, clustered by ${r.name === "wild" || r.name === "refits" ? "city" : "id"}: ${r.work}.${r.note ? ` ${r.note}` : ""}`);
  }
  out.push("");
  out.push("## Correctness checks");
  out.push("");
  out.push("Each case checks its estimates before its time counts (the benchmark fails otherwise): slopes within 4 clustered SEs of the data-generating process (x1 = 0.5, x2 = −0.3; the instrumented xe = 0.5), refits against `feols`.");
  out.push("");
  for (const r of results) {
    if (r.error || r.skipped) continue;
    out.push(`- ${r.title}: ${r.check.ok ? "ok" : "**FAILED**"}`);
    for (const line of r.check.lines) out.push(`  - ${line}`);
  }
  if (fixest) {
    out.push("");
    out.push("fixest's coefficients on the same data (bench/fixest-results.json):");
    out.push("");
    for (const [name, c] of Object.entries(fixest.cases)) {
      if (!c.coef) continue;
      const ours = results.find((r) => r.name === name)?.coef;
      let worst = 0;
      if (ours) for (const [k, v] of Object.entries(c.coef)) if (k in ours) worst = Math.max(worst, Math.abs(ours[k] - v) / Math.max(1, Math.abs(v)));
      out.push(`- ${name}: ${Object.entries(c.coef).map(([k, v]) => `${k} ${v}`).join(", ")}${ours ? `; largest difference from ours ${worst.toExponential(1)}` : ""}`);
    }
  }
  out.push("");
  out.push("## Demeaning iterations per variable");
  out.push("");
  out.push("Tolerance 1e-13 × RMS(x) on the fixed-effect coefficients. Two fixed effects: a complete balanced cross is demeaned in closed form (counted 1); otherwise, with a second effect of at most 300 levels, the reduced system is solved directly and checked by one sweep (counted 1), and each Irons–Tuck iteration still needed after it adds 1. Three or more: Irons–Tuck accelerated alternating projections (an iteration is up to two sweeps).");
  out.push("");
  for (const r of results) {
    if (r.error || r.skipped || !r.iterations) continue;
    out.push(`- ${r.title}: ${Object.entries(r.iterations).map(([k, v]) => `${k} ${v}`).join(", ")}`);
  }
  out.push("");
  out.push("## All runs (seconds)");
  out.push("");
  for (const r of results) if (!r.error && !r.skipped) out.push(`- ${r.name}: ${r.times.map((t) => t.toFixed(3)).join(", ")}`);
  out.push("");
  if (workshop) out.push(...workshopSection(workshop), "");
  return out.join("\n");
}

/** Writes a panel as CSV (full precision: JavaScript's shortest round-trip form of each double). */
function writeCsv(file: string, panel: BenchPanel): void {
  const names = ["id", "year", "idgroup", "x1", "x2", "y", "y3", "z", "xe", "yiv", "w"] as const;
  const fd = openSync(file, "w");
  try {
    writeSync(fd, `${names.join(",")}\n`);
    let chunk: string[] = [];
    for (let i = 0; i < panel.nobs; i++) {
      chunk.push(names.map((k) => String(panel[k][i])).join(","));
      if (chunk.length === 50_000) {
        writeSync(fd, `${chunk.join("\n")}\n`);
        chunk = [];
      }
    }
    if (chunk.length > 0) writeSync(fd, `${chunk.join("\n")}\n`);
  } finally {
    closeSync(fd);
  }
}

function exportData(): void {
  const dir = path.join(HERE, "data");
  mkdirSync(dir, { recursive: true });
  const balanced = balancedPanel(SEED);
  writeCsv(path.join(dir, "balanced.csv"), balanced);
  writeCsv(path.join(dir, "unbalanced.csv"), dropRandomRows(balanced, 0.1, SEED));
  console.log(`Wrote ${path.join(dir, "balanced.csv")} and unbalanced.csv; now run \`Rscript bench/fixest.R\` (needs R with fixest, jsonlite).`);
}

/** Runs bench/fixest.R on freshly exported panels, so the ratios use fixest's times from this run. */
function runFixest(): void {
  exportData();
  console.log("Timing fixest (Rscript bench/fixest.R, one thread)…");
  const run = spawnSync("Rscript", [path.join(HERE, "fixest.R")], { cwd: path.join(HERE, ".."), stdio: "inherit" });
  if (run.status !== 0) console.error(`bench/fixest.R failed (exit ${run.status}); the ratios use bench/fixest-results.json as it was.`);
}

/** The workshop figures (bench/workshop.ts), or undefined with the reason printed when Jupyter is missing. */
function workshop(replicate: boolean): WorkshopResults | undefined {
  if (!hasJupyterClient()) {
    console.log("workshop figures: not run (Debian's jupyter-client is missing: apt-get install jupyter-client).");
    return undefined;
  }
  return runWorkshop({ replicate, log: (line) => console.log(line) });
}

function main(argv: string[]): void {
  const caseAt = argv.indexOf("--case");
  const runsAt = argv.indexOf("--runs");
  const runs = runsAt >= 0 ? Number(argv[runsAt + 1]) : 7;
  if (!(runs >= 1)) throw new Error("--runs needs a positive count.");
  if (caseAt >= 0) return runCase(argv[caseAt + 1], runs);
  if (argv.includes("--workshop")) {
    const results = workshop(false);
    if (results) console.log(`\n${workshopSection(results).join("\n")}`);
    return;
  }

  writeFileSync(path.join(HERE, "fixest.R"), FIXEST_SCRIPT);
  const flags = new Set(["--export", "--runs", String(runs)]);
  const chosen = argv.filter((a) => !flags.has(a) && !a.startsWith("--"));
  const full = chosen.length === 0;
  const loadAtStart = machine();
  const withR = full && !argv.includes("--no-r") && rUnavailable() === null;
  if (withR) runFixest();
  else if (argv.includes("--export")) exportData();
  const names = chosen.length > 0 ? chosen : Object.keys(CASES);
  const results: CaseResult[] = [];
  for (const name of names) {
    const r = spawnCase(name, runs);
    results.push(r);
    if (r.error) console.log(`${name}: FAILED\n${r.error}`);
    else if (r.skipped) console.log(`${name}: not run (${r.skipped})`);
    else console.log(`${r.name}: median ${r.median.toFixed(3)} s (min ${r.min.toFixed(3)}, max ${r.max.toFixed(3)}, CPU ${r.cpuMedian.toFixed(3)}, ${r.faultsMedian.toFixed(0)} page faults), peak RSS ${r.peakRssMB.toFixed(0)} MB, check ${r.check.ok ? "ok" : "FAILED"}${r.iterations ? `, iterations ${JSON.stringify(r.iterations)}` : ""}`);
  }
  const report = writeResults(results, runs, loadAtStart, full ? workshop(true) : undefined);
  if (full) {
    writeFileSync(path.join(HERE, "RESULTS.md"), report);
    console.log(`Wrote ${path.join(HERE, "RESULTS.md")}.`);
  }
  const failed = results.filter((r) => r.error !== undefined || (!r.skipped && !r.check.ok));
  if (failed.length > 0) {
    console.error(`Benchmark FAILED: ${failed.map((r) => r.name).join(", ")} (an error, or estimates off the data-generating process).`);
    process.exitCode = 1;
  }
}

main(process.argv.slice(2));
