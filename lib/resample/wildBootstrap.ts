import { absorbFrame, referenceSumsOfSquares, type AbsorbedFrame } from "../absorb/absorbFrame";
import { isNestedIn, type FixedEffectFactor } from "../design/factor";
import type { ModelFrame } from "../design/modelFrame";
import { Rng } from "../random/rng";
import type { DataInput } from "../design/input";
import { tQuantile } from "../distributions/index";
import { OptionsError, VarianceError } from "../errors";
import { checkOptions } from "../options";
import { pValueText } from "../result/format";
import { leastSquares, type LeastSquaresFit } from "../solve/leastSquares";
import { isCentred } from "../estimate/linear";
import { PreparedModel } from "../estimate/refit";
import { clusterSmallSampleFactor, fullParameterCount, nestedParameterCount } from "../variance/dof";
import { wildWeights, type WildWeightType } from "./weights";

/** Options of `wildClusterBootstrap`. */
export interface WildBootstrapOptions {
  /** The data and an OLS formula (fixed effects allowed); or pass a prepared `model` instead. */
  data?: DataInput;
  /** The OLS formula in fixest syntax, e.g. "shrink ~ ai + lnpgdp | code + year" (with `data`; no IV part). */
  formula?: string;
  /** A model prepared with `{ vcov: { cluster } }` (its sample and group codes are reused). */
  model?: PreparedModel;
  /** The coefficient tested, e.g. "ai". */
  coef: string;
  /** The cluster variable (one-way); the bootstrap draws one weight per cluster. */
  cluster?: string;
  /** Bootstrap draws (default 999; all 2^G Rademacher sign vectors when 2^G ≤ draws). */
  draws?: number;
  /** Seed of the weights (lib/random/rng.ts, xoshiro128**). */
  seed: number;
  /** "rademacher" (default) or "webb" (six-point; for few clusters). */
  weights?: WildWeightType;
  /** The null hypothesis β = null (default 0). */
  null?: number;
  /** Confidence level of the interval by test inversion (default 0.95). */
  level?: number;
  /** Impose the null in the bootstrap DGP (WCR, default true) or not (WCU). */
  impose?: boolean;
  /** Compute the confidence interval (default true). */
  confint?: boolean;
  /** Fixed-effect singletons when the model is built from `data` and `formula`: "drop" (default, as fixest) or "keep". */
  singletons?: "drop" | "keep";
}

/** The keys `wildClusterBootstrap` accepts (checked by `checkOptions`). */
const WILD_OPTION_KEYS = ["data", "formula", "model", "coef", "cluster", "draws", "seed", "weights", "null", "level", "impose", "confint", "singletons"] as const;

/** What `wildClusterBootstrap` returns. */
export interface WildBootstrapResult {
  /** The coefficient tested (the `coef` option). */
  coef: string;
  /** The OLS estimate. */
  estimate: number;
  /** Its CR1 cluster-robust standard error (fixest conventions, design §4). */
  se: number;
  /** t = (estimate − null)/se. */
  t: number;
  /** Symmetric bootstrap p-value: the share of draws with |t*| ≥ |t|. */
  p: number;
  /** Confidence interval by inverting the bootstrap test: {β₀ : p(β₀) > 1 − level}. */
  ci?: [number, number];
  /** Confidence level of `ci` (the `level` option, default 0.95). */
  level: number;
  /** The null value β₀ tested (the `null` option, default 0). */
  null: number;
  /** Bootstrap draws B actually used: the draws requested, or 2^G under full enumeration. */
  draws: number;
  /** True when all 2^G Rademacher draws were enumerated (the p-value is then exact, no seed involved). */
  enumerated: boolean;
  /** The weight distribution: "rademacher" (±1) or "webb" (six points, Webb 2023). */
  weights: WildWeightType;
  /** The seed of the weights (unused under full enumeration). */
  seed: number;
  /** True for WCR (null imposed in the bootstrap DGP), false for WCU. */
  impose: boolean;
  /** Number of clusters G. */
  clusters: number;
  /** Observations N of the estimation sample. */
  nobs: number;
  /** Bootstrap t statistics t*_b under the null, in draw order. */
  tstar: Float64Array;
  /** The p-value of β₀ (same draws), for plotting the p-value function. */
  pValueAt(beta0: number): number;
  /** A sentence for the notebook: method, draws, clusters, estimate, t, bootstrap p and the interval. */
  description: string;
}

