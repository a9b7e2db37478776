/**
 * The bundled simulated panel with the data-generating process's latent columns attached row by row,
 * so that a notebook or a test can hold an estimate against what the same estimator would give without
 * the problems it is meant to show: the true robot penetration instead of the mismeasured one, the
 * adverse local shock as a control, the outcome's systematic part (without its error term, the shock's direct effect and the
 * mechanisms' noise). It redraws the world from
 * data/truth.json's seed and parameters (about 0.2 s) and checks that every row matches.
 */
import { DataError } from "../errors";
import { studyData } from "./dataSource";
import { DEFAULT_PANEL_PATH } from "./readPanel";
import { readTruth, DEFAULT_TRUTH_PATH } from "./readTruth";
import { loadRegistry } from "./registry";
import { panelOfWorld } from "./simulate/panel";
import type { SimParams } from "./simulate/params";
import { simulateWorld } from "./simulate/world";
import { loadStudyPanel, type StudyPanel } from "./studyPanel";

/** The study panel plus the latent columns of the simulation that wrote it. */
export type LatentStudyPanel = StudyPanel & {
  /** ai without measurement error: ln(1 + true robots per 10k employees). */
  ai_true: Float64Array;
  /** S_it, the adverse local shock (N(0, 1)) that drives people out and robots in. */
  shock: Float64Array;
  /** The outcome's systematic part μ_i + τ_t + Σ b_k(m_k,i + m_k,t) + τ_i·ai* + γ′X: without its error term, the shock's direct effect ψ_y·S and the mechanisms' noise. */
  shrink_noerr: Float64Array;
  /** City i's total effect β_i + Σ a_k b_k, repeated over its years. */
  effect_total: Float64Array;
  /** City i's direct effect β_i, repeated over its years. */
  effect_direct: Float64Array;
};

/** The latent columns `loadLatentPanel` adds. */
export const LATENT_COLUMNS = ["ai_true", "shock", "shrink_noerr", "effect_total", "effect_direct"] as const;

/**
 * Attaches the simulation's latent columns to the bundled panel (default: `loadStudyPanel()`).
 * Only the kit's simulated data has them: a panel from real yearbooks has no truth to attach, so
 * under KIT_PANEL the default is refused rather than quietly swapped for the simulated panel.
 * @throws DataError when no panel is given and KIT_PANEL selects real data; when a row of `panel` is not a row of the simulation drawn from truth.json's seed
 *   (the panel is not the bundled simulated one, or data/ was rebuilt without its truth.json).
 * @example const latent = loadLatentPanel(); feols("shrink_noerr ~ ai_true + shock | code + year", latent)
 */
export function loadLatentPanel(panel: StudyPanel = simulatedPanelInUse(), truthFile: string = DEFAULT_TRUTH_PATH): LatentStudyPanel {
  const truth = readTruth(truthFile);
  const world = simulateWorld(loadRegistry(), truth.params as SimParams, truth.seed);
  const latent = panelOfWorld(world).panel;
  const rowOf = new Map<string, number>();
  for (let i = 0; i < latent.code.length; i++) rowOf.set(`${latent.code[i]}/${latent.year[i]}`, i);
  const n = panel.code.length;
  const columns = Object.fromEntries(LATENT_COLUMNS.map((name) => [name, new Float64Array(n)])) as Record<(typeof LATENT_COLUMNS)[number], Float64Array>;
  for (let i = 0; i < n; i++) {
    const j = rowOf.get(`${panel.code[i]}/${panel.year[i]}`);
    if (j === undefined) {
      throw new DataError(
        `loadLatentPanel: panel row ${i + 1} (city ${panel.code[i]}, ${panel.year[i]}) is not in the simulation drawn from ${truthFile} (seed ${truth.seed}). Latent columns exist only for the kit's bundled simulated panel; rebuild data/ with scripts/build-data.ts if it was changed.`,
      );
    }
    if (!sameNumber(panel.ai[i], latent.ai[j])) {
      throw new DataError(
        `loadLatentPanel: panel row ${i + 1} (city ${panel.code[i]}, ${panel.year[i]}) has ai = ${panel.ai[i]}, the simulation drawn from ${truthFile} has ${latent.ai[j]}. Latent columns exist only for the kit's bundled simulated panel.`,
      );
    }
    for (const name of LATENT_COLUMNS) columns[name][i] = latent[name][j];
  }
  return { ...panel, ...columns };
}

/** The study panel when it is the bundled simulated one; under KIT_PANEL an error saying why there is no truth. */
function simulatedPanelInUse(): StudyPanel {
  const data = studyData();
  if (!data.simulated) {
    throw new DataError(
      `loadLatentPanel: this run uses real data (${data.panelPath}, selected by KIT_PANEL), which has no latent columns — only the kit's simulated panel has a truth. Wrap the comparison in withTruth(…) from lib/workshop, which skips it on real data, or pass loadStudyPanel("${DEFAULT_PANEL_PATH}") to study the simulation.`,
    );
  }
  return loadStudyPanel(data.panelPath);
}

/** Equal to the 10 significant digits data/panel.csv prints (both missing counts as equal). */
function sameNumber(a: number, b: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
}
