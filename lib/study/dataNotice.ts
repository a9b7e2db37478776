/**
 * The line each notebook shows near its top, computed from `studyData()`: which data this run
 * uses — "Simulated data …" or "Real data: <path>" — so that the notebook's markdown is never the
 * only statement about its data.
 */
import type { DisplayBundle } from "../report/display";
import { escapeHtml } from "../report/html";
import { studyData, type StudyData } from "./dataSource";

/** What `dataInUse` says. */
export interface DataInUseOptions {
  /** False for a notebook that reads no panel and studies the simulation itself (notebooks 01 and 08). Default true. */
  readsPanel?: boolean;
  /** With `readsPanel: false`, what the notebook does instead (default: "redraws the kit's simulated panels"). */
  instead?: string;
}

/**
 * The sentence naming the data of this run. On real data (KIT_PANEL) it starts "Real data: <path>"
 * and says that comparisons with the simulation's truth are skipped; on the bundled panel it starts
 * "Simulated data". A notebook that reads no panel (`readsPanel: false`) says what it studies instead.
 * @example dataInUseSentence(studyData()) // "Simulated data: the kit's bundled panel (data/panel.csv) …"
 */
export function dataInUseSentence(data: StudyData, options: DataInUseOptions = {}): string {
  const readsPanel = options.readsPanel ?? true;
  if (!readsPanel) {
    const instead = options.instead ?? "redraws the kit's simulated panels";
    return data.simulated
      ? `Simulated data: this notebook ${instead}; the simulation's true effects are known (data/truth.json).`
      : `Real data: ${data.panelPath} is selected (KIT_PANEL), but this notebook reads no panel: it ${instead}, so every number below is about the simulation, not your data.`;
  }
  return data.simulated
    ? "Simulated data: the kit's bundled panel (data/panel.csv), drawn from a seeded data-generating process whose true effects are known (data/truth.json). Set KIT_PANEL to a cleaned panel to run on real data."
    : `Real data: ${data.panelPath} (KIT_PANEL). Comparisons with the simulation's truth are skipped: real data has none.`;
}

/**
 * The data line as a notebook output (Markdown, HTML and plain text).
 * @throws SetupError when KIT_PANEL names a file that does not exist (from `studyData()`).
 * @example show(dataInUse()) // "Real data: /home/me/my-data/panel.csv (KIT_PANEL). …" when KIT_PANEL is set
 */
export function dataInUse(options: DataInUseOptions = {}, data: StudyData = studyData()): DisplayBundle {
  const sentence = dataInUseSentence(data, options);
  const [head, ...rest] = sentence.split(/(?<=^[^:]+:)/);
  return {
    "text/markdown": `**${head}**${rest.join("")}`,
    "text/html": `<p style="background:#fff7d6;border:1px solid #e6c200;padding:.3em .6em"><b>${escapeHtml(head)}</b>${escapeHtml(rest.join(""))}</p>`,
    "text/plain": sentence,
  };
}
