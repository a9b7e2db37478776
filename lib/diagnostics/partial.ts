import { project } from "../solve/leastSquares";

/** M_Q v = v − Q Q'v: what is left of v after projecting it on the orthonormal columns q. */
export function residualize(q: Float64Array[], v: Float64Array): Float64Array {
  if (q.length === 0) return Float64Array.from(v);
  const fitted = project(q, v);
  const out = new Float64Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = v[i] - fitted[i];
  return out;
}

/** Cross-product matrix A'B of two sets of columns. */
export function crossProduct(a: Float64Array[], b: Float64Array[]): Float64Array[] {
  return a.map((ai) =>
    Float64Array.from(b, (bj) => {
      let s = 0;
      for (let i = 0; i < ai.length; i++) s += ai[i] * bj[i];
      return s;
    }),
  );
}
