import type { FixedEffectFactor } from "../design/factor";

/** The fixed-effect coefficients behind a fit, one array per fixed effect (indexed by its dense level code). */
export interface RecoveredFixedEffects {
  /** α_f[level] for each fixed effect f, normalised as fixest's `fixef()`. */
  values: Float64Array[];
  /** The number of levels set to 0 in each fixed effect (fixest's references). */
  references: number[];
  /** Sweeps of the alternating projections used. */
  iterations: number;
  /** Whether the largest change of the last sweep fell below the tolerance. */
  converged: boolean;
}

/** α_f ← weighted mean within each level of (r − Σ_{g≠f} α_g); returns the largest change. */
function sweep(r: Float64Array, factors: FixedEffectFactor[], alpha: Float64Array[], weights: Float64Array | undefined, f: number): number {
  const fe = factors[f];
  const sums = new Float64Array(fe.nLevels);
  const mass = weights ? new Float64Array(fe.nLevels) : fe.counts;
  for (let i = 0; i < r.length; i++) {
    let rest = r[i];
    for (let g = 0; g < factors.length; g++) if (g !== f) rest -= alpha[g][factors[g].codes[i]];
    const w = weights ? weights[i] : 1;
    sums[fe.codes[i]] += w * rest;
    if (weights) mass[fe.codes[i]] += w;
  }
  let change = 0;
  const a = alpha[f];
  for (let l = 0; l < fe.nLevels; l++) {
    const next = sums[l] / mass[l];
    change = Math.max(change, Math.abs(next - a[l]));
    a[l] = next;
  }
  return change;
}

/**
 * The fixed effects α that solve min Σ_i w_i (r_i − Σ_f α_f[i])² for r = y − Xb (the raw outcome minus the
 * slopes' part), by alternating weighted means (Gauss–Seidel; Guimarães & Portugal 2010), then normalised as
 * R fixest 0.12.1's `fixef()`: the first fixed effect has no reference; every later fixed effect has its level on
 * the first row of the estimation sample set to 0, the first fixed effect absorbing the constant. For one or two
 * connected fixed effects this is exactly fixest's normalisation.
 * @param r y − Xb on the estimation rows
 * @param weights regression weights on the estimation rows, or undefined
 * @example recoverFixedEffects(Float64Array.of(1, 2, 3, 4), [firm, year]).values // [α_firm, α_year]
 */
export function recoverFixedEffects(r: Float64Array, factors: FixedEffectFactor[], weights?: Float64Array, tolerance = 1e-14, maxIterations = 100_000): RecoveredFixedEffects {
  const alpha = factors.map((fe) => new Float64Array(fe.nLevels));
  let scale = 0;
  for (let i = 0; i < r.length; i++) scale = Math.max(scale, Math.abs(r[i]));
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations && !converged) {
    iterations++;
    let change = 0;
    for (let f = 0; f < factors.length; f++) change = Math.max(change, sweep(r, factors, alpha, weights, f));
    converged = factors.length === 1 || change <= tolerance * Math.max(scale, 1e-300);
  }
  const references = factors.map(() => 0);
  for (let f = 1; f < factors.length; f++) {
    const shift = alpha[f][factors[f].codes[0]];
    for (let l = 0; l < alpha[f].length; l++) alpha[f][l] -= shift;
    for (let l = 0; l < alpha[0].length; l++) alpha[0][l] += shift;
    references[f] = 1;
  }
  return { values: alpha, references, iterations, converged };
}
