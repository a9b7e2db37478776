/**
 * Two fixed effects with row weights (regression weights, fixest's `weights`), rows sorted by the
 * first effect a (a panel sorted by unit), the second with few levels: the weighted direct solve in
 * two passes over the data, as twoWaySortedTwoPass.ts does without weights. Chosen by `Demeaner`
 * for weighted two-way designs without the balanced closed form (twoWayWeightedBalanced.ts).
 *
 * The weighted normal equations α_a = (s_a − Σ_{i∈a} w_i β_{b_i})/W_a, s = D'Wx, W_a = Σ_{i∈a} w_i,
 * reduce to the L_b × L_b system
 *
 *   S β = r,   S = D_Bʷ − C_w'(D_Aʷ)⁻¹C_w,   r = s_B − C_w'(D_Aʷ)⁻¹s_A,   C_w[a, b] = Σ_{i∈a,b} w_i,
 *
 * a weighted graph Laplacian (rows sum to zero), built once per set of weights and factored
 * (reducedSystem.ts). Per variable:
 *
 *   pass 1, run by run: s_a = Σ w x, then r_b += w (x − s_a/W_a);
 *   β = S⁺r with iterative refinement;
 *   pass 2, run by run: α_a = (s_a − Σ w β_b)/W_a, x̃ = x − α_a − β_b, e_b += w x̃.
 *
 * e_b/W_b is the move of one weighted Gauss–Seidel sweep, the iteration's own convergence test; when
 * it fails, β += S⁺e and pass 2 repeats; designs that still fail (nearly disconnected) are demeaned
 * again by the general weighted iteration (multiWaySweep.ts). Gaure (2013), §3; Correia (2016).
 */
import type { FixedEffectFactor } from "../design/factor";
import { scaleFromMoments } from "./convergence";
import type { DemeanReport, DemeanWorkspace } from "./demeanWorkspace";
import { demeanMultiWay } from "./multiWaySweep";
import { diagonalFromRowSums, factorLdl, factoredSystem, solveRefined, type ReducedSystem } from "./reducedSystem";
import { levelBlocks, rowsInBlocks } from "./twoWaySweep";

/** Passes 2 and refinements against the data before the general iteration takes over. */
const MAX_PASSES = 3;

/**
 * The factored weighted reduced system when the weighted two-pass path applies (two fixed effects,
 * rows in runs of the first, L_b ≤ 300 and Σ_a n_a² ≤ 64N + 10⁶), else undefined.
 * @example const reduced = weightedReducedSystemFor(work); // after work.weights is set
 */
export function weightedReducedSystemFor(work: DemeanWorkspace): ReducedSystem | undefined {
  const w = work.weights;
  if (!w || work.factors.length !== 2) return undefined;
  const [fa, fb] = work.factors;
  const L = fb.nLevels;
  let cost = 0;
  for (let l = 0; l < fa.nLevels; l++) cost += fa.counts[l] * fa.counts[l];
  if (L > 300 || cost > 64 * work.nobs + 1e6 || !rowsInBlocks(work)) return undefined;
  const S = new Float64Array(L * L);
  weightedOffDiagonal(S, fa, fb.codes, w, L, levelBlocks(work).start);
  for (let p = 0; p < L; p++) for (let q = p + 1; q < L; q++) S[q * L + p] = S[p * L + q];
  diagonalFromRowSums(S, L);
  const { f, d } = factorLdl(S, L);
  return factoredSystem(S, f, d, L);
}

/** S_pq −= c_p c_q / W_a (p ≠ q) run by run, c_b the weight of the run's rows in level b of the second effect. */
function weightedOffDiagonal(S: Float64Array, fa: FixedEffectFactor, b: Int32Array, w: Float64Array, L: number, start: Int32Array): void {
  const local = new Float64Array(L);
  const touched = new Int32Array(L);
  const seen = new Uint8Array(L);
  for (let a = 0; a < fa.nLevels; a++) {
    let m = 0;
    let total = 0;
    for (let i = start[a]; i < start[a + 1]; i++) {
      const code = b[i];
      if (!seen[code]) {
        seen[code] = 1;
        touched[m++] = code;
      }
      local[code] += w[i];
      total += w[i];
    }
    // The upper triangle only (S is symmetric); the diagonal is set from the row sums afterwards.
    if (total > 0) {
      for (let p = 0; p < m; p++) {
        const bp = touched[p];
        const cp = local[bp] / total;
        for (let q = p + 1; q < m; q++) {
          const bq = touched[q];
          S[bp < bq ? bp * L + bq : bq * L + bp] -= cp * local[bq];
        }
      }
    }
    for (let p = 0; p < m; p++) {
      local[touched[p]] = 0;
      seen[touched[p]] = 0;
    }
  }
}

