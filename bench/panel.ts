/**
 * The benchmark panels of issue 7, generated in-process from a seeded stream (lib/random/rng.ts,
 * xoshiro128** — never Math.random), so every run and every machine sees identical data.
 *
 * Balanced panel: I ids × T years (default 100,000 × 10 = 1,000,000 rows),
 *
 *   α_id ~ N(0,1),  γ_year ~ N(0,1),
 *   x1 = N(0,1) + 0.5·α,   x2 = N(0,1) + 0.3·γ,
 *   y  = 0.5·x1 − 0.3·x2 + α + γ + ε,   ε ~ N(0,1).
 *
 * Extra columns for the other cases (they leave the columns above untouched):
 *   idgroup: each id's group, uniform on G groups (default 1,000), for the fixed effect idgroup^year;
 *   y3 = y + δ_{idgroup,year}, δ ~ N(0,1): the outcome of the three-fixed-effect case (same slopes);
 *   z ~ N(0,1): an instrument;
 *   xe = x1 + z: the endogenous regressor, whose own noise e1 (the N(0,1) of x1) also enters
 *   yiv = 0.5·xe − 0.3·x2 + α + γ + u,   u = 0.6·e1 + 0.8·ε (Var u = 1, Cov(xe, u) = 0.6),
 *   so OLS of yiv on xe is biased (plim ≈ 0.5 + 0.6/2 = 0.8 within) and 2SLS with z is not;
 *   w ∈ [0.5, 1.5): regression weights of the weighted case, a fixed hash of the row number (no draw
 *   from the stream, so the other columns are as before), varying within ids and within years.
 *
 * The unbalanced variant removes a uniformly random 10 % of the rows (exactly ⌊N/10⌋, by a partial
 * Fisher–Yates draw of row indices), keeping the survivors in their original order.
 */
import { Rng } from "../lib/random/rng";

export interface BenchPanel {
  nobs: number;
  id: Int32Array;
  year: Int32Array;
  idgroup: Int32Array;
  x1: Float64Array;
  x2: Float64Array;
  y: Float64Array;
  y3: Float64Array;
  z: Float64Array;
  xe: Float64Array;
  yiv: Float64Array;
  w: Float64Array;
}

export interface PanelSize {
  ids: number;
  years: number;
  groups: number;
}

export const ISSUE_SIZE: PanelSize = { ids: 100_000, years: 10, groups: 1_000 };

/** The true slopes of every case. */
export const TRUTH = { x1: 0.5, x2: -0.3, xe: 0.5 };

/** The balanced panel, rows ordered by id then year (as a panel usually arrives). */
export function balancedPanel(seed: number, size: PanelSize = ISSUE_SIZE): BenchPanel {
  const { ids, years, groups } = size;
  const n = ids * years;
  const root = new Rng(seed);
  const effects = root.fork("effects");
  const alpha = new Float64Array(ids);
  const gamma = new Float64Array(years);
  const groupOf = new Int32Array(ids);
  for (let i = 0; i < ids; i++) alpha[i] = effects.normal();
  for (let t = 0; t < years; t++) gamma[t] = effects.normal();
  const grouping = root.fork("groups");
  for (let i = 0; i < ids; i++) groupOf[i] = grouping.int(groups);
  const delta = new Float64Array(groups * years);
  const deltas = root.fork("group-year");
  for (let k = 0; k < delta.length; k++) delta[k] = deltas.normal();

  const noise = root.fork("noise");
  const p: BenchPanel = {
    nobs: n,
    id: new Int32Array(n),
    year: new Int32Array(n),
    idgroup: new Int32Array(n),
    x1: new Float64Array(n),
    x2: new Float64Array(n),
    y: new Float64Array(n),
    y3: new Float64Array(n),
    z: new Float64Array(n),
    xe: new Float64Array(n),
    yiv: new Float64Array(n),
    w: new Float64Array(n),
  };
  for (let i = 0, r = 0; i < ids; i++) {
    for (let t = 0; t < years; t++, r++) {
      const e1 = noise.normal();
      const e2 = noise.normal();
      const eps = noise.normal();
      const z = noise.normal();
      const x1 = e1 + 0.5 * alpha[i];
      const x2 = e2 + 0.3 * gamma[t];
      const y = 0.5 * x1 - 0.3 * x2 + alpha[i] + gamma[t] + eps;
      const xe = x1 + z;
      p.id[r] = i + 1;
      p.year[r] = 2001 + t;
      p.idgroup[r] = groupOf[i] + 1;
      p.x1[r] = x1;
      p.x2[r] = x2;
      p.y[r] = y;
      p.y3[r] = y + delta[groupOf[i] * years + t];
      p.z[r] = z;
      p.xe[r] = xe;
      p.yiv[r] = 0.5 * xe - 0.3 * x2 + alpha[i] + gamma[t] + 0.6 * e1 + 0.8 * eps;
      p.w[r] = 0.5 + (Math.imul(r + 1, 0x9e3779b1) >>> 0) / 4294967296;
    }
  }
  return p;
}

/** The panel without a uniformly random `share` of its rows (survivors in their original order). */
export function dropRandomRows(panel: BenchPanel, share: number, seed: number): BenchPanel {
  const n = panel.nobs;
  const nDrop = Math.floor(n * share);
  const rng = new Rng(seed).fork("drop");
  const index = new Int32Array(n);
  for (let i = 0; i < n; i++) index[i] = i;
  for (let k = 0; k < nDrop; k++) {
    const j = k + rng.int(n - k);
    const t = index[k];
    index[k] = index[j];
    index[j] = t;
  }
  const keep = new Uint8Array(n).fill(1);
  for (let k = 0; k < nDrop; k++) keep[index[k]] = 0;
  const rows = new Int32Array(n - nDrop);
  for (let i = 0, k = 0; i < n; i++) if (keep[i]) rows[k++] = i;
  const take = <T extends Int32Array | Float64Array>(a: T): T => {
    const out = new (a.constructor as { new (n: number): T })(rows.length);
    for (let k = 0; k < rows.length; k++) out[k] = a[rows[k]];
    return out;
  };
  return {
    nobs: rows.length,
    id: take(panel.id),
    year: take(panel.year),
    idgroup: take(panel.idgroup),
    x1: take(panel.x1),
    x2: take(panel.x2),
    y: take(panel.y),
    y3: take(panel.y3),
    z: take(panel.z),
    xe: take(panel.xe),
    yiv: take(panel.yiv),
    w: take(panel.w),
  };
}

/** The panel as an object of columns, the form `feols` accepts. */
export function asColumns(panel: BenchPanel): Record<string, Int32Array | Float64Array> {
  const { nobs: _n, ...columns } = panel;
  return columns;
}
