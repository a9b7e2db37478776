/**
 * The direct solve of two fixed effects whose second has few levels (years, say), without weights.
 * Chosen by `Demeaner` for two unweighted fixed effects that are not a balanced cross when
 * L_b ≤ 300 and Σ_a n_a² ≤ 64N + 10⁶; used by twoWayUnbalanced.ts (any row order, via `directSolve`)
 * and twoWaySortedTwoPass.ts (rows sorted by the first effect, via `solveRefined`).
 *
 * The fixed point of the sweep, β = G(β) = D_B⁻¹(s_B − C'α(β)) with α(β) = D_A⁻¹(s_A − Cβ) and C the
 * L_a × L_b table of row counts, is the linear system
 *
 *   S β = r,   S = D_B − C'D_A⁻¹C,   r = s_B − C'D_A⁻¹s_A = D_B·G(0),
 *
 * S an L_b × L_b symmetric positive semi-definite matrix (a graph Laplacian: singular along a
 * constant per connected component). S is built once per sample — by bit patterns of the second
 * effect's levels (one pass) or, when a pair of levels repeats, in Σ_l n_l² steps — with its
 * diagonal taken from the zero row sums, and factored S = L D Lᵀ; an (almost) zero pivot marks a
 * coefficient that is free, and is set to 0. Every variable then needs one sweep for its right-hand
 * side and one more for α, instead of iterating.
 *
 * bench/README.md ("An exact reduced system") has the accuracy argument for the pattern count.
 */
import type { FixedEffectFactor } from "../design/factor";
import { maxAbsDiff } from "./convergence";
import type { DemeanReport, DemeanWorkspace } from "./demeanWorkspace";
import { levelBlocks, sweepTwo } from "./twoWaySweep";

/** The factored reduced system of two fixed effects (see `reducedSystemFor`). */
export interface ReducedSystem {
  /** out = S⁺ rhs (a particular solution; free coefficients 0). `out` may be `rhs`. */
  solve(rhs: Float64Array, out: Float64Array): void;
  /** out = rhs − S x. */
  residual(rhs: Float64Array, x: Float64Array, out: Float64Array): void;
}

/**
 * Builds and factors S = D_B − C'D_A⁻¹C for the workspace's two fixed effects. Returns undefined
 * when L_b or the cost is too large (the iteration is used then). Groups the rows by the first
 * effect's level (twoWaySweep.ts `levelBlocks`) if that has not been done yet.
 */
export function reducedSystemFor(work: DemeanWorkspace): ReducedSystem | undefined {
  const [fa, fb] = work.factors;
  const L = fb.nLevels;
  let cost = 0;
  for (let l = 0; l < fa.nLevels; l++) cost += fa.counts[l] * fa.counts[l];
  if (L > 300 || cost > 64 * work.nobs + 1e6) return undefined;
  const { start, other } = levelBlocks(work);
  const S = new Float64Array(L * L);
  if (!(L <= 30 && offDiagonalByPattern(S, L, fa.nLevels, start, other))) offDiagonalByCounting(S, fa, L, start, other);
  diagonalFromRowSums(S, L);
  const { f, d } = factorLdl(S, L);
  return factoredSystem(S, f, d, L);
}

/**
 * The off-diagonal of −C'D_A⁻¹C in Σ_a n_a² steps: level by level of the first effect, the row
 * counts of the second effect's levels it meets, and S_pq −= c_p c_q / n_a for every pair p ≠ q.
 */
function offDiagonalByCounting(S: Float64Array, fa: FixedEffectFactor, L: number, start: Int32Array, other: Int32Array): void {
  const local = new Float64Array(L);
  const touched = new Int32Array(L);
  for (let a = 0; a < fa.nLevels; a++) {
    const from = start[a];
    const to = start[a + 1];
    if (to === from) continue;
    let m = 0;
    for (let j = from; j < to; j++) {
      const b = other[j];
      if (local[b] === 0) touched[m++] = b;
      local[b] += 1;
    }
    const inverse = 1 / (to - from);
    for (let p = 0; p < m; p++) {
      const bp = touched[p];
      const cp = local[bp] * inverse;
      const row = bp * L;
      for (let q = 0; q < m; q++) if (touched[q] !== bp) S[row + touched[q]] -= cp * local[touched[q]];
    }
    for (let p = 0; p < m; p++) local[touched[p]] = 0;
  }
}

