/**
 * Partialling controls out under regression weights: the weighted residual maker
 *
 *   M = I − V(V′ΩV)⁻¹V′Ω,   V = [controls, 1],  Ω = diag(ω)
 *
 * computed on the √ω-scaled scale, where √ω ⊙ Mv = (I − QQ′)(√ω ⊙ v) with Q an orthonormal basis of
 * √ω ⊙ V (Gram–Schmidt twice, lib/solve/orthogonalize). Working on that scale, every weighted inner
 * product u′Ωv is a plain dot product of scaled columns. The projection is applied twice ("twice is
 * enough") when the first pass removed most of v, so the residual is orthogonal to V to machine precision even
 * when v is nearly in its span.
 */
import { orthogonalize } from "../../solve/orthogonalize";

/** The weighted residual maker of a set of controls (with the intercept), on the √ω scale. */
export interface ControlProjection {
  /** Number of rows. */
  n: number;
  /** Number of control columns kept (the intercept included). */
  p: number;
  /** √ω per row. */
  sqrtWeights: Float64Array;
  /** Indices (into the columns given) of the controls dropped as collinear with earlier ones. */
  dropped: number[];
  /** Q row-major (n × p). */
  q: Float64Array;
}

/**
 * Builds the projection from the raw control columns (the intercept is appended last) and the weights.
 * A control collinear with the earlier ones (1 − R² < 1e-10, the kit's tolerance) is dropped.
 * @example controlProjection([x1], new Float64Array(n).fill(1)).p // 2: x1 and the intercept
 */
export function controlProjection(controls: Float64Array[], weights: Float64Array): ControlProjection {
  const n = weights.length;
  const sqrtWeights = weights.map(Math.sqrt);
  const scaled = [...controls, new Float64Array(n).fill(1)].map((c) => c.map((v, i) => v * sqrtWeights[i]));
  // Reference: each column's sum of squares about zero on the scaled scale (a constant control is caught by the intercept).
  const reference = scaled.map((c) => c.reduce((s, v) => s + v * v, 0));
  // The intercept goes first so that a constant control is the one dropped.
  const order = [scaled.length - 1, ...controls.map((_, j) => j)];
  const basis = orthogonalize(order.map((j) => scaled[j]), order.map((j) => reference[j]));
  const p = basis.q.length;
  const q = new Float64Array(n * p);
  basis.q.forEach((column, j) => {
    for (let i = 0; i < n; i++) q[i * p + j] = column[i];
  });
  const dropped = basis.dropped.map((d) => order[d]);
  return { n, p, sqrtWeights, dropped, q };
}

/**
 * out = (I − QQ′)v on the √ω scale, projected a second time when the first pass removed more than half of
 * v's sum of squares (Kahan–Parlett's "twice is enough" test: otherwise one pass is already orthogonal to
 * machine precision), or always when `twice` is set. `out` may be `v`; `work` (length p) is scratch.
 * @returns out
 * @example residualizeScaled(projection, scaledY) // √ω ⊙ My
 */
export function residualizeScaled(projection: ControlProjection, v: Float64Array, out: Float64Array = new Float64Array(v.length), work: Float64Array = new Float64Array(projection.p), twice = true): Float64Array {
  if (out !== v) out.set(v);
  const before = projectOut(projection, out, work);
  const after = sumOfSquares(out);
  if (twice || after < 0.5 * before) projectOut(projection, out, work);
  return out;
}

/** v ← v − Q(Q′v) in place; returns Σ v² before. Rows where v is 0 are skipped when forming Q′v (share columns are sparse). */
function projectOut(projection: ControlProjection, v: Float64Array, work: Float64Array): number {
  const { n, p, q } = projection;
  work.fill(0);
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const vi = v[i];
    if (vi === 0) continue;
    ss += vi * vi;
    const row = i * p;
    for (let j = 0; j < p; j++) work[j] += q[row + j] * vi;
  }
  for (let i = 0; i < n; i++) {
    const row = i * p;
    let s = 0;
    for (let j = 0; j < p; j++) s += q[row + j] * work[j];
    v[i] -= s;
  }
  return ss;
}

/** Σ v². */
function sumOfSquares(v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return s;
}