/** Relative tolerance under which |t*| and |t| count as tied (and so as |t*| ≥ |t|). */
const TIE_TOLERANCE = 1e-10;

/** Cluster-by-cluster sums Σ_{i∈g} a_i b_i. */
function clusterDot(codes: Int32Array, G: number, a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(G);
  for (let i = 0; i < a.length; i++) out[codes[i]] += a[i] * b[i];
  return out;
}

/** Per-draw sums of the fast algorithm (see `wildClusterBootstrap`). */
interface DrawSums {
  /** n_y,b = a_y'v_b. */
  ny: Float64Array;
  /** n_x,b = a_x'v_b (zeros under WCU). */
  nx: Float64Array;
  /** Σ_h (Q_y v_b)_h². */
  syy: Float64Array;
  /** Σ_h (Q_y v_b)_h (Q_x v_b)_h. */
  sxy: Float64Array;
  /** Σ_h (Q_x v_b)_h². */
  sxx: Float64Array;
}

/**
 * For each draw b (weights v_b = v[b·G … b·G + G − 1]): n_y = a_y'v_b, n_x = a_x'v_b and, with
 * d_y = Q_y v_b and d_x = Q_x v_b, the sums Σ d_y², Σ d_y d_x, Σ d_x². Four draws share each pass over
 * a row of Q (the G×G matrices are read from memory a quarter as often), which is what makes 999
 * draws with a few hundred clusters take a fraction of a second: `quadraticSumsByFour` takes the
 * draws four at a time, `quadraticSumsOneByOne` the last B mod 4.
 */
function drawSums(Qy: Float64Array, Qx: Float64Array | null, ay: Float64Array, ax: Float64Array, v: Float64Array, G: number, B: number): DrawSums {
  const { ny, nx } = drawNumerators(ay, ax, v, G, B);
  const sums: DrawSums = { ny, nx, syy: new Float64Array(B), sxy: new Float64Array(B), sxx: new Float64Array(B) };
  const done = quadraticSumsByFour(Qy, Qx, v, G, B, sums);
  quadraticSumsOneByOne(Qy, Qx, v, G, done, B, sums);
  return sums;
}

/** The numerators n_y,b = a_y'v_b and n_x,b = a_x'v_b of every draw b. */
function drawNumerators(ay: Float64Array, ax: Float64Array, v: Float64Array, G: number, B: number): { ny: Float64Array; nx: Float64Array } {
  const ny = new Float64Array(B);
  const nx = new Float64Array(B);
  for (let b = 0; b < B; b++) {
    const off = b * G;
    let n1 = 0;
    let n2 = 0;
    for (let g = 0; g < G; g++) {
      n1 += ay[g] * v[off + g];
      n2 += ax[g] * v[off + g];
    }
    ny[b] = n1;
    nx[b] = n2;
  }
  return { ny, nx };
}

/**
 * Σ d_y², Σ d_y d_x, Σ d_x² (d_y = Q_y v_b, d_x = Q_x v_b) for draws 0 … 4⌊B/4⌋ − 1, four draws per pass
 * over each row of Q; writes them into `out` and returns the first draw not done (4⌊B/4⌋).
 * @hotLoop The O(B·G²) core of the bootstrap: the four draws' twelve accumulators live in locals
 * across the inner loop over g; a helper per row or arrays of accumulators would put calls or memory
 * traffic back into the innermost loop that the four-draw blocking exists to remove.
 */
