/**
 * Shift-share inference for notebook 04's 2SLS (Table 5) with city and year fixed effects:
 *
 *   shrink_it = β·ai_it + γ′X_i,t−1 + Σ_t' δ_t'·share_sum_i·1[t = t'] + μ_i + τ_t + ε_it,
 *   ai instrumented by the linear shift-share ss_lin_it = Σ_j s_ij·g_jt
 *
 * on the industry × year sectors `panelShares` stacks from `instrumentShares` (clustered by industry):
 * AKM and AKM0 (Adão, Kolesár & Morales 2019, QJE 134(4)) by `shiftShareSE`, the shock-level IV of
 * Borusyak, Hull & Jaravel (2022, ReStud 89(1)) by `shockLevelIV`, and the Rotemberg weights of
 * Goldsmith-Pinkham, Sorkin & Swift (2020, AER 110(8)) by `rotembergWeights` — each with the city and
 * year effects absorbed by the library itself (`| code + year`, `fixedEffects: ["code", "year"]`).
 */
import { DataError } from "../errors";
import type { PanelShares } from "../toolkit/shiftShare/panelShares";
import { rotembergWeights, type RotembergWeights } from "../toolkit/shiftShare/rotembergWeights";
import { shiftShareSE, type ShiftShareResult } from "../toolkit/shiftShare/shiftShareSE";
import { shockLevelIV, type ShockLevelResult } from "../toolkit/shiftShare/shockLevelIV";

/** The panel columns the 2SLS reads (an object of columns, as `loadStudyPanel()` gives). */
export type ShiftShareIVPanel = {
  /** City code of each row. */
  code: ArrayLike<string>;
  /** Year of each row. */
  year: ArrayLike<number>;
} & Record<string, ArrayLike<number> | ArrayLike<string>>;

/** Table 5's controls (the year-specific share_sum slopes come on top). */
export const TABLE5_CONTROLS = ["lnpgdp", "gov", "fin", "open", "hc", "infra", "density"] as const;

/** The name `panelShares` gives the linear shift-share column in the notebook (`column: SHIFT_SHARE_COLUMN`). */
export const SHIFT_SHARE_COLUMN = "ss_lin";

/** Table 5's 2SLS with the linear instrument, city and year effects absorbed. */
export const TABLE5_LINEAR_IV = `shrink ~ ${TABLE5_CONTROLS.join(" + ")} + i(year, share_sum) | code + year | ai ~ ${SHIFT_SHARE_COLUMN}`;

/** The stacked design of the study panel, with the linear shift-share column in `data`. */
export type StudyPanelShares = PanelShares<ShiftShareIVPanel> & {
  /** The panel with the shift-share column. */
  data: ShiftShareIVPanel;
  /** The stacked shocks. */
  shocks: Float64Array;
  /** The shift-share column's name. */
  column: string;
};

/** The stacked design's pieces the calls below read; refuses one built without shocks. */
function withShocks(ps: PanelShares<ShiftShareIVPanel>): StudyPanelShares {
  if (ps.data === undefined || ps.shocks === undefined || ps.column === undefined) {
    throw new DataError(`shiftShareIV: the stacked shares carry no shocks; build them with panelShares({ data: panel, time: "year", shares: ins.rowShares, industries: ins.industries, shocks: ins.shocks, column: "${SHIFT_SHARE_COLUMN}" }).`);
  }
  return ps as StudyPanelShares;
}

/**
 * AKM or AKM0 for Table 5's 2SLS with the linear instrument (`TABLE5_LINEAR_IV`), sectors = industry ×
 * year clustered by industry: `shiftShareSE` with `| code + year`.
 * @throws DataError for stacked shares without shocks; shiftShareSE's errors.
 * @example shiftShareIV(ps, "akm").ci
 */
export function shiftShareIV(panelShares: PanelShares<ShiftShareIVPanel>, method: "akm" | "akm0"): ShiftShareResult {
  const ps = withShocks(panelShares);
  return shiftShareSE({ data: ps.data, formula: TABLE5_LINEAR_IV, shiftShare: ps.column, shares: ps.shares, sectorCluster: ps.sectorCluster, method });
}

