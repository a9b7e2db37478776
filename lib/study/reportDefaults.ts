/**
 * What this study tells the report layer: its codebook labels the variables of every table, figure
 * and sentence, and a note under each table and figure says which data it comes from — the kit's
 * simulated panel, or "real data: <path>" when KIT_PANEL selects a user's panel (dataSource.ts).
 */
import { setReportDefaults } from "../report/defaults";
import type { Bilingual } from "../report/labels";
import { STUDY_CODEBOOK } from "./codebook";
import { studyData, type StudyData } from "./dataSource";

/** The table note on the kit's bundled panel. */
export const SIMULATED_DATA_NOTE: Bilingual = Object.freeze({
  en: "Data: simulated panel from the kit's seeded data-generating process, not the paper's data.",
  zh: "数据为本工具包按固定随机种子生成的模拟数据，并非原文数据。",
});

/** The figure caption on the kit's bundled panel. */
export const SIMULATED_DATA_CAPTION: Bilingual = Object.freeze({
  en: "Simulated data (the kit's seeded data-generating process), not the paper's",
  zh: "模拟数据（本工具包按固定种子生成），非原文数据",
});

/** How the table note and figure caption on a user's panel begin, in each language (the path follows). */
export const REAL_DATA_PREFIX: Bilingual = Object.freeze({ en: "Real data: ", zh: "真实数据：" });

/**
 * The table note and figure caption on a user's panel: "Real data: <path>" (真实数据：<path>).
 * @example realDataNote("/home/me/my-data/panel.csv").en // "Real data: /home/me/my-data/panel.csv"
 */
export function realDataNote(panelPath: string): Bilingual {
  return Object.freeze({ en: `${REAL_DATA_PREFIX.en}${panelPath}`, zh: `${REAL_DATA_PREFIX.zh}${panelPath}` });
}

/**
 * Labels tables, figures and sentences with the study's codebook and notes which data they come
 * from (R fixest users know the idea as `setFixest_dict()` and `setFixest_etable(notes = …)`): the
 * simulated note and caption on the bundled panel, "Real data: <path>" when `data` (by default
 * `studyData()`, i.e. KIT_PANEL) is a user's panel. Each notebook calls it once, in its first cell.
 * @throws SetupError when KIT_PANEL names a file that does not exist.
 * @example useStudyDefaults(); buildRegressionTable([fit]) // rows labelled "AI (robot penetration)", note: simulated panel
 */
export function useStudyDefaults(data: StudyData = studyData()): void {
  const note = data.simulated ? SIMULATED_DATA_NOTE : realDataNote(data.panelPath);
  const caption = data.simulated ? SIMULATED_DATA_CAPTION : realDataNote(data.panelPath);
  setReportDefaults({ labels: STUDY_CODEBOOK, dataNote: note, dataCaption: caption });
}