function quadraticSumsByFour(Qy: Float64Array, Qx: Float64Array | null, v: Float64Array, G: number, B: number, out: DrawSums): number {
  const { syy, sxy, sxx } = out;
  const Q2 = Qx ?? Qy; // read but unused when Qx is null (keeps one loop shape)
  let b = 0;
  for (; b + 4 <= B; b += 4) {
    const o0 = b * G;
    const o1 = o0 + G;
    const o2 = o1 + G;
    const o3 = o2 + G;
    let yy0 = 0, yy1 = 0, yy2 = 0, yy3 = 0;
    let xy0 = 0, xy1 = 0, xy2 = 0, xy3 = 0;
    let xx0 = 0, xx1 = 0, xx2 = 0, xx3 = 0;
    for (let h = 0; h < G; h++) {
      const row = h * G;
      let dy0 = 0, dy1 = 0, dy2 = 0, dy3 = 0;
      let dx0 = 0, dx1 = 0, dx2 = 0, dx3 = 0;
      if (Qx) {
        for (let g = 0; g < G; g++) {
          const qy = Qy[row + g];
          const qx = Q2[row + g];
          const v0 = v[o0 + g];
          const v1 = v[o1 + g];
          const v2 = v[o2 + g];
          const v3 = v[o3 + g];
          dy0 += qy * v0;
          dy1 += qy * v1;
          dy2 += qy * v2;
          dy3 += qy * v3;
          dx0 += qx * v0;
          dx1 += qx * v1;
          dx2 += qx * v2;
          dx3 += qx * v3;
        }
      } else {
        for (let g = 0; g < G; g++) {
          const qy = Qy[row + g];
          dy0 += qy * v[o0 + g];
          dy1 += qy * v[o1 + g];
          dy2 += qy * v[o2 + g];
          dy3 += qy * v[o3 + g];
        }
      }
      yy0 += dy0 * dy0;
      yy1 += dy1 * dy1;
      yy2 += dy2 * dy2;
      yy3 += dy3 * dy3;
      xy0 += dy0 * dx0;
      xy1 += dy1 * dx1;
      xy2 += dy2 * dx2;
      xy3 += dy3 * dx3;
      xx0 += dx0 * dx0;
      xx1 += dx1 * dx1;
      xx2 += dx2 * dx2;
      xx3 += dx3 * dx3;
    }
    syy[b] = yy0;
    syy[b + 1] = yy1;
    syy[b + 2] = yy2;
    syy[b + 3] = yy3;
    sxy[b] = xy0;
    sxy[b + 1] = xy1;
    sxy[b + 2] = xy2;
    sxy[b + 3] = xy3;
    sxx[b] = xx0;
    sxx[b + 1] = xx1;
    sxx[b + 2] = xx2;
    sxx[b + 3] = xx3;
  }
  return b;
}

/** The same sums as `quadraticSumsByFour` for draws from … B − 1, one draw per pass (the last B mod 4 draws). */
function quadraticSumsOneByOne(Qy: Float64Array, Qx: Float64Array | null, v: Float64Array, G: number, from: number, B: number, out: DrawSums): void {
  const { syy, sxy, sxx } = out;
  for (let b = from; b < B; b++) {
    const off = b * G;
    let s11 = 0;
    let s12 = 0;
    let s22 = 0;
    for (let h = 0; h < G; h++) {
      const row = h * G;
      let dy = 0;
      let dx = 0;
      for (let g = 0; g < G; g++) {
        dy += Qy[row + g] * v[off + g];
        if (Qx) dx += Qx[row + g] * v[off + g];
      }
      s11 += dy * dy;
      s12 += dy * dx;
      s22 += dx * dx;
    }
    syy[b] = s11;
    sxy[b] = s12;
    sxx[b] = s22;
  }
}

/** The options of one run with their defaults filled in. */
interface WildSettings {
  weights: WildWeightType;
  /** Draws requested (fewer are used under full enumeration). */
  requested: number;
  beta0: number;
  level: number;
  impose: boolean;
  seed: number;
}

/** Checks the options (unknown keys, seed, level, null) and fills in the defaults. */
function wildSettings(options: WildBootstrapOptions): WildSettings {
  if (options === null || typeof options !== "object") throw new OptionsError(`wildClusterBootstrap: pass options such as { data, formula, coef: "ai", cluster: "code", seed: 1 }.`);
  checkOptions("wildClusterBootstrap", options, WILD_OPTION_KEYS);
  const weights = options.weights ?? "rademacher";
  const requested = options.draws ?? 999;
  const beta0 = options.null ?? 0;
  const level = options.level ?? 0.95;
  const impose = options.impose ?? true;
  const seed = options.seed;
  if (!Number.isFinite(seed)) throw new OptionsError(`wildClusterBootstrap: give a seed (a number), e.g. seed: 20260301, so that the draws can be reproduced.`);
  if (!(level > 0 && level < 1)) throw new OptionsError(`wildClusterBootstrap: level must lie strictly between 0 and 1, got ${level}.`);
  if (!Number.isFinite(beta0)) throw new OptionsError(`wildClusterBootstrap: null must be a finite number, got ${beta0}.`);
  return { weights, requested, beta0, level, impose, seed };
}

