/**
 * Code and name changes between the yearbooks of 2000–2023 and the registry's current codes, and the
 * units a yearbook lists that are not in the 287-city sample. Facts from the Ministry of Civil Affairs'
 * division-change announcements (行政区划变更) and GB/T 2260's yearly code lists; see data/CODEBOOK.md.
 *
 * The cleaner maps a row printed under `oldCode` / `oldName` in a year before `until` to `newCode`;
 * `merge` marks a unit whose rows are added into another city (莱芜 into 济南, January 2019).
 */
export interface Rename {
  oldCode: string;
  oldName: string;
  newCode: string;
  newName: string;
  /** First year printed under the new code and name. */
  until: number;
  note: string;
}

/** Renamed prefectures and code changes that concern the sample. */
export const RENAMES: readonly Rename[] = [
  { oldCode: "522400", oldName: "毕节地区", newCode: "520500", newName: "毕节市", until: 2011, note: "Bijie prefecture (地区) became a prefecture-level city in 2011 (国函〔2011〕130号)" },
  { oldCode: "522200", oldName: "铜仁地区", newCode: "520600", newName: "铜仁市", until: 2011, note: "Tongren prefecture became a prefecture-level city in 2011 (国函〔2011〕131号)" },
  { oldCode: "632100", oldName: "海东地区", newCode: "630200", newName: "海东市", until: 2013, note: "Haidong prefecture became a prefecture-level city in 2013 (国函〔2013〕26号)" },
  { oldCode: "420600", oldName: "襄樊市", newCode: "420600", newName: "襄阳市", until: 2010, note: "Xiangfan renamed Xiangyang in December 2010 (code unchanged)" },
  { oldCode: "532700", oldName: "思茅地区", newCode: "530800", newName: "普洱市", until: 2003, note: "Simao prefecture became Simao city (530800) in 2003" },
  { oldCode: "530800", oldName: "思茅市", newCode: "530800", newName: "普洱市", until: 2007, note: "Simao renamed Pu'er in 2007 (code unchanged)" },
];

/** A unit merged into a sample city: its rows before `until` are added into `intoCode`. */
export interface Merge {
  code: string;
  name: string;
  intoCode: string;
  intoName: string;
  until: number;
  note: string;
}

/** 莱芜 (Laiwu) into 济南 (Jinan). */
export const MERGES: readonly Merge[] = [
  { code: "371200", name: "莱芜市", intoCode: "370100", intoName: "济南市", until: 2019, note: "Laiwu merged into Jinan in January 2019 (国函〔2019〕4号); yearbooks from 2019 report the merged city" },
];

/** Units a yearbook lists that are outside the sample, with the reason (data/registry/exclusions.csv). */
export const OUT_OF_SAMPLE: Readonly<Record<string, string>> = {
  "540100": "Lhasa (拉萨市): excluded by the study design",
  "460300": "Sansha (三沙市): excluded by the study design (no statistics)",
  "341400": "Chaohu (巢湖市): abolished in 2011, not in the sample",
};
