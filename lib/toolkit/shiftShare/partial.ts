/**
 * (Weighted) residuals on the controls, as R's `lm.wfit(y = v, x = Z, w)$residuals`:
 *   v̈ = v − Z·b,  b = argmin Σ_i ω_i (v_i − Z_i b)²
 * through an orthonormal basis of √ω·Z (Gram–Schmidt twice, lib/solve/orthogonalize). A control
 * that is collinear with earlier ones is left out, with R's tolerance (remaining norm below 1e-7 of
 * the column's norm), which does not change the residuals.
 */
import { orthogonalize } from "../../solve/orthogonalize";

/** R `lm.fit`'s tolerance 1e-7 on norms, as a tolerance on sums of squares. */
const CONTROL_TOLERANCE = 1e-14;

/** Residual maker for the controls Z: `partial(v)` gives v̈. */
export function controlResiduals(z: Float64Array[], weights: Float64Array | undefined): (v: Float64Array) => Float64Array {
  const root = weights ? weights.map(Math.sqrt) : undefined;
  const scaled = root ? z.map((col) => col.map((x, i) => x * root[i])) : z;
  const basis = orthogonalize(
    scaled,
    scaled.map((col) => col.reduce((s, x) => s + x * x, 0)),
    CONTROL_TOLERANCE,
  ).q;
  return (v) => {
    const out = root ? v.map((x, i) => x * root[i]) : Float64Array.from(v);
    for (let pass = 0; pass < 2; pass++) {
      for (const q of basis) {
        let c = 0;
        for (let i = 0; i < out.length; i++) c += q[i] * out[i];
        for (let i = 0; i < out.length; i++) out[i] -= c * q[i];
      }
    }
    if (root) for (let i = 0; i < out.length; i++) out[i] /= root[i];
    return out;
  };
}
