/**
 * Shift-share inference for notebook 04's 2SLS (Table 5) with city and year fixed effects:
 *
 *   shrink_it = β·ai_it + γ′X_i,t−1 + Σ_t' δ_t'·share_sum_i·1[t = t'] + μ_i + τ_t + ε_it,
 *   ai instrumented by the linear shift-share lin_it = Σ_j s_ij·g_jt (instrumentShares.ts)
 *
 * with AKM or AKM0 (Adão, Kolesár & Morales 2019, QJE 134(4)) over industry × year sectors clustered
 * by industry, and the Rotemberg weights of Goldsmith-Pinkham, Sorkin & Swift (2020, AER 110(8)).
 * `shiftShareSE` takes no fixed effects yet, and 300 city and year dummies make it slow; the fixed
 * effects are partialled out first (Frisch–Waugh–Lovell: alternating demeaning by city and by year,
 * exact in one pass on a balanced panel, iterated to 1e-13 otherwise), which leaves AKM's and AKM0's
 * numbers as with the dummies — they have no degrees-of-freedom factor. When shiftShareSE takes
 * `| code + year` itself (issue 16a), `shiftShareIV`'s body is the one call in its comment.
 */
import { DataError } from "../errors";
import { rotembergWeights, type RotembergWeights } from "../toolkit/shiftShare/rotembergWeights";
import { shiftShareSE, type ShiftShareResult } from "../toolkit/shiftShare/shiftShareSE";
import type { InstrumentShares } from "../study/instrumentShares";

/** The panel columns the 2SLS reads. */
export type ShiftShareIVPanel = { code: ArrayLike<string>; year: ArrayLike<number> } & Record<string, ArrayLike<number> | ArrayLike<string>>;

/** Table 5's controls (the year-specific share_sum slopes are added as columns). */
export const TABLE5_CONTROLS = ["lnpgdp", "gov", "fin", "open", "hc", "infra", "density"] as const;

/** The model's columns on its estimation sample, with the fixed effects partialled out. */
export interface PartialledModel {
  /** The columns: shrink, ai, ss_lin, the controls and share_sum × year, each demeaned by city and year. */
  data: Record<string, Float64Array>;
  /** The control names of `data`. */
  controls: string[];
  /** The panel rows kept (no missing value in a used column), in order. */
  rows: number[];
}

/**
 * Rows without a missing value in the used columns, and those columns (ss_lin from `ins.linear`,
 * share_sum × 1[year = t] for every panel year) with city and year means swept out.
 * @throws DataError when a used column is absent or no row is complete.
 * @example partialCityYear(panel, instrumentShares(panel)).controls.length // 7 + 17
 */
export function partialCityYear(panel: ShiftShareIVPanel, ins: InstrumentShares): PartialledModel {
  const raw = modelColumns(panel, ins);
  const n = panel.code.length;
  const rows = Array.from({ length: n }, (_, i) => i).filter((i) => Object.values(raw).every((c) => Number.isFinite(c[i])));
  if (rows.length === 0) throw new DataError("shiftShareIV: no panel row has every variable of Table 5 (shrink, ai, the controls, share_sum).");
  const groups = [indexOf(rows.map((i) => panel.code[i])), indexOf(rows.map((i) => String(panel.year[i])))];
  const data: Record<string, Float64Array> = {};
  for (const [name, col] of Object.entries(raw)) data[name] = sweep(Float64Array.from(rows, (i) => col[i]), groups);
  return { data, controls: Object.keys(raw).filter((k) => !["shrink", "ai", "ss_lin"].includes(k)), rows };
}

/** The raw columns of the model: outcome, regressor, linear instrument, controls, share_sum × year. */
function modelColumns(panel: ShiftShareIVPanel, ins: InstrumentShares): Record<string, ArrayLike<number>> {
  const col = (name: string): ArrayLike<number> => {
    const c = panel[name];
    if (c === undefined || typeof c[0] === "string") throw new DataError(`shiftShareIV: the panel has no numeric column "${name}"; load it with loadStudyPanel().`);
    return c as ArrayLike<number>;
  };
  const out: Record<string, ArrayLike<number>> = { shrink: col("shrink"), ai: col("ai"), ss_lin: ins.linear };
  for (const c of TABLE5_CONTROLS) out[c] = col(c);
  const shareSum = col("share_sum");
  for (const y of ins.years) out[`share_sum_${y}`] = Float64Array.from({ length: panel.code.length }, (_, i) => (panel.year[i] === y ? shareSum[i] : 0));
  return out;
}

