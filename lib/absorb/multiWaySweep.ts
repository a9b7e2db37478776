/**
 * Three or more fixed effects, or weights without a closed form: alternating projections in
 * coefficient space, accelerated by Irons–Tuck (ironsTuck.ts). Chosen by `Demeaner` for F ≥ 3, and
 * for two fixed effects with row weights unless they form a balanced cross with weights constant
 * within one effect (twoWayWeightedBalanced.ts).
 *
 * One sweep is block Gauss–Seidel: from the coefficients of fixed effects 2…F it computes α_1,
 * then α_2, …, α_F in turn, each the group mean of x minus the other effects' current coefficients,
 *
 *   α_f = (D_f'W D_f)⁻¹ D_f'W (x − Σ_{g≠f} D_g α_g),   D_f the row-to-level indicator of effect f,
 *
 * W the row weights (the identity without them). A sweep starts from the level sums D_f'Wx, taken
 * once per variable, reads the codes computed once for the sample and allocates nothing: O(N·F²)
 * per sweep. With three fixed effects and no weights each step subtracts both other effects in one
 * pass over the rows (4 passes per sweep instead of 6). The state is the coefficients of every
 * fixed effect but the first (the first is implied). Then x̃ = x − Σ_f D_f α_f.
 *
 * Guimarães & Portugal (2010); Gaure (2013), "OLS with multiple high dimensional category variables".
 */
import { scaleOf } from "./convergence";
import { divisors, type DemeanReport, type DemeanWorkspace } from "./demeanWorkspace";
import { ironsTuck } from "./ironsTuck";
import { levelSumsOfEach, subtractFitted } from "./rowPasses";

/** Writes x − Σ_f D_f α_f into `out` (which may be `x`), α the accelerated fixed point of `sweepEvery`. */
export function demeanMultiWay(work: DemeanWorkspace, x: Float64Array, out: Float64Array): DemeanReport {
  levelSumsOfEach(work.factors, work.levelSums, x, work.weights);
  const report = ironsTuck(work, scaleOf(x), sweepEvery);
  subtractFitted(work.factors, work.alpha, x, out);
  return report;
}

/**
 * One Gauss–Seidel sweep: from the coefficients of fixed effects 2…F in `input`, computes
 * α_1, then α_2, …, α_F in turn, each the group mean of x minus the other effects' current
 * coefficients; writes α_2…α_F to `output` and keeps all of them in work.alpha.
 */
export function sweepEvery(work: DemeanWorkspace, input: Float64Array, output: Float64Array): void {
  const { factors, alpha, offsets, levelSums } = work;
  const F = factors.length;
  for (let f = 1; f < F; f++) alpha[f].set(input.subarray(offsets[f - 1], offsets[f - 1] + factors[f].nLevels));
  const w = work.weights;
  for (let f = 0; f < F; f++) {
    const target = alpha[f];
    const codes = factors[f].codes;
    const counts = divisors(work, f);
    target.set(levelSums[f]);
    if (!w && F === 3) {
      // Both other effects in one pass over the rows.
      const g = f === 0 ? 1 : 0;
      const h = f === 2 ? 1 : 2;
      subtractGatheredTwo(target, codes, alpha[g], factors[g].codes, alpha[h], factors[h].codes);
    } else {
      for (let g = 0; g < F; g++) {
        if (g === f) continue;
        if (w) subtractWeighted(target, codes, alpha[g], factors[g].codes, w);
        else subtractGathered(target, codes, alpha[g], factors[g].codes);
      }
    }
    for (let l = 0; l < target.length; l++) target[l] = counts[l] > 0 ? target[l] / counts[l] : 0;
  }
  for (let f = 1; f < F; f++) output.set(alpha[f], offsets[f - 1]);
}

/** target[codes_i] −= other[otherCodes_i] over the rows. */
function subtractGathered(target: Float64Array, codes: Int32Array, other: Float64Array, otherCodes: Int32Array): void {
  for (let i = 0; i < codes.length; i++) target[codes[i]] -= other[otherCodes[i]];
}

/** target[codes_i] −= first[firstCodes_i] + second[secondCodes_i] over the rows. */
function subtractGatheredTwo(
  target: Float64Array,
  codes: Int32Array,
  first: Float64Array,
  firstCodes: Int32Array,
  second: Float64Array,
  secondCodes: Int32Array,
): void {
  for (let i = 0; i < codes.length; i++) target[codes[i]] -= first[firstCodes[i]] + second[secondCodes[i]];
}

/** target[codes_i] −= w_i · other[otherCodes_i] over the rows. */
function subtractWeighted(target: Float64Array, codes: Int32Array, other: Float64Array, otherCodes: Int32Array, w: Float64Array): void {
  for (let i = 0; i < codes.length; i++) target[codes[i]] -= w[i] * other[otherCodes[i]];
}
