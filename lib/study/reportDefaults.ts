/**
 * What this study tells the report layer: its codebook labels the variables of every table, figure
 * and sentence, and a note says under each table and figure that the data is simulated.
 */
import { setReportDefaults } from "../report/defaults";
import type { Bilingual } from "../report/labels";
import { STUDY_CODEBOOK } from "./codebook";

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

/**
 * Labels tables, figures and sentences with the study's codebook and notes that the data is
 * simulated (R fixest users know the idea as `setFixest_dict()` and `setFixest_etable(notes = …)`).
 * Each notebook calls it once, in its first cell.
 * @example useStudyDefaults(); buildRegressionTable([fit]) // rows labelled "AI (robot penetration)", note: simulated panel
 */
export function useStudyDefaults(): void {
  setReportDefaults({ labels: STUDY_CODEBOOK, dataNote: SIMULATED_DATA_NOTE, dataCaption: SIMULATED_DATA_CAPTION });
}