/** The model frame (prepared from data and formula unless a model is given) and its one cluster variable, G ≥ 2. */
function clusteredFrame(options: WildBootstrapOptions): { frame: ModelFrame; cluster: FixedEffectFactor } {
  let model = options.model;
  if (!model) {
    if (options.data === undefined || typeof options.formula !== "string") throw new OptionsError(`wildClusterBootstrap: give data and formula (or a prepared model).`);
    if (typeof options.cluster !== "string") throw new OptionsError(`wildClusterBootstrap: name the cluster variable, e.g. cluster: "code"; the bootstrap draws one weight per cluster.`);
    model = new PreparedModel(options.formula, options.data, { vcov: { cluster: options.cluster }, singletons: options.singletons });
  }
  const frame = model.frame;
  if (frame.clusters.length !== 1) {
    throw new OptionsError(`wildClusterBootstrap: the model must be clustered by one variable (prepare it with { vcov: { cluster: "code" } }); two-way clustering is not supported.`);
  }
  const cluster = frame.clusters[0];
  if (options.cluster !== undefined && options.model && cluster.name !== options.cluster) {
    throw new OptionsError(`wildClusterBootstrap: the prepared model is clustered by "${cluster.name}", not "${options.cluster}".`);
  }
  const G = cluster.nLevels;
  if (G < 2) throw new VarianceError(`wildClusterBootstrap: the cluster variable "${cluster.name}" has ${G} level in the sample; the wild cluster bootstrap needs at least two clusters.`);
  return { frame, cluster };
}

/** The unrestricted OLS fit on the demeaned columns and what every later step reads from it. */
interface WildFit {
  frame: ModelFrame;
  cluster: FixedEffectFactor;
  /** Cluster code of each row, 0 … G − 1. */
  codes: Int32Array;
  G: number;
  N: number;
  /** Number of kept regressors. */
  p: number;
  absorbed: AbsorbedFrame;
  /** Reference sums of squares of the frame's regressors (collinearity check). */
  reference: number[];
  ls: LeastSquaresFit;
  /** The kept demeaned regressors X̃. */
  X: Float64Array[];
  /** Position of the tested coefficient among the kept regressors. */
  j: number;
  /** w = X̃ A e_j, A = (X̃'X̃)⁻¹. */
  w: Float64Array;
  /** The CR1 factor c = G/(G − 1)·(N − 1)/(N − K). */
  c: number;
  estimate: number;
  /** CR1 standard error √(c Σ_g (Σ_{i∈g} w_i û_i)²). */
  se: number;
}

/** The position of `coef` among the kept regressors; an OptionsError when it is not one (unknown or collinear). */
function testedIndex(frame: ModelFrame, ls: LeastSquaresFit, coef: string): number {
  const names = ls.kept.map((k) => frame.exogenous[k].name);
  const j = names.indexOf(coef);
  if (j < 0) {
    const known = frame.exogenous.map((c) => c.name);
    throw new OptionsError(
      known.includes(coef)
        ? `wildClusterBootstrap: "${coef}" was dropped as collinear with the fixed effects or other regressors; it cannot be tested.`
        : `wildClusterBootstrap: "${coef}" is not a regressor of "${frame.response.name} ~ …" (regressors: ${known.join(", ")}).`,
    );
  }
  return j;
}

/** w = X̃ A e_j: row i's weight in β̂_j = Σ_i w_i y_i. */
function coefficientWeights(X: Float64Array[], A: Float64Array[], j: number, N: number): Float64Array {
  const w = new Float64Array(N);
  for (let k = 0; k < X.length; k++) {
    const a = A[k][j];
    const x = X[k];
    for (let i = 0; i < N; i++) w[i] += x[i] * a;
  }
  return w;
}

/**
 * The unrestricted fit (the demeaner reuses the prepared fixed-effect codes), the estimate and its
 * CR1 standard error se = √(c Σ_g s_g²), s_g = Σ_{i∈g} w_i û_i, with c = `clusterSmallSampleFactor(G, N, K)`
 * and K the nested parameter count (fixest, design §4).
 */
