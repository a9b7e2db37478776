/**
 * The Monte Carlo face of the simulator: `simulatePanel(params, seed)` redraws the panel-level process
 * (world.ts) and builds the analysis panel from the recorded levels with the same `buildPanel` the cleaner
 * uses — no raw files, no dirt, no cleaning — in a few milliseconds for 287 cities × 17 years.
 *
 * Besides the observed variables of design §5 it returns the latent columns a teaching notebook needs:
 * `ai_true` (ai without measurement error), `shock` (S_it), `shrink_noerr` (the outcome's systematic part:
 * without its error term, the shock's direct effect and the mechanisms' noise), `effect_total` (city i's total effect β_i + Σ a_k b_k) and `effect_direct` (β_i).
 */
import { buildPanel, BuildMeta } from "../variables/build";
import { PanelColumns } from "../variables/panelSchema";
import { SimCity } from "./cities";
import { defaultCities } from "./defaultCities";
import { DEFAULT_PARAMS, FIRST_PANEL_YEAR, FIRST_RAW_YEAR, LAST_YEAR, N_RAW_YEARS, SimParams } from "./params";
import { simulateWorld, World } from "./world";

/** The simulated panel: observed columns plus latent ones. */
export type SimulatedPanel = PanelColumns & {
  /** ai without measurement error: ln(1 + true robots per 10k employees). */
  ai_true: Float64Array;
  /** S_it, the adverse local shock (N(0, 1)). */
  shock: Float64Array;
  /** The outcome's systematic part μ_i + τ_t + Σ b_k(m_k,i + m_k,t) + τ_i·ai* + γ′X: without its error term, the shock's direct effect ψ_y·S and the mechanisms' noise. */
  shrink_noerr: Float64Array;
  /** City i's total effect β_i + Σ a_k b_k, repeated over its years. */
  effect_total: Float64Array;
  /** City i's direct effect β_i, repeated over its years. */
  effect_direct: Float64Array;
};

/** Redraws the panel for Monte Carlo use. `cities` defaults to data/cities.csv (read once and cached). */
export function simulatePanel(params: SimParams = DEFAULT_PARAMS, seed = 1, cities?: readonly SimCity[]): SimulatedPanel {
  const world = simulateWorld(cities ?? defaultCities(), params, seed);
  return panelOfWorld(world).panel;
}

/** The panel of an already drawn world, with the build's metadata. */
export function panelOfWorld(world: World): { panel: SimulatedPanel; meta: BuildMeta } {
  const { panel, meta } = buildPanel(world.levels, { depreciation: world.params.robots.depreciation });
  const C = world.cities.length;
  const Y = LAST_YEAR - FIRST_PANEL_YEAR + 1;
  const T = N_RAW_YEARS;
  const t0 = FIRST_PANEL_YEAR - FIRST_RAW_YEAR;
  const pick = (x: Float64Array): Float64Array => {
    const out = new Float64Array(C * Y);
    for (let c = 0; c < C; c++) for (let y = 0; y < Y; y++) out[c * Y + y] = x[c * T + t0 + y];
    return out;
  };
  const perCity = (x: Float64Array): Float64Array => {
    const out = new Float64Array(C * Y);
    for (let c = 0; c < C; c++) out.fill(x[c], c * Y, (c + 1) * Y);
    return out;
  };
  return {
    panel: {
      ...panel,
      ai_true: pick(world.latent.aiTrue),
      shock: pick(world.latent.shock),
      shrink_noerr: pick(world.latent.shrinkNoErr),
      effect_total: perCity(world.totalEffect),
      effect_direct: perCity(world.directEffect),
    },
    meta,
  };
}
