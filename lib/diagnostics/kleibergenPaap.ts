import { CholeskyDecomposition, EigenvalueDecomposition, inverse, Matrix, solve } from "ml-matrix";
import type { FixedEffectFactor } from "../design/factor";
import { chiSquareUpperP } from "../distributions/index";
import type { VcovSpec } from "../variance/spec";
import { crossProduct } from "./partial";
import { clusterCount, scoreCovariance } from "./scoreCovariance";

/** The Kleibergen–Paap rank test of the first-stage coefficient matrix. */
export interface KleibergenPaap {
  /** rk LM statistic (under-identification test), χ²(L − K + 1). */
  lm: number;
  lmDf: number;
  lmP: number;
  /** rk Wald statistic in χ² form. */
  waldChi2: number;
  /** rk Wald F, scaled as ivreghdfe does with absorbed fixed effects (design §4). */
  waldF: number;
  /** Canonical correlations of the partialled endogenous regressors and instruments, largest first. */
  canonicalCorrelations: number[];
}

function toMatrix(rows: ArrayLike<number>[]): Matrix {
  return new Matrix(rows.map((r) => Array.from(r)));
}

/** Symmetric square root A^{1/2} through the eigen decomposition (negative eigenvalues set to 0). */
function symmetricSqrt(a: Matrix): Matrix {
  const sym = a.add(a.transpose()).div(2);
  const eig = new EigenvalueDecomposition(sym, { assumeSymmetric: true });
  const vectors = eig.eigenvectorMatrix;
  const roots = eig.realEigenvalues.map((v) => Math.sqrt(Math.max(v, 0)));
  return vectors.mmul(Matrix.diag(roots)).mmul(vectors.transpose());
}

/** Orthonormal basis of the complement of the columns of `basis` in R^L (Gram–Schmidt on e_1 … e_L). */
function orthogonalComplement(basis: number[][], L: number): number[][] {
  const vectors = basis.map((v) => v.slice());
  const added: number[][] = [];
  for (let i = 0; i < L && vectors.length < L; i++) {
    const v = new Array<number>(L).fill(0);
    v[i] = 1;
    for (let pass = 0; pass < 2; pass++) {
      for (const q of vectors) {
        let c = 0;
        for (let k = 0; k < L; k++) c += q[k] * v[k];
        for (let k = 0; k < L; k++) v[k] -= c * q[k];
      }
    }
    const norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
    if (norm > 1e-8) {
      const q = v.map((x) => x / norm);
      vectors.push(q);
      added.push(q);
    }
  }
  return added;
}

/**
 * Kleibergen & Paap (2006) rk statistic for H₀: rank(Π) = K − 1, with Π (L × K) the first-stage
 * coefficients of the K endogenous regressors Y on the L excluded instruments Z, both already
 * partialled of the fixed effects and the exogenous regressors. Following ranktest
 * (Kleibergen & Schaffer 2007):
 *
 *   Θ = G Π F⁻¹ with G'G = Z'Z, F'F = Y'Y (Cholesky);  Θ = U D V' (SVD)
 *   λ = (B ⊗ A') vec Θ,  A = U₂ U₂₂⁻¹ (U₂₂U₂₂')^{1/2},  B = (V₂₂V₂₂')^{1/2} V₂₂'⁻¹ V₂'
 *   rk = λ' [ (B ⊗ A')(F'⁻¹ ⊗ G'⁻¹) N Ŝ (F'⁻¹ ⊗ G'⁻¹)' (B ⊗ A')' ]⁻¹ λ,   df = L − K + 1,
 *
 * U₂, V₂ the singular-vector blocks of the K-th and smaller singular values. Ŝ is the covariance
 * of e_i ⊗ z_i without small-sample factors (HC0, CR0, or (e'e/N) ⊗ (Z'Z/N) under iid), with
 * e = Y for the LM statistic and e = Y − ZΠ̂ for the Wald statistic.
 * The Wald F is χ²/L · (N − K_fs)/(N − 1) · (G − 1)/G under clustering (G_min for two-way) and
 * χ²/L · (N − K_fs)/N otherwise, K_fs the first stage's K under the nested rule (ivreghdfe).
 * Kleibergen & Paap (2006), J. Econometrics 133, 97–126; Baum, Schaffer & Stillman (2007), §4.
 */
export function kleibergenPaap(
  endogenous: Float64Array[],
  instruments: Float64Array[],
  spec: VcovSpec,
  clusters: FixedEffectFactor[],
  firstStageK: number,
): KleibergenPaap {
  const N = endogenous[0].length;
  const L = instruments.length;
  const rank = rankProblem(endogenous, instruments);
  const statistic = (residualBased: boolean): number => {
    const e = residualBased ? firstStageResiduals(endogenous, instruments, rank.Pi) : endogenous;
    const S = scoreCovarianceOf(e, instruments, rank.ZtZ, spec, clusters);
    const vLambda = rank.W.mmul(S).mmul(rank.W.transpose()).mul(N);
    const symmetric = vLambda.add(vLambda.transpose()).div(2);
    return rank.lambda.transpose().mmul(solve(symmetric, rank.lambda)).get(0, 0);
  };
  const lm = statistic(false);
  const waldChi2 = statistic(true);
  const df = L - endogenous.length + 1;
  const G = clusterCount(spec, clusters);
  const waldF =
    G === undefined
      ? (waldChi2 / L) * ((N - firstStageK) / N)
      : (waldChi2 / L) * ((N - firstStageK) / (N - 1)) * ((G - 1) / G);
  return { lm, lmDf: df, lmP: chiSquareUpperP(lm, df), waldChi2, waldF, canonicalCorrelations: rank.singular };
}

