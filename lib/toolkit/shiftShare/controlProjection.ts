/**
 * Partialling controls (and fixed effects) out under regression weights — the one residual maker of
 * the shift-share tools:
 *
 *   M v = v − V b,  b = argmin Σ_i ω_i (v_i − V_i b)²,   V = [controls (, 1)],  Ω = diag(ω)
 *
 * computed on the √ω scale, where √ω ⊙ Mv = (I − QQ′)(√ω ⊙ v) with Q an orthonormal basis of
 * √ω ⊙ V (Gram–Schmidt twice, lib/solve/orthogonalize), so every weighted inner product u′Ωv is a
 * plain dot product of scaled columns. With fixed effects, v and the controls are first demeaned by
 * them under the same weights (lib/absorb), and M projects on the demeaned controls: by Frisch–Waugh–
 * Lovell this is exactly the residual on [controls, dummies of every fixed effect] (Wooldridge 2010,
 * §4.2.3; Gaure 2013). A control collinear with the earlier ones (or with the fixed effects) is dropped;
 * that does not change the residuals.
 */
import type { FixedEffectFactor } from "../../design/factor";
import { Demeaner } from "../../absorb/demean";
import { orthogonalize } from "../../solve/orthogonalize";

/** The weighted residual maker of a set of controls, on the √ω scale. */
export interface ControlProjection {
  /** Number of rows. */
  n: number;
  /** Number of control columns kept (the intercept included when appended). */
  p: number;
  /** √ω per row (all 1 unweighted). */
  sqrtWeights: Float64Array;
  /** Indices (into the columns given) of the controls dropped as collinear with earlier ones or with the fixed effects. */
  dropped: number[];
  /** Q row-major (n × p). */
  q: Float64Array;
  /** With fixed effects: their weighted demeaner, applied to every column before Q. */
  demeaner?: Demeaner;
}

/** How `controlProjection` treats its columns. */
export interface ProjectionOptions {
  /** Append the intercept (first in the basis, so that a constant control is the one dropped). Default true; ignored with fixed effects (they absorb it). */
  intercept?: boolean;
  /** Fixed effects on the same rows, partialled out first (FWL). */
  fixedEffects?: FixedEffectFactor[];
  /** Drop a control when 1 − R² on the earlier ones (and the fixed effects) is below this; default 1e-10, the kit's tolerance. R's lm uses 1e-7 on norms, i.e. 1e-14. */
  tolerance?: number;
}

/**
 * Builds the projection from the raw control columns and the weights (undefined: unweighted).
 * @example controlProjection([x1], undefined).p // 2: the intercept and x1
 */
export function controlProjection(controls: Float64Array[], weights: Float64Array | undefined, options: ProjectionOptions = {}): ControlProjection {
  const n = weights ? weights.length : (controls[0]?.length ?? 0);
  const sqrtWeights = weights ? weights.map(Math.sqrt) : new Float64Array(n).fill(1);
  const fixedEffects = options.fixedEffects ?? [];
  const demeaner = fixedEffects.length > 0 ? new Demeaner(fixedEffects) : undefined;
  if (demeaner && weights) demeaner.setWeights(weights);
  const intercept = !demeaner && (options.intercept ?? true);
  const raw = intercept ? [new Float64Array(n).fill(1), ...controls] : controls;
  // Reference: each column's weighted sum of squares about zero before the fixed effects, so a control they absorb is caught.
  const reference = raw.map((c) => c.reduce((s, v, i) => s + v * v * sqrtWeights[i] * sqrtWeights[i], 0));
  const scaled = raw.map((c) => scaleInto(demeaner ? demeaned(demeaner, c) : Float64Array.from(c), sqrtWeights));
  const basis = orthogonalize(scaled, reference, options.tolerance);
  const p = basis.q.length;
  const q = new Float64Array(n * p);
  basis.q.forEach((column, j) => {
    for (let i = 0; i < n; i++) q[i * p + j] = column[i];
  });
  const dropped = basis.dropped.map((d) => (intercept ? d - 1 : d)).filter((d) => d >= 0);
  return { n, p, sqrtWeights, dropped, q, ...(demeaner ? { demeaner } : {}) };
}

/** v demeaned by the fixed effects (a new array). */
function demeaned(demeaner: Demeaner, v: ArrayLike<number>): Float64Array {
  const out = new Float64Array(v.length);
  demeaner.demean(Float64Array.from(v), out);
  return out;
}

/** v ← √ω ⊙ v in place. */
function scaleInto(v: Float64Array, sqrtWeights: Float64Array): Float64Array {
  for (let i = 0; i < v.length; i++) v[i] *= sqrtWeights[i];
  return v;
}

/**
 * The residual Mv on the raw scale (a new array): demeaned by the fixed effects, scaled by √ω,
 * projected off Q twice, unscaled. Rows must have positive weights.
 * @example residuals(controlProjection([x1], w), y) // lm.wfit(cbind(1, x1), y, w)$residuals
 */
export function residuals(projection: ControlProjection, v: ArrayLike<number>): Float64Array {
  const sw = projection.sqrtWeights;
  const out = scaledResiduals(projection, v);
  for (let i = 0; i < out.length; i++) out[i] /= sw[i];
  return out;
}

/**
 * √ω ⊙ Mv from a raw column v (a new array): demeaned by the fixed effects, scaled by √ω, projected
 * off Q twice — the form every weighted inner product u′ΩMv = (√ω ⊙ u)′(√ω ⊙ Mv) reads.
 * @example scaledResiduals(controlProjection([x1], w, { fixedEffects }), y) // √w ⊙ residual of y on x1 and the dummies
 */
export function scaledResiduals(projection: ControlProjection, v: ArrayLike<number>): Float64Array {
  const out = scaleInto(projection.demeaner ? demeaned(projection.demeaner, v) : Float64Array.from(v), projection.sqrtWeights);
  return residualizeScaled(projection, out, out);
}

/**
 * out = (I − QQ′)v on the √ω scale (v already scaled, and demeaned when there are fixed effects),
 * projected a second time when the first pass removed more than half of v's sum of squares (Kahan–Parlett's
 * "twice is enough" test: otherwise one pass is already orthogonal to machine precision), or always when
 * `twice` is set. `out` may be `v`; `work` (length p) is scratch.
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