/** Group codes 0..G−1 of a list of keys. */
function indexOf(keys: string[]): Int32Array {
  const map = new Map<string, number>();
  return Int32Array.from(keys, (k) => {
    let g = map.get(k);
    if (g === undefined) map.set(k, (g = map.size));
    return g;
  });
}

/** Sweeps out the group means of each grouping in turn until nothing moves (1e-13 of the column's scale). */
function sweep(x: Float64Array, groups: Int32Array[]): Float64Array {
  const scale = x.reduce((m, v) => Math.max(m, Math.abs(v)), 0) || 1;
  for (let pass = 0; pass < 1000; pass++) {
    let moved = 0;
    for (const g of groups) moved = Math.max(moved, demeanBy(x, g));
    if (moved <= 1e-13 * scale) break;
  }
  return x;
}

/** Subtracts each group's mean in place; returns the largest mean subtracted. */
function demeanBy(x: Float64Array, g: Int32Array): number {
  const G = g.reduce((m, v) => Math.max(m, v), 0) + 1;
  const sum = new Float64Array(G);
  const count = new Float64Array(G);
  for (let i = 0; i < x.length; i++) {
    sum[g[i]] += x[i];
    count[g[i]]++;
  }
  let moved = 0;
  for (let k = 0; k < G; k++) moved = Math.max(moved, Math.abs(sum[k] / count[k]));
  for (let i = 0; i < x.length; i++) x[i] -= sum[g[i]] / count[g[i]];
  return moved;
}

/**
 * AKM or AKM0 for Table 5's 2SLS with the linear instrument (model in the module comment), sectors =
 * industry × year clustered by industry. With 16a's fixed effects in shiftShareSE this becomes
 * `shiftShareSE({ data: { ...panel, ss_lin: ins.linear }, formula: "shrink ~ lnpgdp + gov + fin + open + hc + infra + density + i(year, share_sum) | code + year | ai ~ ss_lin", shiftShare: "ss_lin", shares: ins.stackedShares, sectorCluster: ins.sectorCluster, method })`.
 * @throws DataError as partialCityYear; shiftShareSE's errors.
 * @example shiftShareIV(panel, instrumentShares(panel), "akm").ci
 */
export function shiftShareIV(panel: ShiftShareIVPanel, ins: InstrumentShares, method: "akm" | "akm0", partialled: PartialledModel = partialCityYear(panel, ins)): ShiftShareResult {
  const { data, controls, rows } = partialled;
  const formula = `shrink ~ ${controls.join(" + ")} | ai ~ ss_lin`;
  return shiftShareSE({ data, formula, shiftShare: "ss_lin", shares: rows.map((i) => ins.stackedShares[i]), sectorCluster: ins.sectorCluster, method });
}

/**
 * The Rotemberg weights of Table 5's 2SLS with the linear instrument, one per industry × year sector
 * (named "industry year"), on the partialled columns — the share columns partialled too, so that γ, π
 * and each sector's first stage are those with the fixed effects; the F's degrees of freedom do not
 * count the absorbed effects. First-stage F clustered by city.
 * @example rotembergSummary(shiftShareRotemberg(panel, ins)).top[0].sector // e.g. "29-30 2023"
 */
export function shiftShareRotemberg(panel: ShiftShareIVPanel, ins: InstrumentShares, partialled: PartialledModel = partialCityYear(panel, ins)): RotembergWeights {
  const { data, controls, rows } = partialled;
  const groups = [indexOf(rows.map((i) => panel.code[i])), indexOf(rows.map((i) => String(panel.year[i])))];
  const K = ins.sectors.length;
  const columns = Array.from({ length: K }, (_, k) => sweep(Float64Array.from(rows, (i) => ins.stackedShares[i][k]), groups));
  const shares = rows.map((_, r) => Float64Array.from(columns, (c) => c[r]));
  const code = rows.map((i) => panel.code[i]);
  return rotembergWeights({
    data: { ...data, code },
    outcome: "shrink",
    endogenous: "ai",
    controls,
    shares,
    shocks: ins.stackedShocks,
    sectors: ins.sectors.map((s) => `${s.industry} ${s.year}`),
    firstStageVcov: { cluster: "code" },
  });
}
