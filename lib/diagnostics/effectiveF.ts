/**
 * The Montiel Olea–Pflueger (2013) effective first-stage F and its critical values, as Stata's
 * `weakivtest` (Pflueger & Wang 2015) computes them for 2SLS: one endogenous regressor, k excluded
 * instruments, everything partialled of the exogenous regressors and fixed effects, and the joint
 * covariance of the reduced-form and first-stage coefficients estimated under the model's variance
 * (heteroskedasticity-, cluster- or autocorrelation-robust). Unlike Stock–Yogo's values, which
 * assume iid errors, these hold under any of them.
 *
 * Montiel Olea, J.L. & Pflueger, C. (2013), "A Robust Test for Weak Instruments", Journal of
 * Business & Economic Statistics 31(3), 358–369; Pflueger, C.E. & Wang, S. (2015), "A robust test
 * for weak instruments in Stata", Stata Journal 15(1), 216–225.
 */
import { EigenvalueDecomposition, Matrix } from "ml-matrix";
import type { FixedEffectFactor } from "../design/factor";
import type { Dense } from "../linalg/dense";
import { nonCentralChiSquareQuantile } from "../distributions/nonCentralChiSquare";
import type { VcovSpec } from "../variance/spec";
import { crossProduct } from "./partial";
import { scoreCovariance } from "./scoreCovariance";

/** Critical values by the worst-case 2SLS Nagar bias τ allowed, relative to the benchmark (5% test). */
export interface WeakIvCriticalValues {
  /** The effective F above which the worst-case bias is at most 5% of the benchmark (x = 1/τ = 20). */
  "5%": number;
  /** … at most 10% (x = 10; 23.1085 with one instrument). */
  "10%": number;
  /** … at most 20% (x = 5). */
  "20%": number;
  /** … at most 30% (x = 1/0.3; `weakivtest` rounds it to 3.33, which lowers the value by about 0.1%). */
  "30%": number;
}

/** The Montiel Olea–Pflueger effective F with its critical values (one endogenous regressor). */
export interface EffectiveF {
  /** F_eff = π̂'Z'Zπ̂ / tr(V̂(π̂) Z'Z), V̂(π̂) the model's variance of the first-stage coefficients. */
  F: number;
  /** The effective degrees of freedom K_eff of the generalized 10% critical value (1 with one instrument). */
  kEff: number;
  /** Generalized critical values (the bound B_e on the Nagar bias computed from Ŵ), `weakivtest`'s "TSLS" column. */
  critical: WeakIvCriticalValues;
  /** Simplified (conservative) critical values, B_e replaced by its upper bound 1. */
  criticalSimplified: WeakIvCriticalValues;
  /** B_e, the worst-case Nagar bias bound of 2SLS relative to the benchmark (exactly 1 with one instrument). */
  biasBound: number;
  /** k, the number of excluded instruments. */
  instruments: number;
  /** The variance F_eff and Ŵ were computed under (the model's). */
  vcovType: string;
}

/** What the effective F needs from the reduced form and the first stage, all partialled of the exogenous regressors. */
export interface EffectiveFInput {
  /** The k excluded instruments Z̃, partialled of the exogenous regressors and fixed effects. */
  instruments: Float64Array[];
  /** π̂, the first-stage coefficients of the excluded instruments. */
  firstStageCoef: number[];
  /** The first-stage residuals v̂. */
  firstStageResiduals: Float64Array;
  /** The reduced-form residuals (y on the instruments and exogenous regressors). */
  reducedFormResiduals: Float64Array;
  /** The model's variance of π̂ (k × k), with its small-sample factor: it fixes the scaling of Ŵ. */
  firstStageVcov: Dense;
  /** The model's variance type. */
  spec: VcovSpec;
  /** The model's cluster factors (empty unless clustered). */
  clusters: FixedEffectFactor[];
  /** The label of the model's variance. */
  vcovType: string;
}

