/**
 * The region-level model of a shift-share design, shared by `shiftShareSE` (AKM) and `shockLevelIV`
 * (BHJ): the formula's roles — `"y ~ ss + controls"` (the shift-share variable as a regressor) or
 * `"y ~ controls | endo ~ ss"` (it instruments one endogenous regressor), with optional fixed effects
 * `"y ~ controls | fe1 + fe2 | endo ~ ss"` — the estimation sample, and the residuals on the controls
 * and fixed effects, Ÿ, Ẍ, D̈ (weighted; the fixed effects by weighted demeaning, FWL, see controlProjection.ts).
 */
import { FormulaError, IdentificationError } from "../../errors";
import { parseFormula } from "../../formula/parse";
import type { Formula } from "../../formula/types";
import type { FixedEffectFactor } from "../../design/factor";
import { withComputedColumns } from "../../design/computedColumns";
import { toDataColumns, type DataInput } from "../../design/input";
import { buildModelFrame, type ModelFrame, type NamedColumn } from "../../design/modelFrame";
import { controlProjection, residuals } from "./controlProjection";

/** R `lm.fit`'s tolerance 1e-7 on norms, as a tolerance on sums of squares: a control collinear with earlier ones is dropped by it. */
const R_LM_TOLERANCE = 1e-14;

/** The model's columns on the estimation sample. */
export interface ShiftShareColumns {
  model: "ols" | "iv";
  /** Fixed effects, partialled out with the controls (FWL: the same residuals as their dummies). */
  fixedEffects: FixedEffectFactor[];
  y: Float64Array;
  /** The shift-share column. */
  x: Float64Array;
  /** The endogenous regressor (IV only). */
  d?: Float64Array;
  /** The controls, with the intercept when there are no fixed effects. */
  controls: Float64Array[];
}

/** What a shift-share model is read from. */
export interface ShiftShareModelInput {
  data: DataInput;
  formula: string;
  shiftShare: string;
  weights?: string;
  regionCluster?: string;
}

/** The partialled columns: Ẍ, Ÿ and D̈ (= Ẍ for OLS), and the residual maker that made them. */
export interface Partialled {
  ddX: Float64Array;
  ddY: Float64Array;
  ddD: Float64Array;
  /** v ↦ its (weighted) residual on the same controls and fixed effects. */
  residualize: (v: ArrayLike<number>) => Float64Array;
}

/**
 * Parses the formula, builds the estimation sample (missing values and zero weights dropped, singletons
 * kept as ShiftShareSE keeps them) and splits its columns by role.
 * @throws FormulaError for a formula without the shift-share variable in a valid place, or without an intercept (and no fixed effects).
 */
export function shiftShareModel(where: string, input: ShiftShareModelInput): { formula: Formula; frame: ModelFrame; columns: ShiftShareColumns } {
  const formula = parseFormula(input.formula);
  if (!formula.intercept && formula.fixedEffects.length === 0) throw new FormulaError(`${where}: the controls always include an intercept (as ShiftShareSE); remove the 0 or -1.`, formula.text);
  const data = withComputedColumns(formula, toDataColumns(input.data)).data;
  const clusters = input.regionCluster === undefined ? [] : [input.regionCluster];
  const frame = buildModelFrame(formula, data, { clusters, clusterRoles: ["region cluster"], singletons: "keep", weights: input.weights });
  return { formula, frame, columns: splitColumns(where, formula, frame, input.shiftShare) };
}

/** y, the shift-share X, the endogenous D (IV) and the controls Z (with the intercept) from the frame. */
function splitColumns(where: string, formula: Formula, frame: ModelFrame, shiftShare: string): ShiftShareColumns {
  const named = (list: NamedColumn[]) => list.findIndex((c) => c.name === shiftShare);
  const common = { fixedEffects: frame.fixedEffects, y: frame.response.values };
  if (formula.endogenous.length === 0) {
    const at = named(frame.exogenous);
    if (at < 0) throw new FormulaError(`${where}: the shift-share variable "${shiftShare}" is not a regressor of the formula; write "y ~ ${shiftShare} + controls" (reg_ss) or "y ~ controls | endo ~ ${shiftShare}" (ivreg_ss).`, formula.text);
    return { model: "ols", ...common, x: frame.exogenous[at].values, controls: frame.exogenous.filter((_, k) => k !== at).map((c) => c.values) };
  }
  if (frame.endogenous.length !== 1 || frame.instruments.length !== 1 || frame.instruments[0].name !== shiftShare) {
    throw new FormulaError(`${where}: the IV form is "y ~ controls | endo ~ ${shiftShare}": one endogenous regressor instrumented by the shift-share variable alone (as ivreg_ss).`, formula.text);
  }
  if (named(frame.exogenous) >= 0) throw new FormulaError(`${where}: "${shiftShare}" is the instrument; it cannot also be a control.`, formula.text);
  return { model: "iv", ...common, x: frame.instruments[0].values, d: frame.endogenous[0].values, controls: frame.exogenous.map((c) => c.values) };
}

/**
 * Ẍ, Ÿ, D̈: the (weighted) residuals on the controls and fixed effects, after checking identification.
 * @throws IdentificationError when the shift-share variable has no variation beyond the controls, or (IV) no first stage.
 */
export function partialColumns(where: string, columns: ShiftShareColumns, weights: Float64Array | undefined, name: string): Partialled {
  const projection = controlProjection(columns.controls, weights, { intercept: false, fixedEffects: columns.fixedEffects, tolerance: R_LM_TOLERANCE });
  const ddX = residuals(projection, columns.x);
  const ddY = residuals(projection, columns.y);
  const ddD = columns.d ? residuals(projection, columns.d) : ddX;
  const partialled = { ddX, ddY, ddD, residualize: (v: ArrayLike<number>) => residuals(projection, v) };
  checkIdentified(where, columns, partialled, weights, name);
  return partialled;
}

/** Refuses a shift-share variable with no variation beyond the controls, and (IV) an instrument with no first stage. */
function checkIdentified(where: string, columns: ShiftShareColumns, p: Partialled, weights: Float64Array | undefined, name: string): void {
  const { ddX, ddD } = p;
  let xx = 0;
  let dd = 0;
  let xd = 0;
  let raw = 0;
  let rawD = 0;
  for (let i = 0; i < ddX.length; i++) {
    const w = weights ? weights[i] : 1;
    xx += w * ddX[i] * ddX[i];
    dd += w * ddD[i] * ddD[i];
    xd += w * ddX[i] * ddD[i];
    raw += w * columns.x[i] * columns.x[i];
    if (columns.d) rawD += w * columns.d[i] * columns.d[i];
  }
  if (!(xx > 1e-14 * raw)) {
    throw new IdentificationError(`${where}: the shift-share variable "${name}" has no variation left once the controls are partialled out (it is collinear with them); drop the control that absorbs it.`);
  }
  // No first stage: the endogenous regressor has no variation beyond the controls, or none correlated with Ẍ.
  if (columns.model === "iv" && (!(dd > 1e-14 * rawD) || !(Math.abs(xd) > 1e-10 * Math.sqrt(xx * dd)))) {
    throw new IdentificationError(
      `${where}: the instrument "${name}" has no first stage: its partial covariance with the endogenous regressor is ${xd} (relative ${dd > 0 ? Math.abs(xd) / Math.sqrt(xx * dd) : 0}); the IV estimate is not identified — check the endogenous variable and the instrument.`,
    );
  }
}
