/**
 * The passes over the rows that several demeaning paths share: per-level sums of x before a solve,
 * and x̃ = x − Σ_f α_f[code_f] after it. They are functions of their own so that V8 compiles them
 * once and keeps them (a loop in a long method is recompiled on the stack on every call).
 *
 * "Runs" are rows sorted by the first fixed effect (a panel sorted by unit): level l of the first
 * effect is rows start[l] … start[l+1] − 1.
 */
import type { FixedEffectFactor } from "../design/factor";

/** For every fixed effect f: levelSums[f][l] = Σ_{i∈l} x_i, or Σ_{i∈l} w_i x_i when weighted. */
export function levelSumsOfEach(factors: FixedEffectFactor[], levelSums: Float64Array[], x: Float64Array, w: Float64Array | null): void {
  for (let f = 0; f < factors.length; f++) {
    const sums = levelSums[f];
    const codes = factors[f].codes;
    sums.fill(0);
    if (w) for (let i = 0; i < x.length; i++) sums[codes[i]] += w[i] * x[i];
    else for (let i = 0; i < x.length; i++) sums[codes[i]] += x[i];
  }
}

/** out = x − Σ_f α_f[codes_f], one fixed effect at a time (`out` may be `x`). */
export function subtractFitted(factors: FixedEffectFactor[], alphas: Float64Array[], x: Float64Array, out: Float64Array): void {
  const F = factors.length;
  if (out !== x) out.set(x);
  for (let f = 0; f < F; f++) {
    const alpha = alphas[f];
    const codes = factors[f].codes;
    for (let i = 0; i < out.length; i++) out[i] -= alpha[codes[i]];
  }
}

/** sumA[a_i] += x_i and sumB[b_i] += x_i over the rows; returns Σ(x − x₀), Σ(x − x₀)². */
export function levelSumsTwo(x: Float64Array, a: Int32Array, b: Int32Array, sumA: Float64Array, sumB: Float64Array): [number, number] {
  sumA.fill(0);
  sumB.fill(0);
  const shift = x.length > 0 ? x[0] : 0;
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    sumA[a[i]] += v;
    sumB[b[i]] += v;
    const d = v - shift;
    s1 += d;
    s2 += d * d;
  }
  return [s1, s2];
}

/** out_i = x_i − α[a_i] − β[b_i]. */
export function subtractTwo(x: Float64Array, a: Int32Array, b: Int32Array, alpha: Float64Array, beta: Float64Array, out: Float64Array): void {
  for (let i = 0; i < x.length; i++) out[i] = x[i] - alpha[a[i]] - beta[b[i]];
}

/** out_i = x_i − α_l − β[b_i] over the rows of each run l. */
export function subtractRunEffectsTwo(x: Float64Array, b: Int32Array, start: Int32Array, alpha: Float64Array, beta: Float64Array, out: Float64Array): void {
  const levels = start.length - 1;
  for (let l = 0; l < levels; l++) {
    const value = alpha[l];
    for (let i = start[l]; i < start[l + 1]; i++) out[i] = x[i] - value - beta[b[i]];
  }
}