/** The blocks of Ŵ in instruments normalised to Z'Z = I: reduced form (1), first stage (2), cross (12). */
interface NormalisedCovariance {
  W1: Matrix;
  W12: Matrix;
  W2: Matrix;
}

const TAUS: [keyof WeakIvCriticalValues, number][] = [
  ["5%", 0.05],
  ["10%", 0.1],
  ["20%", 0.2],
  ["30%", 0.3],
];

/** A symmetric matrix to a power (−1/2 here) through its eigen decomposition. */
function symmetricPower(a: Matrix, power: number): Matrix {
  const eig = new EigenvalueDecomposition(a.add(a.transpose()).div(2), { assumeSymmetric: true });
  const v = eig.eigenvectorMatrix;
  return v.mmul(Matrix.diag(eig.realEigenvalues.map((x) => x ** power))).mmul(v.transpose());
}

/** The eigenvalues of the symmetric part of a square matrix. */
function symmetricEigenvalues(a: Matrix): number[] {
  return new EigenvalueDecomposition(a.add(a.transpose()).div(2), { assumeSymmetric: true }).realEigenvalues;
}

/**
 * The meat M = Σ (scores)(scores)' of the stacked moments [z̃ ⊗ û_rf, z̃ ⊗ v̂] without small-sample
 * factor: (û_a'û_b)·Z̃'Z̃ under iid, HC0 or CR0 (two-way: M₁ + M₂ − M₁₂) otherwise.
 */
function stackedMeat(input: EffectiveFInput): Matrix {
  const { instruments: Z, reducedFormResiduals: u, firstStageResiduals: v } = input;
  const k = Z.length;
  const N = u.length;
  if (input.spec.type === "iid") {
    const A = new Matrix(crossProduct(Z, Z).map((r) => Array.from(r)));
    const e = crossProduct([u, v], [u, v]);
    const M = new Matrix(2 * k, 2 * k);
    for (let a = 0; a < 2; a++) for (let b = 0; b < 2; b++) M.setSubMatrix(A.clone().mul(e[a][b]), a * k, b * k);
    return M;
  }
  const scores = [u, v].flatMap((e) => Z.map((z) => Float64Array.from(z, (zi, i) => zi * e[i])));
  return new Matrix(scoreCovariance(scores, input.spec, input.clusters).map((r) => Array.from(r))).mul(N);
}

/**
 * Ŵ in normalised instruments, W_ab = c · (Z̃'Z̃)^{−1/2} M_ab (Z̃'Z̃)^{−1/2}, with c the model's
 * small-sample factor, read off as tr V̂_model(π̂) / tr[(Z̃'Z̃)⁻¹ M₂₂ (Z̃'Z̃)⁻¹] so that Ŵ₂ is exactly the
 * model's variance of π̂ rotated to Z'Z = I (`weakivtest` orthogonalises the instruments with `orthog`).
 */
function normalisedCovariance(input: EffectiveFInput): NormalisedCovariance {
  const k = input.instruments.length;
  const A = new Matrix(crossProduct(input.instruments, input.instruments).map((r) => Array.from(r)));
  const M = stackedMeat(input);
  const Ainv = symmetricPower(A, -1);
  const raw22 = Ainv.mmul(M.subMatrix(k, 2 * k - 1, k, 2 * k - 1)).mmul(Ainv);
  const model22 = new Matrix(input.firstStageVcov.map((r) => Array.from(r)));
  const c = model22.trace() / raw22.trace();
  const root = symmetricPower(A, -0.5);
  const block = (r: number, s: number) => root.mmul(M.subMatrix(r * k, r * k + k - 1, s * k, s * k + k - 1)).mmul(root).mul(c);
  return { W1: block(0, 0), W12: block(0, 1), W2: block(1, 1) };
}

/** A critical value of the effective F with the effective degrees of freedom it was computed with. */
export interface PatnaikCriticalValue {
  /** The critical value c. */
  value: number;
  /** K_eff, the degrees of freedom of the approximating non-central χ². */
  kEff: number;
}