/**
 * The off-diagonal of −C'D_A⁻¹C when each pair of levels occurs at most once (C is 0/1). A level
 * of the first effect contributes 1/n_a to every pair of the second-effect levels it meets, and
 * n_a is the size of that set (its bit pattern). So the levels are counted per pattern, the
 * counts added exactly (integers) into one matrix per set size n, and each entry is
 * −Σ_n count_n/n: a handful of roundings instead of one per pattern, which keeps S accurate
 * to the last digits on a million rows. Returns false (S untouched) when some pair occurs twice.
 * `L` is the second effect's level count (≤ 30), `levels` the first's.
 */
function offDiagonalByPattern(S: Float64Array, L: number, levels: number, start: Int32Array, other: Int32Array): boolean {
  const dense = L <= 16 ? new Float64Array(1 << L) : undefined;
  const sparse = dense ? undefined : new Map<number, number>();
  for (let a = 0; a < levels; a++) {
    const from = start[a];
    const to = start[a + 1];
    if (to === from) continue;
    let mask = 0;
    for (let j = from; j < to; j++) {
      const bit = 1 << other[j];
      if (mask & bit) return false;
      mask |= bit;
    }
    if (dense) dense[mask] += 1;
    else if (sparse) sparse.set(mask, (sparse.get(mask) ?? 0) + 1);
  }
  // countsBySize[n][p·L + q]: levels of size n that meet both p and q (exact integers).
  const countsBySize = Array.from({ length: L + 1 }, () => new Float64Array(L * L));
  const bits = new Int32Array(L);
  const add = (mask: number, count: number): void => {
    let m = 0;
    for (let b = 0; b < L; b++) if (mask & (1 << b)) bits[m++] = b;
    const counts = countsBySize[m];
    for (let p = 0; p < m; p++) for (let q = 0; q < m; q++) if (p !== q) counts[bits[p] * L + bits[q]] += count;
  };
  if (dense) {
    for (let mask = 0; mask < dense.length; mask++) if (dense[mask] !== 0) add(mask, dense[mask]);
  } else if (sparse) {
    for (const [mask, count] of sparse) add(mask, count);
  }
  for (let size = 2; size <= L; size++) {
    const counts = countsBySize[size];
    for (let k = 0; k < L * L; k++) if (counts[k] !== 0) S[k] -= counts[k] / size;
  }
  return true;
}

/**
 * The diagonal from the rows' zero sums (S·1 = n_B − C'D_A⁻¹C·1 = 0): the constant stays exactly
 * in the null space, so rounding in the accumulated entries cannot make the system inconsistent.
 */
export function diagonalFromRowSums(S: Float64Array, L: number): void {
  for (let b = 0; b < L; b++) {
    let sum = 0;
    for (let c = 0; c < L; c++) if (c !== b) sum += S[b * L + c];
    S[b * L + b] = -sum;
  }
}

/**
 * S = L D Lᵀ, L unit lower triangular (stored below the diagonal of `f`), D in `d`. A pivot not
 * above 1e-9 × its diagonal entry marks a free coefficient: d = 0 and its column of L is 0.
 */
export function factorLdl(S: Float64Array, L: number): { f: Float64Array; d: Float64Array } {
  const f = S.slice();
  const d = new Float64Array(L);
  for (let j = 0; j < L; j++) {
    const diagonal = f[j * L + j];
    let pivot = diagonal;
    for (let k = 0; k < j; k++) pivot -= f[j * L + k] * f[j * L + k] * d[k];
    if (!(pivot > 1e-9 * diagonal)) {
      d[j] = 0;
      for (let i = j + 1; i < L; i++) f[i * L + j] = 0;
      continue;
    }
    d[j] = pivot;
    for (let i = j + 1; i < L; i++) {
      let v = f[i * L + j];
      for (let k = 0; k < j; k++) v -= f[i * L + k] * f[j * L + k] * d[k];
      f[i * L + j] = v / pivot;
    }
  }
  return { f, d };
}