function unrestrictedFit(frame: ModelFrame, cluster: FixedEffectFactor, coef: string): WildFit {
  const G = cluster.nLevels;
  const codes = cluster.codes;
  const absorbed = absorbFrame(frame);
  const reference = referenceSumsOfSquares(frame.exogenous, isCentred(frame));
  const ls = leastSquares(absorbed.exogenous, absorbed.response, reference);
  const j = testedIndex(frame, ls, coef);
  const X = ls.kept.map((k) => absorbed.exogenous[k]);
  const p = X.length;
  const N = frame.nobs;
  const w = coefficientWeights(X, ls.bread, j, N);
  const kFull = fullParameterCount(p, frame.fixedEffects);
  const K = nestedParameterCount(kFull, frame.fixedEffects, [cluster]);
  const c = clusterSmallSampleFactor(G, N, K);
  const estimate = ls.coef[j];
  const scoreHat = clusterDot(codes, G, w, ls.residuals);
  let meat = 0;
  for (let g = 0; g < G; g++) meat += scoreHat[g] * scoreHat[g];
  const se = Math.sqrt(c * meat);
  return { frame, cluster, codes, G, N, p, absorbed, reference, ls, X, j, w, c, estimate, se };
}

/**
 * The bootstrap residuals: under WCR û_r = û_y − β₀ û_x, returned as û_y and û_x (y and x_j net of the
 * other regressors and the fixed effects: the restricted fit, linear in β₀); under WCU the OLS
 * residuals as û_y and no û_x.
 */
function bootstrapResiduals(fit: WildFit, impose: boolean): { uy: Float64Array; ux: Float64Array | null } {
  if (!impose) return { uy: fit.ls.residuals, ux: null };
  const { X, j, ls, reference, absorbed } = fit;
  const others = X.filter((_, k) => k !== j);
  const refOthers = ls.kept.filter((_, k) => k !== j).map((k) => reference[k]);
  if (others.length === 0) return { uy: Float64Array.from(absorbed.response), ux: Float64Array.from(X[j]) };
  return { uy: leastSquares(others, absorbed.response, refOthers).residuals, ux: leastSquares(others, X[j], refOthers).residuals };
}

/** r_h = X̃_h'w_h for every cluster h (p numbers each). */
function clusterRegressorWeights(fit: WildFit): Float64Array[] {
  const { G, N, p, X, w, codes } = fit;
  const r: Float64Array[] = Array.from({ length: G }, () => new Float64Array(p));
  for (let i = 0; i < N; i++) {
    const rh = r[codes[i]];
    for (let k = 0; k < p; k++) rh[k] += X[k][i] * w[i];
  }
  return r;
}

/**
 * The first term of each Q (row h, column g): Σ_{i∈g} u_i [M_D(w∘1_h)]_i for each target u (û_y, and û_x
 * under WCR). G demeanings in all; none when every fixed effect is nested in the cluster variable
 * (then M_D(w∘1_h) = w∘1_h and the term is diagonal, Σ_{i∈h} w_i u_i).
 */
function demeanedTerms(fit: WildFit, targets: Float64Array[]): Float64Array[] {
  const { G, N, codes, w, frame, cluster } = fit;
  const Ks = targets.map(() => new Float64Array(G * G));
  if (frame.fixedEffects.every((fe) => isNestedIn(fe, cluster))) {
    targets.forEach((u, t) => {
      const a = clusterDot(codes, G, w, u);
      for (let h = 0; h < G; h++) Ks[t][h * G + h] = a[h];
    });
    return Ks;
  }
  const rows: number[][] = Array.from({ length: G }, () => []);
  for (let i = 0; i < N; i++) rows[codes[i]].push(i);
  const demeaner = fit.absorbed.demeaner;
  const buffer = new Float64Array(N);
  const m = new Float64Array(N);
  for (let h = 0; h < G; h++) {
    buffer.fill(0);
    for (const i of rows[h]) buffer[i] = w[i];
    demeaner.demean(buffer, m);
    const base = h * G;
    targets.forEach((u, t) => {
      const Kt = Ks[t];
      for (let i = 0; i < N; i++) Kt[base + codes[i]] += u[i] * m[i];
    });
  }
  return Ks;
}

/** z_g = A X̃_g'u_g for every cluster g (A = (X̃'X̃)⁻¹). */
function clusterCoefficientScores(fit: WildFit, u: Float64Array): Float64Array[] {
  const { G, N, p, X, codes } = fit;
  const A = fit.ls.bread;
  const S: Float64Array[] = Array.from({ length: G }, () => new Float64Array(p));
  for (let i = 0; i < N; i++) {
    const Sg = S[codes[i]];
    for (let k = 0; k < p; k++) Sg[k] += X[k][i] * u[i];
  }
  return S.map((Sg) => {
    const out = new Float64Array(p);
    for (let k = 0; k < p; k++) {
      let s = 0;
      for (let l = 0; l < p; l++) s += A[k][l] * Sg[l];
      out[k] = s;
    }
    return out;
  });
}

