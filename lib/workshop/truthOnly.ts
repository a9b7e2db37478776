/**
 * Comparisons with the simulation's truth, run only on the kit's simulated panel. Real data
 * (KIT_PANEL) has no truth: each comparison is then skipped with one line saying why, and the
 * notebook's later cells still run (they test for `undefined`, or are skipped the same way).
 */
import { show, type DisplayBundle } from "../report/display";
import { escapeHtml } from "../report/html";
import { studyData, type StudyData } from "../study/dataSource";
import { readTruth, type TruthFile } from "../study/readTruth";

/**
 * The line shown in place of a skipped comparison.
 * @example truthSkippedLine("Table 13", studyData()) // "Skipped on real data: Table 13 — it needs the simulation's truth …"
 */
export function truthSkippedLine(what: string, data: StudyData): string {
  return `Skipped on real data: ${what} — it needs the simulation's truth (data/truth.json, the latent columns of loadLatentPanel), which ${data.panelPath} does not have.`;
}

/**
 * The skipped comparison's line as a cell output (Markdown, HTML, text).
 * @example show(truthSkipped("Table 13", studyData()))
 */
export function truthSkipped(what: string, data: StudyData): DisplayBundle {
  const line = truthSkippedLine(what, data);
  return { "text/markdown": `*${line}*`, "text/html": `<p><i>${escapeHtml(line)}</i></p>`, "text/plain": line };
}

/**
 * Runs `compare` — a comparison with the simulation's truth — and returns its result when this run
 * uses the kit's simulated panel; on real data it shows `truthSkippedLine(what)` in the cell instead
 * and returns undefined. `what` names the comparison for that line (a table, a finding, an exercise).
 * @example const latent = withTruth("the OLS estimand", () => loadLatentPanel(panel)); // undefined on real data
 */
export function withTruth<T>(what: string, compare: () => T, data: StudyData = studyData()): T | undefined {
  if (data.simulated) return compare();
  show(truthSkipped(what, data));
  return undefined;
}

/**
 * The simulation's truth (data/truth.json) when this run uses the simulated panel; undefined on real
 * data — for exercise checks whose feedback adds the truth when there is one.
 * @example check("07.4", shareJoint, { panel: panel, truth: truthOfData() })
 */
export function truthOfData(data: StudyData = studyData()): TruthFile | undefined {
  return data.simulated ? readTruth() : undefined;
}
