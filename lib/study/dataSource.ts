/**
 * Which panel the notebooks, `replicate` and the report use: the kit's simulated panel
 * (data/panel.csv), or the user's cleaned panel named by the environment variable KIT_PANEL
 * (`KIT_PANEL=my-data/panel.csv npm run replicate`) — one switch for every notebook.
 */
import { existsSync } from "fs";
import * as path from "path";
import { SetupError } from "../errors";
import { DEFAULT_PANEL_PATH } from "./readPanel";

/** The panel in use and what to call it. */
export interface StudyData {
  /** True for the kit's bundled simulated panel, whose true effects are known (data/truth.json). */
  simulated: boolean;
  /** Absolute path of the panel file. */
  panelPath: string;
  /** The folder holding the panel (and, for a cleaned panel, the cleaner's audit files). */
  folder: string;
  /** How notebooks and the report name it: "Simulated data (data/panel.csv)" or "Real data: <path>". */
  label: string;
}

/**
 * The kit's bundled simulated panel, whatever KIT_PANEL says — for code that studies the simulation
 * itself (notebook 08 redraws simulated panels and reads no panel file).
 * @example bundledStudyData().panelPath // <kit>/data/panel.csv
 */
export function bundledStudyData(): StudyData {
  return { simulated: true, panelPath: DEFAULT_PANEL_PATH, folder: path.dirname(DEFAULT_PANEL_PATH), label: "Simulated data (data/panel.csv)" };
}

/**
 * The panel selected by KIT_PANEL, or the bundled simulated one when it is unset or empty.
 * A relative KIT_PANEL is read from the current directory (the project root in the kit's kernel);
 * KIT_PANEL naming data/panel.csv itself is the simulated panel.
 * @throws SetupError when KIT_PANEL names a file that does not exist.
 * @example studyData().simulated // true unless KIT_PANEL is set
 */
export function studyData(env: NodeJS.ProcessEnv = process.env): StudyData {
  const chosen = env.KIT_PANEL?.trim();
  if (!chosen) return bundledStudyData();
  const panelPath = path.resolve(chosen);
  if (panelPath === DEFAULT_PANEL_PATH) return bundledStudyData(); // the bundled file named explicitly
  if (!existsSync(panelPath)) {
    throw new SetupError(`KIT_PANEL is "${chosen}", but ${panelPath} does not exist. Point it at the panel.csv that scripts/clean-data.ts wrote, or unset it to use the simulated panel.`);
  }
  return { simulated: false, panelPath, folder: path.dirname(panelPath), label: `Real data: ${panelPath}` };
}