/**
 * Borusyak, Hull & Jaravel's shock-level IV of Table 5's 2SLS: the 204 industry-year shocks weighted by
 * exposure, year dummies as shock-level controls (so that `i(year, share_sum)` at the region level makes
 * it equal the region-level 2SLS, their Proposition 1), standard errors clustered by industry.
 * @throws DataError for stacked shares without shocks; shockLevelIV's errors.
 * @example shiftShareShockLevel(ps).firstStageF
 */
export function shiftShareShockLevel(panelShares: PanelShares<ShiftShareIVPanel>): ShockLevelResult {
  const ps = withShocks(panelShares);
  const yearDummies = Object.fromEntries(ps.periods.slice(1).map((t) => [`year_${t}`, ps.sectors.map((s) => (s.period === t ? 1 : 0))]));
  return shockLevelIV({
    data: ps.data,
    formula: TABLE5_LINEAR_IV,
    shiftShare: ps.column,
    shares: ps.shares,
    shocks: ps.shocks,
    sectorCluster: ps.sectorCluster,
    shockControls: yearDummies,
    sectorNames: ps.sectors.map((s) => `${s.industry} ${s.period}`),
  });
}

/**
 * The Rotemberg weights of Table 5's 2SLS with the linear instrument, one per industry × year sector
 * (named "industry year"), with the city and year effects absorbed (`fixedEffects`, counted in each
 * sector's first-stage F as fixest counts `| code + year`) and that F clustered by city. The share_sum
 * slopes are passed as columns share_sum × 1[year = t]; rows with a missing value in a used column are
 * left out, with their shares.
 * @throws DataError for stacked shares without shocks, a missing column, or no complete row; rotembergWeights' errors.
 * @example rotembergSummary(shiftShareRotemberg(ps)).top[0].sector // e.g. "26-27 2023"
 */
export function shiftShareRotemberg(panelShares: PanelShares<ShiftShareIVPanel>): RotembergWeights {
  const ps = withShocks(panelShares);
  const columns = modelColumns(ps);
  const n = ps.data.code.length;
  const rows = Array.from({ length: n }, (_, i) => i).filter((i) => Object.values(columns).every((c) => Number.isFinite(c[i])));
  if (rows.length === 0) throw new DataError("shiftShareRotemberg: no panel row has every variable of Table 5 (shrink, ai, the controls, share_sum).");
  const data: Record<string, ArrayLike<number | string>> = { code: rows.map((i) => ps.data.code[i]), year: rows.map((i) => ps.data.year[i]) };
  for (const [name, c] of Object.entries(columns)) data[name] = Float64Array.from(rows, (i) => c[i]);
  return rotembergWeights({
    data,
    outcome: "shrink",
    endogenous: "ai",
    controls: Object.keys(columns).filter((k) => k !== "shrink" && k !== "ai"),
    fixedEffects: ["code", "year"],
    shares: rows.map((i) => ps.shares[i]),
    shocks: ps.shocks,
    sectors: ps.sectors.map((s) => `${s.industry} ${s.period}`),
    firstStageVcov: { cluster: "code" },
  });
}

/** shrink, ai, Table 5's controls and share_sum × 1[year = t] for every period, from the panel. */
function modelColumns(ps: StudyPanelShares): Record<string, ArrayLike<number>> {
  const col = (name: string): ArrayLike<number> => {
    const c = ps.data[name];
    if (c === undefined || typeof c[0] === "string") throw new DataError(`shiftShareRotemberg: the panel has no numeric column "${name}"; load it with loadStudyPanel().`);
    return c as ArrayLike<number>;
  };
  const out: Record<string, ArrayLike<number>> = { shrink: col("shrink"), ai: col("ai") };
  for (const c of TABLE5_CONTROLS) out[c] = col(c);
  const shareSum = col("share_sum");
  const year = ps.data.year;
  for (const t of ps.periods) out[`share_sum_${t}`] = Float64Array.from({ length: year.length }, (_, i) => (String(year[i]) === t ? shareSum[i] : 0));
  return out;
}