/** Writes x − α_a − β_b (weighted projection) into `out` (not `x`) in two passes over rows sorted by the first effect. */
export function demeanWeightedSortedTwoPass(work: DemeanWorkspace, x: Float64Array, out: Float64Array, reduced: ReducedSystem): DemeanReport {
  const w = work.weights as Float64Array;
  const { start } = levelBlocks(work);
  const b = work.factors[1].codes;
  const weightA = work.weightTotals[0];
  const weightB = work.weightTotals[1];
  const sumA = work.levelSums[0];
  const alpha = work.alpha[0];
  const beta = work.alpha[1];
  const { gx: rhs, ggx: move } = work;
  const moments = weightedRunSums(x, w, b, start, weightA, sumA, rhs, move);
  const threshold = work.options.tolerance * scaleFromMoments(moments[0], moments[1], x.length);
  solveRefined(reduced, weightB, rhs, beta, move, threshold);
  for (let pass = 1; pass <= MAX_PASSES; pass++) {
    weightedSubtract(x, w, b, start, weightA, sumA, beta, alpha, out, move);
    let worst = 0;
    for (let k = 0; k < beta.length; k++) if (weightB[k] > 0) worst = Math.max(worst, Math.abs(move[k] / weightB[k]));
    if (worst <= threshold) return { iterations: pass, converged: true };
    if (pass === MAX_PASSES) break;
    solveRefined(reduced, weightB, move, rhs, work.x0, threshold);
    for (let k = 0; k < beta.length; k++) beta[k] += rhs[k];
  }
  // Rounding trouble (a nearly disconnected design): the general weighted iteration from scratch.
  const more = demeanMultiWay(work, x, out);
  return { iterations: MAX_PASSES + more.iterations, converged: more.converged };
}

/**
 * Pass 1: sumA_l = Σ w x over run l, rhs_b += w_i (x_i − sumA_l/W_l), added through `partial` every
 * 256 runs (totals round at the scale of deviations). Returns Σ(x − x₀), Σ(x − x₀)² (unweighted, for the scale).
 */
function weightedRunSums(
  x: Float64Array,
  w: Float64Array,
  b: Int32Array,
  start: Int32Array,
  weightA: Float64Array,
  sumA: Float64Array,
  rhs: Float64Array,
  partial: Float64Array,
): [number, number] {
  const levels = start.length - 1;
  rhs.fill(0);
  partial.fill(0);
  const shift = x.length > 0 ? x[0] : 0;
  let s1 = 0;
  let s2 = 0;
  for (let l = 0; l < levels; l++) {
    const from = start[l];
    const to = start[l + 1];
    let acc = 0;
    for (let i = from; i < to; i++) {
      const v = x[i];
      acc += w[i] * v;
      const d = v - shift;
      s1 += d;
      s2 += d * d;
    }
    sumA[l] = acc;
    const mean = weightA[l] > 0 ? acc / weightA[l] : 0;
    for (let i = from; i < to; i++) partial[b[i]] += w[i] * (x[i] - mean);
    if ((l & 255) === 255 || l === levels - 1) {
      for (let k = 0; k < rhs.length; k++) rhs[k] += partial[k];
      partial.fill(0);
    }
  }
  return [s1, s2];
}

/** Pass 2: α_l = (sumA_l − Σ w β_b)/W_l, out = x − α − β, move_b = Σ_{i∈b} w_i out_i. */
function weightedSubtract(
  x: Float64Array,
  w: Float64Array,
  b: Int32Array,
  start: Int32Array,
  weightA: Float64Array,
  sumA: Float64Array,
  beta: Float64Array,
  alpha: Float64Array,
  out: Float64Array,
  move: Float64Array,
): void {
  move.fill(0);
  const levels = start.length - 1;
  for (let l = 0; l < levels; l++) {
    const from = start[l];
    const to = start[l + 1];
    let acc = 0;
    for (let i = from; i < to; i++) acc += w[i] * beta[b[i]];
    const value = weightA[l] > 0 ? (sumA[l] - acc) / weightA[l] : 0;
    alpha[l] = value;
    for (let i = from; i < to; i++) {
      const code = b[i];
      const residual = x[i] - value - beta[code];
      out[i] = residual;
      move[code] += w[i] * residual;
    }
  }
}