/**
 * The linear pieces of one target u (Roodman et al. 2019, §3–4): a_g = Σ_{i∈g} w_i u_i and the G×G
 * matrix Q_hg = K_hg − r_h'z_g, completing `demeanedTerms`' K in place.
 */
function fitPieces(fit: WildFit, u: Float64Array, K: Float64Array, r: Float64Array[]): { a: Float64Array; Q: Float64Array } {
  const { G, p, codes, w } = fit;
  const a = clusterDot(codes, G, w, u);
  const z = clusterCoefficientScores(fit, u);
  const Q = K;
  for (let h = 0; h < G; h++) {
    const rh = r[h];
    for (let g = 0; g < G; g++) {
      let s = 0;
      const zg = z[g];
      for (let k = 0; k < p; k++) s += rh[k] * zg[k];
      Q[h * G + g] -= s;
    }
  }
  return { a, Q };
}

/** Builds the restricted (WCR) or unrestricted (WCU) fit's matrices: a and Q for û_y, and for û_x under WCR. */
function fitMatrices(fit: WildFit, impose: boolean): { a: Float64Array; Q: Float64Array }[] {
  const { uy, ux } = bootstrapResiduals(fit, impose);
  const r = clusterRegressorWeights(fit);
  const targets = ux ? [uy, ux] : [uy];
  const Ks = demeanedTerms(fit, targets);
  return targets.map((u, t) => fitPieces(fit, u, Ks[t], r));
}

/** The bootstrap draws and the test statistics they give at any β₀. */
interface BootstrapStatistics {
  /** Draws B used. */
  B: number;
  enumerated: boolean;
  sums: DrawSums;
  /** t*_b at β₀ (WCR: the DGP depends on β₀; WCU: it does not). */
  tStarAt(b: number, at: number): number;
  /** p(β₀) = #{|t*_b(β₀)| ≥ |t(β₀)|}/B, ties within a relative TIE_TOLERANCE counted. */
  pValueAt(at: number): number;
}

/**
 * Draws the weights (`wildWeights`, seeded) and keeps per draw the numerators a_y'v, a_x'v and the sums
 * of squares/products of Q_y v, Q_x v; then t*_b(β₀) = (n_y − β₀ n_x)/√(c (s_yy − 2β₀ s_xy + β₀² s_xx)) under
 * WCR and n_y/√(c s_yy) under WCU.
 */
function bootstrapStatistics(settings: WildSettings, fit: WildFit, pieces: { a: Float64Array; Q: Float64Array }[]): BootstrapStatistics {
  const { G, c, estimate, se } = fit;
  const impose = settings.impose;
  const drawn = wildWeights(settings.weights, G, settings.requested, new Rng(settings.seed));
  const B = drawn.draws;
  const ay = pieces[0].a;
  const ax = pieces.length > 1 ? pieces[1].a : new Float64Array(G);
  const sums = drawSums(pieces[0].Q, pieces.length > 1 ? pieces[1].Q : null, ay, ax, drawn.v, G, B);
  const { ny, nx, syy, sxy, sxx } = sums;
  const tStarAt = (b: number, at: number): number => {
    const num = impose ? ny[b] - at * nx[b] : ny[b];
    const q = impose ? syy[b] - 2 * at * sxy[b] + at * at * sxx[b] : syy[b];
    return num / Math.sqrt(c * Math.max(q, 0));
  };
  const pValueAt = (at: number): number => {
    const t = Math.abs((estimate - at) / se);
    const threshold = t * (1 - TIE_TOLERANCE);
    let count = 0;
    for (let b = 0; b < B; b++) if (Math.abs(tStarAt(b, at)) >= threshold) count++;
    return count / B;
  };
  return { B, enumerated: drawn.enumerated, sums, tStarAt, pValueAt };
}

/**
 * One end of {β₀ : p(β₀) > α}: steps out from β̂ in `direction` (steps step0, 2·step0, 4·step0, …, at most
 * 60 doublings, else ±∞) until p ≤ α, then bisects to 1e-9·se.
 */
function confidenceLimit(pValueAt: (at: number) => number, estimate: number, se: number, step0: number, alpha: number, direction: 1 | -1): number {
  let inner = estimate;
  let step = step0;
  let outer = estimate + direction * step;
  for (let it = 0; pValueAt(outer) > alpha; it++) {
    if (it >= 60) return direction * Infinity;
    inner = outer;
    step *= 2;
    outer = estimate + direction * step;
  }
  for (let it = 0; it < 200 && Math.abs(outer - inner) > 1e-9 * se; it++) {
    const mid = (inner + outer) / 2;
    if (pValueAt(mid) > alpha) inner = mid;
    else outer = mid;
  }
  return (inner + outer) / 2;
}

