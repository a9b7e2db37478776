import { inverse, Matrix, solve } from "ml-matrix";
import type { FixedEffectFactor } from "../design/factor";
import { chiSquareUpperP } from "../distributions/index";
import type { VcovSpec } from "../variance/spec";
import { crossProduct, residualize } from "./partial";
import { scoreCovariance } from "./scoreCovariance";

/** An over-identification test. */
export interface OveridentificationTest {
  /** Which statistic: Hansen J (robust variances) or Sargan (iid). */
  test: "Hansen J" | "Sargan";
  /** The χ² statistic. */
  stat: number;
  /** Degrees of freedom, L − K. */
  df: number;
  /** Its upper-tail p-value. */
  p: number;
}

function toMatrix(rows: ArrayLike<number>[]): Matrix {
  return new Matrix(rows.map((r) => Array.from(r)));
}

function columnVector(values: number[]): Matrix {
  return Matrix.columnVector(values);
}

/**
 * Hansen's (1982) J statistic as ivreg2 defines it (Baum, Schaffer & Stillman 2003, §4.2):
 *
 *   Ŝ = (1/N) Σ_g (Z_g'u_g)(Z_g'u_g)'  (HC0 per row without clustering), u the 2SLS residuals,
 *   b₂ = (X'Z Ŝ⁻¹ Z'X)⁻¹ X'Z Ŝ⁻¹ Z'y   (two-step efficient GMM),
 *   J = N · ḡ(b₂)' Ŝ⁻¹ ḡ(b₂),  ḡ(b) = Z'(y − Xb)/N,  df = L − K,
 *
 * with Z all instruments (excluded and exogenous) and X all regressors, every column partialled of
 * the fixed effects. Under iid errors it is Sargan's (1958) N·u'P_Z u / u'u instead.
 */
export function overidentificationTest(
  y: Float64Array,
  regressors: Float64Array[],
  instruments: Float64Array[],
  qInstruments: Float64Array[],
  residuals: Float64Array,
  spec: VcovSpec,
  clusters: FixedEffectFactor[],
  df: number,
): OveridentificationTest {
  const N = y.length;
  if (spec.type === "iid") {
    const unexplained = residualize(qInstruments, residuals);
    let uu = 0;
    let ee = 0;
    for (let i = 0; i < N; i++) {
      uu += residuals[i] * residuals[i];
      ee += unexplained[i] * unexplained[i];
    }
    const stat = (N * (uu - ee)) / uu;
    return { test: "Sargan", stat, df, p: chiSquareUpperP(stat, df) };
  }
  const scores = instruments.map((z) => Float64Array.from(z, (v, i) => v * residuals[i]));
  const S = toMatrix(scoreCovariance(scores, spec, clusters));
  const Sinv = inverse(S);
  const ZX = toMatrix(crossProduct(instruments, regressors));
  const Zy = toMatrix(crossProduct(instruments, [y]));
  const XZSinv = ZX.transpose().mmul(Sinv);
  const b2 = solve(XZSinv.mmul(ZX), XZSinv.mmul(Zy));
  const gmmResiduals = Float64Array.from(y);
  regressors.forEach((x, k) => {
    const coefficient = b2.get(k, 0);
    for (let i = 0; i < N; i++) gmmResiduals[i] -= coefficient * x[i];
  });
  const gBar = columnVector(instruments.map((z) => z.reduce((s, v, i) => s + v * gmmResiduals[i], 0) / N));
  const stat = N * gBar.transpose().mmul(solve(S, gBar)).get(0, 0);
  return { test: "Hansen J", stat, df, p: chiSquareUpperP(stat, df) };
}
