/**
 * The workshop's side of the benchmark (issue 17): what a participant waits for and what the kernel
 * holds, measured with the real Jupyter kernel (kernels/tslab-kit through Debian's jupyter-client,
 * bench/kernelProbe.py), beside R doing the same from a fresh Rscript (bench/first-result.R), and
 * the whole replication (`npm run replicate`).
 *
 * - kernel start → first result: a fresh kernel, one cell that imports feols and loadStudyPanel,
 *   loads the study panel and fits the baseline model clustered by city (kernelProbe.py's cell);
 *   R: a fresh `Rscript` that loads fixest, reads data/panel.csv and fits the same model.
 * - first cell: notebook 03's first code cell (its imports, the panel, the truth) in a fresh kernel.
 * - memory: the kernel process's resident set after that fit, and at the end of notebook 03.
 * Each figure is the median of `runs` fresh kernels (processes), one after another.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

const ROOT = path.join(__dirname, "..");
const PYTHON = "/usr/bin/python3"; // Debian's Jupyter runs under it (design.md §8)

/** One fresh kernel that ran the first-result cell (kernelProbe.py first-result). */
export interface FirstResultRun {
  startToReady: number;
  firstCell: number;
  startToFirstResult: number;
  cpuToFirstResult: number;
  rssMB: number;
  peakRssMB: number;
  output: string;
  error: string | null;
}

/** One fresh kernel that ran a whole notebook (kernelProbe.py notebook). */
export interface NotebookRun {
  startToReady: number;
  firstCell: number;
  notebookSeconds: number;
  cpuSeconds: number;
  rssMB: number;
  peakRssMB: number;
  errors: string[];
}

/** One fresh Rscript (bench/first-result.R), with its wall time from spawn to exit. */
export interface RRun {
  wall: number;
  loadFixest: number;
  readPanel: number;
  fit: number;
  ai: number;
  se: number;
  rssMB: number;
  peakRssMB: number;
  fixest: string;
  nthreads: number;
}

/** Everything one workshop benchmark measured (medians in `summary`). */
export interface WorkshopResults {
  root: string;
  runs: number;
  loadAtStart: number[];
  firstResult: FirstResultRun[];
  notebook: NotebookRun[];
  r: RRun[] | { unavailable: string };
  replicate?: { wall: number; ok: boolean; tail?: string } | { skipped: string };
  summary: Record<string, number>;
}

export function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Runs kernelProbe.py once against the project at `root`; throws with its stderr if it fails. */
function probe<T>(root: string, args: string[]): T {
  const run = spawnSync(PYTHON, [path.join(__dirname, "kernelProbe.py"), ...args], {
    cwd: root,
    env: { ...process.env, JUPYTER_PATH: root },
    encoding: "utf8",
    timeout: 900_000,
  });
  const last = (run.stdout ?? "").trim().split("\n").pop() ?? "";
  if (run.status !== 0 || !last.startsWith("{")) throw new Error(`kernelProbe.py ${args[0]} failed (exit ${run.status}):\n${(run.stderr ?? "").slice(-2000)}`);
  return JSON.parse(last) as T;
}

/** True when Debian's jupyter-client can start kernels here. */
export function hasJupyterClient(): boolean {
  return spawnSync(PYTHON, ["-c", "import jupyter_client"], { stdio: "ignore" }).status === 0;
}

/** Why R cannot run the R side here, or null (Rscript on PATH and fixest in its library: set R_LIBS_USER). */
export function rUnavailable(): string | null {
  const probeR = spawnSync("Rscript", ["-e", "suppressPackageStartupMessages(library(fixest))"], { encoding: "utf8" });
  if (probeR.error) return "Rscript is not on PATH";
  if (probeR.status !== 0) return "R has no fixest (install it, or point R_LIBS_USER at a library that has it)";
  return null;
}