/**
 * `weakivtest`'s `cpatnaikgen`: Patnaik's approximation of the effective F's distribution,
 *
 *   w = eig(Ŵ₂)/tr Ŵ₂,  K_eff = 2(1 + 2x) / (2 Σ w² + 4x max w),  c = χ²_{K_eff}(x·K_eff)⁻¹(1 − α) / K_eff,
 *
 * the quantile of a non-central χ² with K_eff degrees of freedom and non-centrality x·K_eff.
 * Montiel Olea & Pflueger (2013), eq. (20)–(21).
 */
export function patnaikCriticalValue(w2Eigenvalues: number[], x: number, alpha = 0.05): PatnaikCriticalValue {
  const total = w2Eigenvalues.reduce((s, v) => s + v, 0);
  const w = w2Eigenvalues.map((v) => v / total);
  const variance = 2 * w.reduce((s, v) => s + v * v, 0) + 4 * x * Math.max(...w);
  const kEff = (2 * (1 + 2 * x)) / variance;
  return { value: nonCentralChiSquareQuantile(1 - alpha, kEff, x * kEff) / kEff, kEff };
}

/**
 * B(β) of `weakivtest`'s `Bmaxfunction`, the Nagar bias of 2SLS relative to the benchmark at a
 * structural β, written without dividing by tr S₁₂ (the same value):
 *
 *   S₁₂ = W₁₂ − βW₂,  S₁ = W₁ − 2βW₁₂ + β²W₂,
 *   B(β) = max over λ ∈ {λ_min, λ_max} of |tr S₁₂ − 2λ| / √(tr W₂ · tr S₁),
 *
 * λ the extreme eigenvalues of the symmetric part of S₁₂.
 */
function nagarBias(cov: NormalisedCovariance, beta: number): number {
  const S12 = cov.W12.clone().sub(cov.W2.clone().mul(beta));
  const t1 = cov.W1.trace() - 2 * beta * cov.W12.trace() + beta * beta * cov.W2.trace();
  const lambda = symmetricEigenvalues(S12);
  const t12 = S12.trace();
  const top = Math.max(Math.abs(t12 - 2 * Math.min(...lambda)), Math.abs(t12 - 2 * Math.max(...lambda)));
  return top / Math.sqrt(cov.W2.trace() * Math.max(t1, 0));
}

