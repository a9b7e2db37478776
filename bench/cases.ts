/**
 * The benchmark cases of issue 7. Each case prepares its data once (not timed), then `run()` is the
 * timed unit of work, and `check()` compares the fit with the known data-generating process.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { Demeaner, DEFAULT_DEMEAN_OPTIONS } from "../lib/absorb/demean";
import { toDataColumns } from "../lib/design/input";
import { buildModelFrame } from "../lib/design/modelFrame";
import { parseFormula } from "../lib/formula/parse";
import { feols, PreparedModel, type FeolsResult } from "../lib/index";
import { Rng } from "../lib/random/rng";
import { asColumns, balancedPanel, dropRandomRows, TRUTH, type BenchPanel } from "./panel";

export const SEED = 20260701;

/** Thrown by a case that cannot run here (the module it times is missing); the case is reported as not run. */
export class Unavailable extends Error {}

export interface CaseCheck {
  /** One line per checked coefficient: estimate, truth, |z|. */
  lines: string[];
  ok: boolean;
}

export interface BenchCase {
  name: string;
  title: string;
  rows: number;
  formula: string;
  /** What one timed run does. */
  work: string;
  /** Recorded fixest time in seconds (issue 7, one thread), when the issue gives one. */
  fixestRecorded?: number;
  /** Target in seconds, when the issue sets one. */
  target?: number;
  targetText?: string;
  run(): unknown;
  check(result: unknown): CaseCheck;
  /** Iterations of the demeaning for each variable, when the case demeans. */
  iterations?(): Record<string, number>;
  note?: string;
}

const CLUSTER = { vcov: { cluster: "id" } } as const;

/** |b − β| ≤ 4·se for every listed coefficient (a 4-sigma band: a false alarm about once in 16,000). */
function checkAgainst(fit: FeolsResult, truth: Record<string, number>): CaseCheck {
  const lines: string[] = [];
  let ok = true;
  for (const [name, beta] of Object.entries(truth)) {
    const b = fit.coef[name];
    const se = fit.se[name];
    const z = Math.abs(b - beta) / se;
    const pass = Number.isFinite(z) && z <= 4;
    ok &&= pass;
    lines.push(`${name}: ${b.toFixed(5)} (se ${se.toFixed(5)}), true ${beta}, |z| = ${z.toFixed(2)}${pass ? "" : "  ← FAIL"}`);
  }
  return { lines, ok };
}

/** Demeaning iterations per variable of a formula on a data set (not timed). */
function demeanIterations(formula: string, data: Record<string, ArrayLike<number>>): Record<string, number> {
  const parsed = parseFormula(formula);
  const frame = buildModelFrame(parsed, toDataColumns(data), { clusters: [], singletons: "drop" });
  const demeaner = new Demeaner(frame.fixedEffects, DEFAULT_DEMEAN_OPTIONS);
  const out: Record<string, number> = {};
  for (const column of [frame.response, ...frame.exogenous, ...frame.endogenous, ...frame.instruments]) {
    out[column.name] = demeaner.demean(column.values, new Float64Array(column.values.length)).iterations;
  }
  return out;
}

function ols(name: string, title: string, formula: string, panel: BenchPanel, extra: Partial<BenchCase> = {}): BenchCase {
  const data = asColumns(panel);
  return {
    name,
    title,
    rows: panel.nobs,
    formula,
    work: "one `feols` call from the columns (model frame, singletons, demeaning, QR, clustered SEs)",
    run: () => feols(formula, data, CLUSTER),
    check: (fit) => checkAgainst(fit as FeolsResult, { x1: TRUTH.x1, x2: TRUTH.x2 }),
    iterations: () => demeanIterations(formula, data),
    ...extra,
  };
}

/** The cases, built lazily so that a child process generates only the data it needs. */
export const CASES: Record<string, () => BenchCase> = {
  balanced: () =>
    ols("balanced", "Balanced panel, 2 FE", "y ~ x1 + x2 | id + year", balancedPanel(SEED), {
      fixestRecorded: 0.11,
      target: 0.165,
      targetText: "≤ 1.5 × fixest (0.165 s)",
    }),
  unbalanced: () =>
    ols("unbalanced", "Unbalanced panel (10 % of rows removed), 2 FE", "y ~ x1 + x2 | id + year", dropRandomRows(balancedPanel(SEED), 0.1, SEED), {
      fixestRecorded: 0.1,
      target: 0.15,
      targetText: "≤ 1.5 × fixest (0.150 s)",
    }),
  threeFE: () =>
    ols("threeFE", "Balanced panel, 3 FE (1,000 id groups)", "y3 ~ x1 + x2 | id + year + idgroup^year", balancedPanel(SEED)),
  iv: () => ivCase(false),
  ivDiagnostics: () => ivCase(true),
  wild: () => cityCase("wild"),
  refits: () => cityCase("refits"),
  weighted: () => weightedCase(),
  driscollKraay: () => driscollKraayCase(),
};