/** One fresh Rscript doing the first result. */
function runR(root: string): RRun {
  const start = process.hrtime.bigint();
  const run = spawnSync("Rscript", [path.join(__dirname, "first-result.R"), root], { encoding: "utf8" });
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  const last = (run.stdout ?? "").trim().split("\n").pop() ?? "";
  if (run.status !== 0 || !last.startsWith("{")) throw new Error(`bench/first-result.R failed (exit ${run.status}):\n${(run.stderr ?? "").slice(-2000)}`);
  return { wall, ...(JSON.parse(last) as Omit<RRun, "wall">) };
}

/** `npm run replicate` once, wall clock from spawn to exit. */
function runReplicate(root: string): { wall: number; ok: boolean; tail?: string } {
  const start = process.hrtime.bigint();
  const run = spawnSync("npm", ["run", "replicate"], { cwd: root, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  const ok = run.status === 0;
  return ok ? { wall, ok } : { wall, ok, tail: `${run.stdout ?? ""}${run.stderr ?? ""}`.trim().split("\n").slice(-8).join("\n") };
}

/** The medians the report shows, keyed as in WORKSHOP_ROWS. */
export function summarize(first: FirstResultRun[], nb: NotebookRun[], r: RRun[] | null, replicate?: WorkshopResults["replicate"]): Record<string, number> {
  const m = <T>(xs: T[], f: (x: T) => number): number => median(xs.map(f));
  const out: Record<string, number> = {
    startToReady: m(first, (x) => x.startToReady),
    firstResultCell: m(first, (x) => x.firstCell),
    startToFirstResult: m(first, (x) => x.startToFirstResult),
    cpuToFirstResult: m(first, (x) => x.cpuToFirstResult),
    rssAfterFit: m(first, (x) => x.rssMB),
    notebookFirstCell: m(nb, (x) => x.firstCell),
    notebookSeconds: m(nb, (x) => x.notebookSeconds),
    rssAfterNotebook: m(nb, (x) => x.rssMB),
    peakRssNotebook: m(nb, (x) => x.peakRssMB),
  };
  if (r && r.length > 0) {
    out.rStartToFirstResult = m(r, (x) => x.wall);
    out.rRss = m(r, (x) => x.rssMB);
  }
  if (replicate && "wall" in replicate) out.replicate = replicate.wall;
  return out;
}

/**
 * Measures the workshop figures on the project at `root` (default: this one): `runs` fresh kernels
 * for the first result, `runs` for notebook 03, `runs` Rscripts when R has fixest, and the
 * replication once when `replicate` is set.
 */
export function runWorkshop(options: { root?: string; runs?: number; notebook?: string; replicate?: boolean; log?: (line: string) => void } = {}): WorkshopResults {
  const root = options.root ?? ROOT;
  const runs = options.runs ?? 3;
  const notebook = options.notebook ?? "notebooks/03_baseline.ipynb";
  const log = options.log ?? (() => undefined);
  const loadAtStart = (readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3)).map(Number);
  const firstResult: FirstResultRun[] = [];
  const nb: NotebookRun[] = [];
  const r: RRun[] = [];
  const whyNoR = rUnavailable();
  for (let k = 0; k < runs; k++) {
    firstResult.push(probe<FirstResultRun>(root, ["first-result", root]));
    log(`kernel run ${k + 1}: start → first result ${firstResult[k].startToFirstResult.toFixed(2)} s, RSS ${firstResult[k].rssMB} MB`);
    nb.push(probe<NotebookRun>(root, ["notebook", root, notebook]));
    log(`${notebook} run ${k + 1}: first cell ${nb[k].firstCell.toFixed(2)} s, whole ${nb[k].notebookSeconds.toFixed(1)} s, RSS ${nb[k].rssMB} MB`);
    if (!whyNoR) {
      r.push(runR(root));
      log(`R run ${k + 1}: start → first result ${r[k].wall.toFixed(2)} s`);
    }
  }
  const replicate = options.replicate ? runReplicate(root) : undefined;
  return {
    root,
    runs,
    loadAtStart,
    firstResult,
    notebook: nb,
    r: whyNoR ? { unavailable: whyNoR } : r,
    replicate: replicate ?? { skipped: "not asked for (--workshop runs the kernel cases only)" },
    summary: summarize(firstResult, nb, whyNoR ? null : r, replicate),
  };
}

/** The report's rows: key in `summary`, label, unit, the issue's goal where it sets one. */
export const WORKSHOP_ROWS: Array<{ key: string; label: string; unit: "s" | "MB"; goal?: string; r?: string }> = [
  { key: "startToReady", label: "kernel start → kernel answers", unit: "s" },
  { key: "firstResultCell", label: "the first-result cell (imports, panel, fit)", unit: "s" },
  { key: "startToFirstResult", label: "**kernel start → first feols result**", unit: "s", goal: "≤ 2 s (quiet machine)", r: "rStartToFirstResult" },
  { key: "cpuToFirstResult", label: "kernel CPU time to first result", unit: "s" },
  { key: "rssAfterFit", label: "**kernel RSS after panel + baseline fit**", unit: "MB", goal: "≤ 200 MB", r: "rRss" },
  { key: "notebookFirstCell", label: "notebook 03's first cell", unit: "s" },
  { key: "notebookSeconds", label: "notebook 03, all cells", unit: "s" },
  { key: "rssAfterNotebook", label: "kernel RSS after notebook 03", unit: "MB" },
  { key: "peakRssNotebook", label: "kernel peak RSS during notebook 03", unit: "MB" },
  { key: "replicate", label: "`npm run replicate` (wall)", unit: "s" },
];

const fmt = (x: number | undefined, unit: "s" | "MB"): string => (x === undefined || !Number.isFinite(x) ? "—" : unit === "s" ? `${x.toFixed(2)} s` : `${x.toFixed(0)} MB`);

/** The "before" figures saved in bench/before-17.json (measured on the code before issue 17), if present. */
export function readBefore(): WorkshopResults | undefined {
  const file = path.join(__dirname, "before-17.json");
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as WorkshopResults) : undefined;
}