/** The solve (forward, diagonal, backward substitution; free coefficients 0) and residual of S = L D Lᵀ. */
export function factoredSystem(S: Float64Array, f: Float64Array, d: Float64Array, L: number): ReducedSystem {
  const work = new Float64Array(L);
  return {
    residual: (rhs, x, out) => {
      for (let i = 0; i < L; i++) {
        let v = rhs[i];
        for (let j = 0; j < L; j++) v -= S[i * L + j] * x[j];
        out[i] = v;
      }
    },
    solve: (rhs, out) => {
      for (let j = 0; j < L; j++) {
        let v = rhs[j];
        for (let k = 0; k < j; k++) v -= f[j * L + k] * work[k];
        work[j] = v;
      }
      for (let j = 0; j < L; j++) work[j] = d[j] > 0 ? work[j] / d[j] : 0;
      for (let j = L - 1; j >= 0; j--) {
        let v = work[j];
        for (let i = j + 1; i < L; i++) v -= f[i * L + j] * out[i];
        out[j] = v;
      }
    },
  };
}

/**
 * β = S⁺r, then up to two steps of iterative refinement β += S⁺(r − Sβ) until
 * max_b |(r − Sβ)_b / n_b| ≤ threshold (n_b = countB). `scratch` is of length L_b.
 */
export function solveRefined(
  reduced: ReducedSystem,
  countB: Float64Array,
  rhs: Float64Array,
  beta: Float64Array,
  scratch: Float64Array,
  threshold: number,
): void {
  reduced.solve(rhs, beta);
  for (let refinement = 0; refinement < 2; refinement++) {
    reduced.residual(rhs, beta, scratch);
    let worst = 0;
    for (let l = 0; l < scratch.length; l++) if (countB[l] > 0) worst = Math.max(worst, Math.abs(scratch[l] / countB[l]));
    if (worst <= threshold) return;
    reduced.solve(scratch, scratch);
    for (let l = 0; l < beta.length; l++) beta[l] += scratch[l];
  }
}

/**
 * The direct solve for two fixed effects in any row order, after the level sums of x are in
 * work.levelSums: r = s_B − C'D_A⁻¹s_A (half a sweep), β = S⁺r with up to two steps of iterative
 * refinement on the L_b × L_b system until max_b |(r − Sβ)_b / n_b| — which is max |G(β) − β| in
 * exact arithmetic — is within `threshold`; then one sweep gives α(β) and G(β), and
 * max |G(β) − β| on the data decides convergence. Leaves α, β in work.alpha and G(β) in work.x0
 * (the start of the iteration, if still needed).
 */
export function directSolve(work: DemeanWorkspace, reduced: ReducedSystem, threshold: number): DemeanReport {
  const { start, other } = levelBlocks(work);
  const countA = work.factors[0].counts;
  const sumA = work.levelSums[0];
  const alpha = work.alpha[0];
  const { x0, gx, ggx } = work;
  const rhs = gx;
  rhs.set(work.levelSums[1]);
  for (let l = 0; l < alpha.length; l++) {
    const value = countA[l] > 0 ? sumA[l] / countA[l] : 0;
    for (let j = start[l]; j < start[l + 1]; j++) rhs[other[j]] -= value;
  }
  solveRefined(reduced, work.factors[1].counts, rhs, x0, ggx, threshold);
  // One sweep from β: α = α(β), β ← G(β), checked on the data as the iteration checks itself
  // (the sums behind r and S round differently from a sweep's; this step removes that, ~1e-13).
  sweepTwo(work, x0, gx);
  const converged = maxAbsDiff(x0, gx) <= threshold;
  x0.set(gx);
  return { iterations: 1, converged };
}
