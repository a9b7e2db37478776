import type { FixedEffectFactor } from "../design/factor";
import { VarianceError } from "../errors";
import { sandwich, scale, zeros } from "../linalg/dense";
import { checkPeriodCount, panelSmallSampleFactor } from "./driscollKraay";
import { nestedParameterCount } from "./dof";
import { bartlettLag, bartlettWeight } from "./lag";
import { addCrossProduct, sumScoresBy } from "./meat";
import type { VarianceEstimate, VarianceInput } from "./types";

/**
 * The row of each (unit, period) cell, −1 where the panel has a gap (unit-major: unit·T + period).
 * @throws VarianceError naming both columns when a unit has two rows in one period.
 */
function panelCells(unit: FixedEffectFactor, time: FixedEffectFactor): Int32Array {
  const T = time.nLevels;
  const cells = new Int32Array(unit.nLevels * T).fill(-1);
  for (let i = 0; i < unit.codes.length; i++) {
    const at = unit.codes[i] * T + time.codes[i];
    if (cells[at] >= 0) {
      throw new VarianceError(
        `Newey-West: rows ${cells[at] + 1} and ${i + 1} of the estimation sample have the same unit ("${unit.name}") and period ("${time.name}"); a panel needs one row per unit and period. Remove the duplicates or choose other unit/time columns.`,
      );
    }
    cells[at] = i;
  }
  return cells;
}

/**
 * Panel Newey–West (1987) variance, as fixest 0.12.1's `vcov_NW(unit, time, lag)`:
 *
 *   M = Σ_i Σ_t s_it s_it' + Σ_{l=1..L} (1 − l/(L+1)) Σ_i Σ_t (s_{i,t} s_{i,t−l}' + s_{i,t−l} s_{i,t}'),
 *   V = T/(T − 1) · (N − 1)/(N − K) · (X̃'X̃)⁻¹ M (X̃'X̃)⁻¹,   s_it = x̃_it e_it,
 *
 * lags counted in ranks of the distinct periods, products only within a unit; L = floor(T^(1/4)) by
 * default; K leaving out fixed effects nested in the unit or the time variable. Inference uses t(T − 1).
 * @example feols("inv ~ value + capital | firm + year", grunfeld, { vcov: { neweyWest: { unit: "firm", time: "year", lag: 1 } } })
 * @throws VarianceError for duplicate (unit, time) rows or a single period.
 */
export function neweyWestVariance(input: VarianceInput, unit: FixedEffectFactor, time: FixedEffectFactor, lag: number | undefined): VarianceEstimate {
  checkPeriodCount(time, "Newey-West");
  const T = time.nLevels;
  const L = bartlettLag(lag, T);
  const p = input.columns.length;
  const n = input.residuals.length;
  const rowCodes = new Int32Array(n);
  for (let i = 0; i < n; i++) rowCodes[i] = i;
  const s = sumScoresBy(input.columns, input.residuals, rowCodes, n);
  const cells = panelCells(unit, time);
  const meat = zeros(p);
  for (let i = 0; i < n; i++) addCrossProduct(meat, s, i, i, 0.5);
  for (let l = 1; l <= L; l++) {
    const w = bartlettWeight(l, L);
    for (let g = 0; g < unit.nLevels; g++) {
      const base = g * T;
      for (let t = l; t < T; t++) {
        const now = cells[base + t];
        const before = cells[base + t - l];
        if (now >= 0 && before >= 0) addCrossProduct(meat, s, now, before, w);
      }
    }
  }
  const N = input.nobs;
  const k = nestedParameterCount(input.kFull, input.fixedEffects, [unit, time]);
  const factor = panelSmallSampleFactor(T, N, k);
  return {
    matrix: scale(sandwich(input.bread, meat), factor),
    dfT: T - 1,
    k,
    label: `Newey-West (L=${L}): unit ${unit.name}, time ${time.name}, Bartlett lag ${L}, × T/(T − 1) · (N − 1)/(N − K), T = ${T}, N = ${N}, K = ${k}, t(${T - 1})`,
  };
}