/** Golden-section search for the maximum of f on [a, b], to a width of 1e−13. */
function goldenMaximum(f: (t: number) => number, a: number, b: number): number {
  const r = (Math.sqrt(5) - 1) / 2;
  let c = b - r * (b - a);
  let d = a + r * (b - a);
  let fc = f(c);
  let fd = f(d);
  while (b - a > 1e-13) {
    if (fc > fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - r * (b - a);
      fc = f(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + r * (b - a);
      fd = f(d);
    }
  }
  return Math.max(fc, fd);
}

/**
 * B_e = sup_β B(β), the worst-case Nagar bias bound of the generalized test. The blocks are first
 * scaled to unit trace (B is invariant to the scales of both errors), β = tan θ runs over a grid
 * of 4,000 angles on (−π/2, π/2) refined by golden section, and the limit as |β| → ∞,
 * max(|2λ_max(W₂) − tr W₂|, tr W₂ − 2λ_min(W₂)) / tr W₂ (= 1 with one instrument, so B_e = 1 there),
 * is a candidate too. `weakivtest` maximises B(β) by Nelder–Mead from a grid instead.
 *
 * With one instrument the bound has a closed form: S₁₂ is a scalar, tr S₁₂ − 2λ = −S₁₂, and
 * B(β) = |W₁₂ − βW₂| / √(W₂ (W₁ − 2βW₁₂ + β²W₂)) is the absolute correlation between the first-stage
 * error and the structural error at β, at most 1 (Cauchy–Schwarz) and tending to 1 as |β| → ∞:
 * B_e = 1, so the generalized critical values equal the simplified ones.
 */
export function nagarBiasBound(W1: Matrix, W12: Matrix, W2: Matrix): number {
  if (W2.rows === 1) return 1;
  const s1 = W1.trace();
  const s2 = W2.trace();
  const cov = { W1: W1.clone().div(s1), W12: W12.clone().div(Math.sqrt(s1 * s2)), W2: W2.clone().div(s2) };
  const eig = symmetricEigenvalues(cov.W2);
  let best = Math.max(Math.abs(2 * Math.max(...eig) - 1), 1 - 2 * Math.min(...eig));
  const f = (theta: number) => nagarBias(cov, Math.tan(theta));
  const n = 4000;
  const step = Math.PI / n;
  let bestIndex = 1;
  let bestGrid = -Infinity;
  for (let i = 1; i < n; i++) {
    const v = f(-Math.PI / 2 + i * step);
    if (v > bestGrid) {
      bestGrid = v;
      bestIndex = i;
    }
  }
  const centre = -Math.PI / 2 + bestIndex * step;
  const lo = Math.max(centre - step, -Math.PI / 2 + 1e-12);
  const hi = Math.min(centre + step, Math.PI / 2 - 1e-12);
  best = Math.max(best, bestGrid, goldenMaximum(f, lo, hi));
  return best;
}

/**
 * The effective F and its critical values for a 5% test of the null that the worst-case 2SLS
 * Nagar bias exceeds τ ∈ {5%, 10%, 20%, 30%} of the benchmark:
 *
 *   F_eff = π̂' Z̃'Z̃ π̂ / tr(Ŵ₂),  Ŵ₂ = (Z̃'Z̃)^{1/2} V̂(π̂) (Z̃'Z̃)^{1/2},
 *
 * V̂(π̂) the model's variance of the first-stage coefficients (so with one instrument F_eff is the
 * first-stage robust Wald F, fixest `ivwald`). `weakivtest` scales its Ŵ by (N − 1)/(N − k − L − 1) ·
 * G/(G − 1) instead, L counting every included exogenous regressor (fixed effects as dummies);
 * we keep the model's small-sample factor (design §4, fixed effects nested in the cluster not
 * counted). Only F_eff depends on that scale: the critical values are scale-free. Simplified critical values use x = 1/τ; generalized
 * ones x = B_e/τ, B_e from the full Ŵ (reduced form, first stage and their covariance). In both,
 * the value is `patnaikCriticalValue` at x. With one instrument B_e = 1 and K_eff = 1, so both are
 * χ²₁(x)⁻¹(0.95): 23.1085 for τ = 10%, the "F > 23.1" rule.
 * Montiel Olea & Pflueger (2013), §3–4; Pflueger & Wang (2015), `weakivtest`.
 */
export function effectiveF(input: EffectiveFInput): EffectiveF {
  const k = input.instruments.length;
  const cov = normalisedCovariance(input);
  const A = new Matrix(crossProduct(input.instruments, input.instruments).map((r) => Array.from(r)));
  const pi = Matrix.columnVector(input.firstStageCoef);
  const F = pi.transpose().mmul(A).mmul(pi).get(0, 0) / cov.W2.trace();
  const eig = symmetricEigenvalues(cov.W2);
  const biasBound = nagarBiasBound(cov.W1, cov.W12, cov.W2);
  const critical = {} as WeakIvCriticalValues;
  const criticalSimplified = {} as WeakIvCriticalValues;
  let kEff = NaN;
  for (const [key, tau] of TAUS) {
    const generalized = patnaikCriticalValue(eig, biasBound / tau);
    critical[key] = generalized.value;
    criticalSimplified[key] = patnaikCriticalValue(eig, 1 / tau).value;
    if (key === "10%") kEff = generalized.kEff;
  }
  return { F, kEff, critical, criticalSimplified, biasBound, instruments: k, vcovType: input.vcovType };
}
