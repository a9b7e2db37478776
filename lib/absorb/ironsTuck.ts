/**
 * Alternating projections accelerated by Irons & Tuck (1969), as in Bergé (2018, fixest): the
 * general solver of the demeaning and the fallback of every direct path.
 *
 * With several fixed effects, α solves min ‖x − Σ_f D_f α_f‖² and is the fixed point of a
 * Gauss–Seidel sweep G in coefficient space (block Gauss–Seidel: α_f = group means of
 * x − Σ_{g≠f} D_g α_g; see multiWay.ts and twoWaySweep.ts for the sweeps). Each iteration takes
 * two sweeps, X → GX → GGX, and extrapolates
 *
 *   X ← GGX − [(Δ_GX · Δ²X) / (Δ²X · Δ²X)] Δ_GX,   Δ_GX = GGX − GX,  Δ²X = GGX − 2GX + X,
 *
 * which converges in a few iterations on unbalanced panels. It stops when one sweep moves no
 * coefficient by more than tolerance × scale. Chosen for three or more fixed effects, weighted
 * designs without a closed form, two fixed effects whose second has too many levels for the
 * reduced system, and whenever a direct solve misses the tolerance (a nearly disconnected design).
 *
 * Bergé (2018), "Efficient estimation of maximum likelihood models with multiple fixed-effects:
 * the R package FENmlm"; Irons & Tuck (1969), "A version of the Aitken accelerator for computer
 * iteration".
 */
import { maxAbsDiff } from "./convergence";
import type { DemeanReport, DemeanWorkspace } from "./demeanWorkspace";

/** One Gauss–Seidel sweep: the state of the next coefficients from `input`, written to `output`. */
export type Sweep = (work: DemeanWorkspace, input: Float64Array, output: Float64Array) => void;

/**
 * Irons–Tuck accelerated fixed point of the Gauss–Seidel sweep, starting from work.x0 when
 * `warmStart` (else from 0); leaves α in work.alpha, consistent with the last sweep (α_1 the best
 * response to the state the sweep started from, α_2… the sweep's output).
 */
export function ironsTuck(work: DemeanWorkspace, scale: number, sweep: Sweep, warmStart = false): DemeanReport {
  const { x0, gx, ggx, options } = work;
  const threshold = options.tolerance * scale;
  if (!warmStart) x0.fill(0);
  for (let iteration = 1; iteration <= options.maxIterations; iteration++) {
    sweep(work, x0, gx);
    if (maxAbsDiff(x0, gx) <= threshold) return { iterations: iteration, converged: true };
    sweep(work, gx, ggx);
    if (maxAbsDiff(gx, ggx) <= threshold) return { iterations: iteration, converged: true };
    extrapolate(x0, gx, ggx);
  }
  sweep(work, x0, gx);
  return { iterations: options.maxIterations, converged: false };
}

/** The Irons–Tuck step: x ← GGx − [(Δ_GX · Δ²X) / (Δ²X · Δ²X)] Δ_GX, in place in x0. */
function extrapolate(x0: Float64Array, gx: Float64Array, ggx: Float64Array): void {
  let numerator = 0;
  let denominator = 0;
  for (let k = 0; k < x0.length; k++) {
    const deltaG = ggx[k] - gx[k];
    const delta2 = ggx[k] - 2 * gx[k] + x0[k];
    numerator += deltaG * delta2;
    denominator += delta2 * delta2;
  }
  const step = denominator > 0 ? numerator / denominator : 0;
  for (let k = 0; k < x0.length; k++) x0[k] = ggx[k] - step * (ggx[k] - gx[k]);
}
