/**
 * Defaults of the report layer that a study sets once for all its tables, figures and sentences:
 * the codebook that labels variables (as R fixest's `setFixest_dict()`) and a note on the data
 * shown under every table and figure (as `setFixest_etable(notes = …)`). Both start empty, so the
 * report layer on its own knows no study; each table or figure can still turn the note off.
 */
import { checkOptions } from "../options";
import type { Bilingual, Codebook } from "./codebook";
import { optionKeys } from "./optionKeys";

/** What `setReportDefaults` sets. */
export interface ReportDefaults {
  /** Labels, definitions and sentence words of the variables (default: none, raw names). */
  labels: Codebook;
  /** A note on the data, shown under every table (default: none). */
  dataNote: Bilingual | undefined;
  /** A short caption on the data, shown under every figure's title (default: none). */
  dataCaption: Bilingual | undefined;
}

/** The keys of ReportDefaults, for the options check. */
const REPORT_DEFAULT_KEYS = optionKeys<ReportDefaults>()(["labels", "dataNote", "dataCaption"]);

let current: ReportDefaults = { labels: Object.freeze({}), dataNote: undefined, dataCaption: undefined };

/**
 * Sets the report layer's defaults; keys left out keep their value.
 * @throws OptionsError for an unknown key.
 * @example setReportDefaults({ labels: { gdp: { role: "control", label: { en: "GDP", zh: "国内生产总值" }, definition: { en: "GDP", zh: "GDP" } } } })
 */
export function setReportDefaults(defaults: Partial<ReportDefaults>): void {
  checkOptions("setReportDefaults", defaults, REPORT_DEFAULT_KEYS);
  current = { ...current, ...defaults };
}

/**
 * The report layer's defaults now in force.
 * @example reportDefaults().labels // the codebook set with setReportDefaults ({} before)
 */
export function reportDefaults(): Readonly<ReportDefaults> {
  return current;
}

/**
 * The table note on the data in one language, when one is set.
 * @example dataNoteText("en") // undefined until setReportDefaults({ dataNote: { en: "…", zh: "…" } })
 */
export function dataNoteText(lang: "en" | "zh"): string | undefined {
  return current.dataNote?.[lang];
}

/**
 * The figure caption on the data in one language, when one is set.
 * @example dataCaptionText("zh") // undefined until setReportDefaults({ dataCaption: { en: "…", zh: "…" } })
 */
export function dataCaptionText(lang: "en" | "zh"): string | undefined {
  return current.dataCaption?.[lang];
}