/**
 * Inverts the test for the confidence interval {β₀ : p(β₀) > 1 − level}, stepping out in steps of the
 * conventional t(G−1) half-width t_{1−α/2, G−1}·se; (−∞, ∞) when no β₀ can be rejected.
 */
function invertTest(fit: WildFit, stats: BootstrapStatistics, level: number, impose: boolean): [number, number] {
  const { G, c, estimate, se } = fit;
  const { B, pValueAt } = stats;
  const { nx, sxx } = stats.sums;
  const alpha = 1 - level;
  const step0 = tQuantile(1 - alpha / 2, G - 1) * se;
  // As |β₀| → ∞ under WCR, |t*_b(β₀)|/|t(β₀)| → |a_x'v_b|·se/√(c Σ(Q_x v_b)²): draws with a limit ≥ 1
  // (among them the all-equal-sign draws, which reproduce ±t for every β₀) are never exceeded. If
  // they alone give p > α, no β₀ is rejected however far away: the interval is unbounded (this
  // happens with very few clusters, e.g. 2^G < 2/α).
  let beyond = 0;
  if (impose) for (let b = 0; b < B; b++) if (Math.abs(nx[b]) * se >= Math.sqrt(c * Math.max(sxx[b], 0)) * (1 - 1e-8)) beyond++;
  if (beyond / B > alpha) return [-Infinity, Infinity];
  return [confidenceLimit(pValueAt, estimate, se, step0, alpha, -1), confidenceLimit(pValueAt, estimate, se, step0, alpha, 1)];
}

/** The result's `description` sentence. */
function wildDescription(coef: string, settings: WildSettings, fit: WildFit, stats: BootstrapStatistics, t: number, pValue: number, ci: [number, number] | undefined): string {
  const { impose, weights, seed, beta0, level } = settings;
  const { B } = stats;
  const method = impose ? "WCR (null imposed)" : "WCU (null not imposed)";
  const drawText = stats.enumerated ? `all ${B} = 2^${fit.G} Rademacher draws enumerated (exact)` : `${B} ${weights === "webb" ? "Webb six-point" : "Rademacher"} draws, seed ${seed}`;
  const fmt = (x: number): string => (Number.isFinite(x) ? x.toPrecision(4) : String(x));
  return (
    `Wild cluster bootstrap-t, ${method}, ${drawText}; clustered by ${fit.cluster.name} (G = ${fit.G}): ` +
    `${coef} = ${fmt(fit.estimate)}, t = ${fmt(t)} for H0: ${coef} = ${beta0}, bootstrap ${pValueText(pValue, { digits: B >= 1000 ? 4 : 3, draws: B })}` +
    (ci ? `; ${Math.round(level * 100)}% CI by test inversion [${fmt(ci[0])}, ${fmt(ci[1])}]` : "") +
    "."
  );
}