/** The pieces of the rk statistic that do not depend on the covariance: Π̂, Z'Z, λ, W and the singular values of Θ. */
interface RankProblem {
  Pi: Matrix;
  ZtZ: Matrix;
  lambda: Matrix;
  W: Matrix;
  singular: number[];
}

/**
 * Θ = G Π F⁻¹ and its SVD (from the eigen decomposition of Θ'Θ, singular values descending), the
 * projection λ = A'ΘB' on the smallest singular direction and the weight W = (B F'⁻¹) ⊗ (A' G'⁻¹).
 */
function rankProblem(endogenous: Float64Array[], instruments: Float64Array[]): RankProblem {
  const K = endogenous.length;
  const L = instruments.length;
  const ZtZ = toMatrix(crossProduct(instruments, instruments));
  const Pi = solve(ZtZ, toMatrix(crossProduct(instruments, endogenous)));
  const G = new CholeskyDecomposition(ZtZ).lowerTriangularMatrix.transpose();
  const F = new CholeskyDecomposition(toMatrix(crossProduct(endogenous, endogenous))).lowerTriangularMatrix.transpose();
  const Finv = inverse(F);
  const theta = G.mmul(Pi).mmul(Finv);
  const eig = new EigenvalueDecomposition(theta.transpose().mmul(theta), { assumeSymmetric: true });
  const order = eig.realEigenvalues.map((v, k) => ({ v, k })).sort((a, b) => b.v - a.v);
  const singular = order.map(({ v }) => Math.sqrt(Math.max(v, 0)));
  const V = Matrix.zeros(K, K);
  order.forEach(({ k }, j) => V.setColumn(j, eig.eigenvectorMatrix.getColumn(k)));
  const A = smallestLeftBlock(theta, V, singular, L);
  const v22 = V.get(K - 1, K - 1);
  const B = Matrix.rowVector(V.getColumn(K - 1)).mul(Math.sign(v22) || 1); // (V₂₂V₂₂')^{1/2} V₂₂'⁻¹ V₂' for a 1 × 1 V₂₂
  const lambda = A.transpose().mmul(theta).mmul(B.transpose()); // = (B ⊗ A') vec Θ
  const W = B.mmul(Finv.transpose()).kroneckerProduct(A.transpose().mmul(inverse(G).transpose()));
  return { Pi, ZtZ, lambda, W, singular };
}

/** A = U₂ U₂₂⁻¹ (U₂₂U₂₂')^{1/2}, U₂ spanning the left singular vectors K … L of Θ. */
function smallestLeftBlock(theta: Matrix, V: Matrix, singular: number[], L: number): Matrix {
  const K = V.columns;
  const leading: number[][] = [];
  for (let j = 0; j < K - 1; j++) {
    leading.push(theta.mmul(V.subMatrix(0, K - 1, j, j)).getColumn(0).map((x) => x / singular[j]));
  }
  const block = orthogonalComplement(leading, L);
  const U2 = new Matrix(L, block.length);
  block.forEach((col, j) => U2.setColumn(j, col));
  const U22 = U2.subMatrix(K - 1, L - 1, 0, block.length - 1);
  return U2.mmul(inverse(U22)).mmul(symmetricSqrt(U22.mmul(U22.transpose())));
}

/** e = Y − ZΠ̂, the first-stage residuals the Wald form uses. */
function firstStageResiduals(endogenous: Float64Array[], instruments: Float64Array[], Pi: Matrix): Float64Array[] {
  const N = endogenous[0].length;
  return endogenous.map((y, j) => {
    const out = Float64Array.from(y);
    for (let l = 0; l < instruments.length; l++) {
      const coefficient = Pi.get(l, j);
      const z = instruments[l];
      for (let i = 0; i < N; i++) out[i] -= coefficient * z[i];
    }
    return out;
  });
}

/** Ŝ, the covariance of e_i ⊗ z_i without small-sample factors: (e'e/N) ⊗ (Z'Z/N) under iid, else HC0 or CR0. */
function scoreCovarianceOf(e: Float64Array[], instruments: Float64Array[], ZtZ: Matrix, spec: VcovSpec, clusters: FixedEffectFactor[]): Matrix {
  const N = e[0].length;
  if (spec.type === "iid") return toMatrix(crossProduct(e, e)).div(N).kroneckerProduct(ZtZ.clone().div(N));
  const scores: Float64Array[] = [];
  for (const ej of e) {
    for (const z of instruments) {
      const s = new Float64Array(N);
      for (let i = 0; i < N; i++) s[i] = ej[i] * z[i];
      scores.push(s);
    }
  }
  return toMatrix(scoreCovariance(scores, spec, clusters));
}
