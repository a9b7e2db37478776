/**
 * The second stage of 2SLS, ỹ on [X̂, W] with X̂ = P_Z X̃, solved in the coordinates of the instrument
 * space's orthonormal basis Q = [Q_W, Q_T] (W = Q_W R_W the exogenous regressors, Q_T the
 * instruments beyond them), in which both X̂ and W lie:
 *
 *   [W, X̂] = [Q_W, Q_T] [R_W  C_W]    with C = Q'X̃ (the first stages' projections),
 *                        [ 0   C_T]    and C_T = U S (Gram–Schmidt, U'U = I),
 *
 * so [W, X̂] = [Q_W, Q_T U] R₂ with R₂ = [R_W C_W; 0 S], b = R₂⁻¹ [Q_W'ỹ; U'Q_T'ỹ] and
 * (X̂'X̂)⁻¹ = R₂⁻¹R₂⁻ᵀ, reported X̂ first. X̂'s part beyond W, Q_T C_T, is never formed by
 * subtraction, so a weak instrument costs no digits there. The structural residuals take one pass:
 * W b_W = Q_W(Q_W'ỹ − C_W b_X) = P_W(ỹ − X̃ b_X), so u = ỹ − X̃ b_X − W b_W = M_W ỹ − (M_W X̃) b_X.
 */
import { IdentificationError } from "../errors";
import { inColumnOrder, prefixReportedLast, solveTriangular } from "../solve/leastSquares";
import { orthogonalBasis, projections, type OrthogonalBasis } from "../solve/orthogonalize";
import type { IvProblem } from "./ivProblem";

/** The second stage's estimates and the columns the variance and the diagnostics read. */
export interface SecondStage {
  /** Coefficient names: the instrumented regressors, then the exogenous ones. */
  names: string[];
  /** b in that order. */
  coef: Float64Array;
  /** (X̂'X̂)⁻¹ of the second stage's regressors [X̂, W], in that order. */
  bread: Float64Array[];
  /** X̂ = X̃ − V, V the first-stage residuals. */
  fitted: Float64Array[];
  /** The second stage's regressors [X̂, W] (the scores' columns). */
  columns: Float64Array[];
  /** The structural regressors [X̃, W]. */
  structural: Float64Array[];
  /** u = ỹ − X̃b_X − Wb_W. */
  residuals: Float64Array;
}

function sumOfSquares(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * x[i];
  return s;
}

/** a − b, elementwise. */
function minus(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i] - b[i];
  return out;
}

/** R₂ = [R_W C_W; 0 S] (rows of length p + K), from R_W (p × p), the columns of C_W and S (K × K). */
function blockTriangular(rW: Float64Array[], cW: Float64Array[], s: Float64Array[]): Float64Array[] {
  const [p, K] = [rW.length, cW.length];
  const rows = rW.map((row, i) => {
    const out = new Float64Array(p + K);
    out.set(row);
    for (let j = 0; j < K; j++) out[p + j] = cW[j][i];
    return out;
  });
  for (const row of s) {
    const out = new Float64Array(p + K);
    out.set(row, p);
    rows.push(out);
  }
  return rows;
}

/** U'Q_T'ỹ: the response's projections on the instruments beyond W taken on U = the basis of C_T. */
function onBeyond(beyond: OrthogonalBasis, tT: Float64Array): Float64Array {
  const out = new Float64Array(beyond.basis.length);
  projections(beyond.basis, tT, out, Float64Array.from(beyond.norms, (norm) => 1 / norm));
  return out;
}

/**
 * The second stage of a 2SLS problem, given the first stages' residuals V (see the file's comment).
 * A column of X̂ is collinear with W and the earlier ones when its part beyond them, ‖s_jj‖², is at
 * most the tolerance times ‖X̂_j‖² = ‖C_j‖².
 * @throws IdentificationError when an instrumented regressor is collinear with the others once projected.
 */
export function secondStage(problem: IvProblem, firstStageResiduals: Float64Array[]): SecondStage {
  const { frame, absorbed } = problem;
  const names = [...frame.endogenous.map((c) => c.name), ...problem.exogenous.map((c) => c.name)];
  const onW = absorbed.endogenous.map((x, j) => problem.exogenousFit(x, `endogenous ${j}`));
  const cT = onW.map((fit) => problem.instrumentProjections(fit));
  const beyond = orthogonalBasis(cT, onW.map((fit, j) => sumOfSquares(fit.qty) + sumOfSquares(cT[j])), problem.tolerance);
  if (beyond.dropped.length > 0) {
    throw new IdentificationError(
      `"${problem.formulaText}" is not identified: the instrumented ${beyond.dropped.map((j) => `"${names[j]}"`).join(", ")} is collinear with the other regressors once projected on the instruments; the instruments do not move it independently.`,
    );
  }
  const response = problem.exogenousFit(absorbed.response, "response");
  const qty = Float64Array.from([...response.qty, ...onBeyond(beyond, problem.instrumentProjections(response))]);
  const r2 = blockTriangular(problem.exogenousBasis.r, onW.map((fit) => fit.qty), beyond.r);
  const p = problem.exogenous.length;
  const K = frame.endogenous.length;
  const all = Array.from({ length: p + K }, (_, k) => k);
  const { coef, bread } = inColumnOrder({ kept: all, dropped: [], ...solveTriangular(r2, qty) }, prefixReportedLast(p, K));
  const residuals = response.residuals.slice();
  onW.forEach((fit, j) => {
    const b = coef[j];
    const mx = fit.residuals;
    for (let i = 0; i < residuals.length; i++) residuals[i] -= b * mx[i];
  });
  const fitted = absorbed.endogenous.map((x, j) => minus(x, firstStageResiduals[j]));
  const columns = [...fitted, ...problem.exogenousDemeaned];
  const structural = [...absorbed.endogenous, ...problem.exogenousDemeaned];
  return { names, coef, bread, fitted, columns, structural, residuals };
}