/** The markdown section: before, now and R side by side, with the load averages at each start. */
export function workshopSection(now: WorkshopResults, before = readBefore()): string[] {
  const out: string[] = [];
  out.push("## Workshop: kernel start to first result, memory, replication (issue 17)");
  out.push("");
  out.push(
    `Medians of ${now.runs} fresh kernels (the real Jupyter kernel, kernels/tslab-kit, driven by bench/kernelProbe.py through jupyter-client; wall clock as the participant waits, messaging included) and ${now.runs} fresh \`Rscript bench/first-result.R\` (fixest: load the package, \`read.csv\` the panel, the same model clustered by city; wall clock from spawn to exit). ` +
      "RSS: the resident set (/proc VmRSS) right after the cell — the kernel process; R: the Rscript after its fit.",
  );
  out.push("");
  const rNote = "unavailable" in now.r ? `R: not run (${now.r.unavailable})` : `R: fixest ${now.r[0]?.fixest}, ${now.r[0]?.nthreads} thread(s)`;
  out.push(`Load average at the start: now ${now.loadAtStart.join(", ")}${before ? `; before ${before.loadAtStart.join(", ")}` : ""} (1, 5, 15 min). ${rNote}.`);
  out.push("");
  out.push("| figure | before (bench/before-17.json) | now | R + fixest | goal |");
  out.push("|---|---:|---:|---:|---|");
  for (const row of WORKSHOP_ROWS) {
    const r = row.r ? now.summary[row.r] : undefined;
    out.push(`| ${row.label} | ${fmt(before?.summary[row.key], row.unit)} | ${fmt(now.summary[row.key], row.unit)} | ${fmt(r, row.unit)} | ${row.goal ?? ""} |`);
  }
  if (now.replicate && "ok" in now.replicate && !now.replicate.ok) out.push("", `The replication FAILED:\n\n\`\`\`\n${now.replicate.tail}\n\`\`\``);
  const outputs = new Set(now.firstResult.map((x) => x.output));
  out.push("", `The kernel's first result: ${[...outputs].join(" / ")}${"unavailable" in now.r ? "" : `; fixest's: ai ${now.r[0]?.ai} (se ${now.r[0]?.se})`}.`);
  return out;
}