/** Two-way FE with the Driscoll–Kraay variance over the 10 years (issue 15: within 1.2 × fixest's `vcov_DK`). */
function driscollKraayCase(): BenchCase {
  const panel = balancedPanel(SEED);
  const data = asColumns(panel);
  const formula = "y ~ x1 + x2 | id + year";
  return {
    ...ols("driscollKraay", "Balanced panel, 2 FE, Driscoll–Kraay SEs", formula, panel),
    work: "one `feols` call with vcov: { driscollKraay: { time: \"year\" } } (default lag floor(10^(1/4)) = 1)",
    run: () => feols(formula, data, { vcov: { driscollKraay: { time: "year" } } }),
    targetText: "≤ 1.2 × fixest (issue 15)",
  };
}

/** Two-way FE with regression weights w ∈ [0.5, 1.5) varying within ids and years (issue 15: within 1.2 × fixest). */
function weightedCase(): BenchCase {
  const panel = balancedPanel(SEED);
  const data = asColumns(panel);
  const formula = "y ~ x1 + x2 | id + year";
  return {
    ...ols("weighted", "Balanced panel, 2 FE, regression weights", formula, panel),
    work: "one weighted `feols` call (weights: \"w\"): weighted demeaning, weighted least squares, clustered SEs",
    run: () => feols(formula, data, { ...CLUSTER, weights: "w" }),
    targetText: "≤ 1.2 × fixest (issue 15)",
  };
}

const IV_FORMULA = "yiv ~ x2 | id + year | xe ~ z";

/** 2SLS on the balanced panel; with `diagnostics`, the run also reads `ivDiagnostics` (computed on first access). */
function ivCase(diagnostics: boolean): BenchCase {
  const panel = balancedPanel(SEED);
  const data = asColumns(panel);
  return {
    name: diagnostics ? "ivDiagnostics" : "iv",
    title: diagnostics ? "2SLS with all IV diagnostics, balanced panel, 2 FE" : "2SLS, balanced panel, 2 FE",
    rows: panel.nobs,
    formula: IV_FORMULA,
    work: diagnostics
      ? "one `feols` IV call and a read of `ivDiagnostics` (Kleibergen–Paap, Cragg–Donald, Wu–Hausman, Anderson–Rubin)"
      : "one `feols` IV call: first stage, second stage and clustered SEs (the IV diagnostics are computed on first access, not here)",
    run: () => {
      const fit = feols(IV_FORMULA, data, CLUSTER);
      if (diagnostics) void fit.ivDiagnostics.kpWaldF;
      return fit;
    },
    check: (fit) => checkAgainst(fit as FeolsResult, { xe: TRUTH.xe, x2: TRUTH.x2 }),
    iterations: () => demeanIterations(IV_FORMULA, data),
  };
}

/** The simulated 287-city panel (lib/study/simulate), as an object of columns. */
function cityPanel(): Record<string, ArrayLike<number | string>> {
  // Loaded at run time: the simulator lives in lib/study, written alongside this benchmark.
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { simulatePanel } = require("../lib/study/simulate/panel") as typeof import("../lib/study/simulate/panel");
  const { DEFAULT_PARAMS, DEFAULT_SEED } = require("../lib/study/simulate/params") as typeof import("../lib/study/simulate/params");
  return simulatePanel(DEFAULT_PARAMS, DEFAULT_SEED) as unknown as Record<string, ArrayLike<number | string>>;
}

const CITY_FORMULA = "shrink ~ ai + lnpgdp + gov | code + year";
const DRAWS = 999;

