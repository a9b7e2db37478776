/**
 * Fixed effects absorbed by the Rotemberg decomposition (`rotembergWeights({ fixedEffects: ["code", "year"] })`):
 * the columns read as complete factors — the shares are matched by row, so a row cannot be dropped — and
 * the parameters they cost each sector's first-stage F, counted as R fixest 0.12 counts them (design §4):
 *
 *   K_FE = Σ_f L_f − (F − 1),   L_f the levels with a positive-weight row,
 *
 * less L_f − 1 for each fixed effect nested in the cluster variable under a clustered F (fixest
 * `fixef.K = "nested"`: city effects cost nothing when the F is clustered by city).
 */
import type { DataColumns } from "../../design/input";
import { factorColumn } from "../../design/columns";
import { subsetFactor, type FixedEffectFactor } from "../../design/factor";
import { DataError, OptionsError } from "../../errors";
import { unknownNameHint } from "../../names";
import { fullParameterCount, nestedParameterCount } from "../../variance/dof";

/**
 * The named columns as fixed-effect factors on every row.
 * @throws OptionsError when `names` is not an array of column names; DataError for an unknown column or a
 *   missing value (drop that row from both the data and the shares first).
 * @example readFixedEffects(table, ["code", "year"], "rotembergWeights").map((f) => f.nLevels) // [287, 17]
 */
export function readFixedEffects(data: DataColumns, names: unknown, where: string): FixedEffectFactor[] {
  if (!Array.isArray(names) || names.some((n) => typeof n !== "string")) {
    throw new OptionsError(`${where}: fixedEffects must be an array of column names (e.g. ["code", "year"]), got ${JSON.stringify(names)}.`);
  }
  return names.map((name: string) => {
    if (!data.has(name)) throw new DataError(`${where}: the fixed effect "${name}" is not a column of the data. ${unknownNameHint(name, data.names(), "Available columns")}`);
    const factor = factorColumn(data, name);
    const missing = factor.codes.indexOf(-1);
    if (missing >= 0) throw new DataError(`${where}: the fixed effect "${name}" is missing in row ${missing + 1}; drop that row from both the data and the shares first (they are matched by row).`);
    return subsetFactor(name, factor.codes, null);
  });
}

/**
 * The parameters the fixed effects cost a regression on the positive-weight rows: Σ L_f − (F − 1), less
 * L_f − 1 for each one nested in `clusterCodes` when given. 0 without fixed effects.
 * @example absorbedParameterCount([code, year], weights) // 287 + 17 − 1 = 303; with the city codes as clusters: 17
 */
export function absorbedParameterCount(fixedEffects: FixedEffectFactor[], weights: Float64Array, clusterCodes?: Int32Array): number {
  if (fixedEffects.length === 0) return 0;
  const positive: number[] = [];
  for (let i = 0; i < weights.length; i++) if (weights[i] > 0) positive.push(i);
  const rows = positive.length === weights.length ? null : Int32Array.from(positive);
  const factors = fixedEffects.map((f) => subsetFactor(f.name, f.codes, rows));
  const kFull = fullParameterCount(0, factors);
  if (clusterCodes === undefined) return kFull;
  return nestedParameterCount(kFull, factors, [subsetFactor("cluster", clusterCodes, rows)]);
}