/**
 * Wild cluster bootstrap test of one coefficient, with the restricted (WCR, null imposed) or
 * unrestricted (WCU) bootstrap DGP, Rademacher or Webb weights, and a confidence interval by test
 * inversion — for inference with few clusters (Cameron, Gelbach & Miller 2008; MacKinnon & Webb
 * 2017, "Wild bootstrap inference for wildly different cluster sizes", J. Applied Econometrics 32).
 *
 * **The bootstrap.** With fixed effects absorbed (M_D: the within transformation), X̃ = M_D X, and the
 * restricted fit of y on X and the fixed effects under β_j = β₀ (fitted values ŷ_r, residuals û_r),
 * draw b builds y*_b = ŷ_r + v_bg·û_r (one weight per cluster g), refits y*_b on the same X and fixed
 * effects, and computes t*_b = (β̂*_j − β₀)/se*_j with the CR1 variance c·(X̃'X̃)⁻¹ Σ_g s_g s_g' (X̃'X̃)⁻¹,
 * c = G/(G−1)·(N−1)/(N−K) (`clusterSmallSampleFactor`; fixest, design §4; c cancels from the p-value).
 * p = #{|t*_b| ≥ |t|}/B (ties within a relative 1e-10 count). WCU uses the unrestricted fit and
 * t*_b = (β̂*_j − β̂_j)/se*_j.
 *
 * **The fast algorithm** (Roodman, MacKinnon, Nielsen & Webb 2019, "Fast and wild: Bootstrap inference
 * in Stata using boottest", Stata Journal 19(1), §3–4): nothing is refitted. With A = (X̃'X̃)⁻¹ and
 * w = X̃ A e_j, every bootstrap quantity is linear in the weights v:
 *   β̂*_j − β₀ = Σ_g v_g a_g,         a_g = Σ_{i∈g} w_i û_r,i,
 *   e_j'A s*_h = Σ_g Q_hg v_g,       Q_hg = Σ_{i∈h} w_i [M_D(û_r∘1_g)]_i − r_h'A X̃_g'û_r,g,  r_h = X̃_h'w_h,
 * because the bootstrap residual is ũ* = M_[D,X] y* = Σ_g v_g M_[D,X]·(û_r∘1_g) (ŷ_r lies in the span of
 * X and the fixed effects). So t*_b = a'v_b / √(c Σ_h (Q v_b)_h²): O(G²) per draw, whatever N.
 * The first term of Q is Σ_{i∈g} û_r,i [M_D(w∘1_h)]_i (M_D is symmetric): G demeanings in all, done
 * once; none at all when every fixed effect is nested in the cluster variable (then M_D(w∘1_h) = w∘1_h).
 * Under WCR, û_r = û_y − β₀ û_x is linear in β₀ (û_y, û_x: y and x_j net of the other regressors and
 * the fixed effects), so a and Q are too; each draw keeps five numbers (a_y'v, a_x'v, and the three
 * sums of squares and products of Q_y v, Q_x v), and p(β₀) at any β₀ costs O(B).
 *
 * **Full enumeration.** With Rademacher weights and 2^G ≤ draws, all 2^G sign vectors are used once
 * (as boottest does); the p-value is then exact and deterministic, and `enumerated` says so.
 *
 * **Confidence interval.** {β₀ : p(β₀) > 1 − level}, found on each side by stepping out from β̂ (in
 * steps of the conventional t(G−1) half-width, doubling) until p ≤ 1 − level, then bisecting to
 * 1e-9·se; the same draws are used for every β₀ (as boottest). It assumes the set is an interval.
 * With very few clusters no β₀ may be rejected at all (under full enumeration p ≥ 2/2^G, the two
 * all-equal-sign draws); the interval is then (−∞, ∞).
 *
 * The steps: `wildSettings` (options), `clusteredFrame`, `unrestrictedFit`, `fitMatrices` (the
 * restricted or unrestricted fit's a and Q), `bootstrapStatistics` (weights and t*), `invertTest` (the
 * interval).
 *
 * @example
 *   const wb = wildClusterBootstrap({ data: panel, formula: "shrink ~ ai + lnpgdp | code + year",
 *     coef: "ai", cluster: "code", draws: 999, seed: 1 });
 *   wb.p; wb.ci; wb.description;
 * @throws OptionsError (unknown or misspelt option, unknown coefficient, bad options, IV formula),
 *         VarianceError (one cluster), and the errors of `feols` for bad data.
 */
export function wildClusterBootstrap(options: WildBootstrapOptions): WildBootstrapResult {
  const settings = wildSettings(options);
  const { frame, cluster } = clusteredFrame(options);
  const fit = unrestrictedFit(frame, cluster, options.coef);
  const pieces = fitMatrices(fit, settings.impose);
  const stats = bootstrapStatistics(settings, fit, pieces);
  const { B } = stats;
  const t = (fit.estimate - settings.beta0) / fit.se;
  const tstar = new Float64Array(B);
  for (let b = 0; b < B; b++) tstar[b] = stats.tStarAt(b, settings.beta0);
  const pValue = stats.pValueAt(settings.beta0);
  const ci = options.confint !== false ? invertTest(fit, stats, settings.level, settings.impose) : undefined;
  return {
    coef: options.coef,
    estimate: fit.estimate,
    se: fit.se,
    t,
    p: pValue,
    ci,
    level: settings.level,
    null: settings.beta0,
    draws: B,
    enumerated: stats.enumerated,
    weights: settings.weights,
    seed: settings.seed,
    impose: settings.impose,
    clusters: fit.G,
    nobs: fit.N,
    tstar,
    pValueAt: stats.pValueAt,
    description: wildDescription(options.coef, settings, fit, stats, t, pValue, ci),
  };
}