function cityCase(kind: "wild" | "refits"): BenchCase {
  const panel = cityPanel();
  const rows = panel.code.length;
  const reference = feols(CITY_FORMULA, panel, { vcov: { cluster: "code" } });
  if (kind === "wild") {
    const file = path.join(__dirname, "..", "lib", "resample", "wildBootstrap.ts");
    type Wild = (options: Record<string, unknown>) => { estimate: number; se: number; p: number; ci?: [number, number]; draws: number };
    let wild: Wild | undefined;
    if (existsSync(file)) {
      try {
        wild = (require(file) as { wildClusterBootstrap?: Wild }).wildClusterBootstrap;
      } catch {
        wild = undefined;
      }
    }
    if (!wild) throw new Unavailable("lib/resample/wildBootstrap.ts (wildClusterBootstrap) is not available; the 'refits' row times 999 refits as the stand-in.");
    const run = wild;
    return {
      name: "wild",
      title: `Wild cluster bootstrap, ${DRAWS} draws, city panel`,
      rows,
      formula: CITY_FORMULA,
      work: `one \`wildClusterBootstrap({ coef: "ai", cluster: "code", draws: ${DRAWS} })\` call: WCR p-value and the 95 % interval by test inversion (Roodman et al. 2019's algorithm, no refits)`,
      target: 1,
      targetText: "999 replications < 1 s",
      run: () => run({ data: panel, formula: CITY_FORMULA, coef: "ai", cluster: "code", draws: DRAWS, seed: 1 }),
      check: (result) => {
        const r = result as { estimate: number; se: number; p: number; ci?: [number, number] };
        const lines = [
          `estimate ${r.estimate.toFixed(6)} vs feols ${reference.coef.ai.toFixed(6)}; se ${r.se.toFixed(6)} vs ${reference.se.ai.toFixed(6)}`,
          `p = ${r.p.toFixed(4)}, 95 % CI [${r.ci?.map((v) => v.toFixed(4)).join(", ")}]`,
        ];
        const ok = Math.abs(r.estimate - reference.coef.ai) <= 1e-9 * Math.abs(reference.coef.ai) && Math.abs(r.se - reference.se.ai) <= 1e-9 * reference.se.ai;
        return { lines, ok };
      },
      note: "The wild bootstrap uses the fast algorithm (no refits); see the 'refits' row for 999 actual refits.",
    };
  }
  // 999 refits through PreparedModel: a wild (Rademacher, by city) bootstrap done the direct way.
  const model = new PreparedModel(CITY_FORMULA, panel, { vcov: { cluster: "code" } });
  const base = model.fit();
  const y = model.frame.response.values;
  const fitted = Float64Array.from(y, (v, i) => v - base.residuals[i]);
  const cluster = model.frame.clusters[0];
  return {
    name: "refits",
    title: `${DRAWS} refits (PreparedModel.fit), city panel`,
    rows,
    formula: CITY_FORMULA,
    work: `${DRAWS} \`PreparedModel.fit({ response })\` refits, y* = ŷ + v_g·û with Rademacher v_g by city (unrestricted wild bootstrap, done by refitting: demeaning, QR, clustered SEs each time)`,
    target: 1,
    targetText: "999 replications < 1 s",
    run: () => {
      const rng = new Rng(1);
      const v = new Float64Array(cluster.nLevels);
      const response = new Float64Array(y.length);
      const draws = new Float64Array(DRAWS);
      for (let b = 0; b < DRAWS; b++) {
        for (let g = 0; g < v.length; g++) v[g] = rng.uniform() < 0.5 ? -1 : 1;
        for (let i = 0; i < y.length; i++) response[i] = fitted[i] + v[cluster.codes[i]] * base.residuals[i];
        draws[b] = model.fit({ response }).coef.ai;
      }
      return draws;
    },
    check: (result) => {
      const draws = result as Float64Array;
      let mean = 0;
      for (const d of draws) mean += d;
      mean /= draws.length;
      let ss = 0;
      for (const d of draws) ss += (d - mean) ** 2;
      const sd = Math.sqrt(ss / (draws.length - 1));
      const ratio = sd / reference.se.ai;
      const same = Math.abs(base.coef.ai - reference.coef.ai) <= 1e-10 * Math.abs(reference.coef.ai);
      const ok = same && ratio > 0.8 && ratio < 1.25;
      return {
        ok,
        lines: [
          `unchanged refit = feols: ${same} (ai ${base.coef.ai.toFixed(6)})`,
          `bootstrap SD of ai ${sd.toFixed(5)} vs clustered SE ${reference.se.ai.toFixed(5)} (ratio ${ratio.toFixed(3)}, expected ≈ 1)`,
        ],
      };
    },
  };
}
