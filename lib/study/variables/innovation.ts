/**
 * The innovation and entrepreneurship index `iei` (0–100 in practice), in the style of Peking University's
 * Index of Regional Innovation and Entrepreneurship in China (IRIEC; Dai et al. 2021): a weighted mean of
 * component scores, each the log of a per-capita rate mapped linearly onto 0–100 between fixed bounds,
 *
 *   score_m = 100 · (ln(x_m / P) − L_m) / (U_m − L_m),    iei = Σ_m w_m · score_m,
 *
 * with x_m the component's count or amount, P the resident population in 10k persons (so x_m / P is per
 * 10,000 residents) and the bounds L_m, U_m fixed below (not panel percentiles, so the index of one city
 * does not move when another city's data change). Scores may leave 0–100 in extreme cities.
 */
export interface IeiComponent {
  /** City-year variable holding the component (see levels.ts). */
  variable: "new_firms" | "patents" | "trademarks" | "vc_investment";
  /** Weight w_m (they sum to 1). */
  weight: number;
  /** ln of the per-10k rate that scores 0 and 100. */
  lower: number;
  upper: number;
}

/** The four components: new enterprises, invention patents, trademarks, venture-capital investment. */
export const IEI_COMPONENTS: readonly IeiComponent[] = [
  { variable: "new_firms", weight: 0.25, lower: Math.log(3), upper: Math.log(150) },
  { variable: "patents", weight: 0.25, lower: Math.log(0.1), upper: Math.log(60) },
  { variable: "trademarks", weight: 0.25, lower: Math.log(2), upper: Math.log(400) },
  { variable: "vc_investment", weight: 0.25, lower: Math.log(1), upper: Math.log(20000) },
];

/** iei from the components' values and the resident population (10k persons); NaN if any is missing or ≤ 0. */
export function ieiFromComponents(values: readonly number[], pop: number): number {
  let s = 0;
  for (let m = 0; m < IEI_COMPONENTS.length; m++) {
    const c = IEI_COMPONENTS[m];
    const x = values[m];
    if (!(x > 0) || !(pop > 0)) return NaN;
    s += (c.weight * 100 * (Math.log(x / pop) - c.lower)) / (c.upper - c.lower);
  }
  return s;
}

/** The inverse used by the simulator: the component value whose score is `score` (pop in 10k persons). */
export function componentFromScore(m: number, score: number, pop: number): number {
  const c = IEI_COMPONENTS[m];
  return Math.exp(c.lower + ((c.upper - c.lower) * score) / 100) * pop;
}
