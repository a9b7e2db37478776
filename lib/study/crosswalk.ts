/**
 * The dated crosswalk between the units a yearbook of 2000–2023 prints and the registry's 287 cities:
 * renames and code changes, the 莱芜 merger, the 巢湖 split, units outside the sample, and the
 * boundary changes after 2007 that break a city's series. Facts from the State Council's approvals
 * (国函) and the Ministry of Civil Affairs' division-change announcements (行政区划变更), and GB/T 2260's
 * yearly code lists; data/CODEBOOK.md ("Crosswalk") lists the same with their sources.
 *
 * Dates are calendar years of the data (a yearbook row's `year`): `until` and `year` are the first year
 * whose year-end figures are printed under the new unit.
 */

/** A prefecture renamed or recoded: rows printed under `oldCode` / `oldName` map to `newCode`. */
export interface Rename {
  /** The code as printed before the change. */
  oldCode: string;
  /** The name as printed before the change. */
  oldName: string;
  /** The registry code. */
  newCode: string;
  /** The registry name. */
  newName: string;
  /** First year printed under the new code and name. */
  until: number;
  /** What changed and the approval, in words. */
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

/**
 * A unit merged whole into a sample city. Its rows of years before `until` are added into `intoCode`
 * (the series is harmonised to today's boundary); a row of `until` or later is an error, because from
 * then on the yearbooks print the merged city under `intoCode`.
 */
export interface Merge {
  /** The merged unit's code. */
  code: string;
  /** The merged unit's name. */
  name: string;
  /** The sample city it merged into. */
  intoCode: string;
  /** That city's name. */
  intoName: string;
  /** First year printed as the merged city only. */
  until: number;
  /** The merger and its approval, in words. */
  note: string;
}

/** 莱芜 (Laiwu) into 济南 (Jinan). */
export const MERGES: readonly Merge[] = [
  { code: "371200", name: "莱芜市", intoCode: "370100", intoName: "济南市", until: 2019, note: "Laiwu merged into Jinan in January 2019 (国函〔2019〕4号); yearbooks from 2019 report the merged city" },
];

/** A part of an abolished unit and the sample city that received it. */
export interface SplitPart {
  /** The receiving city's code. */
  code: string;
  /** The receiving city's name. */
  name: string;
  /** The counties or districts it received. */
  parts: string;
}

/**
 * A unit abolished and divided among sample cities. Its rows before `year` are outside the sample
 * (the receiving cities' series are not rebuilt from its counties); a row of `year` or later is an error.
 */
export interface Split {
  /** The abolished unit's code. */
  code: string;
  /** The abolished unit's name. */
  name: string;
  /** First year without the unit. */
  year: number;
  /** Where its counties went. */
  into: readonly SplitPart[];
  /** The split and its approval, in words. */
  note: string;
}

/** 巢湖 (Chaohu), abolished in 2011: its one district and four counties went to Hefei, Wuhu and Ma'anshan. */
export const SPLITS: readonly Split[] = [
  {
    code: "341400",
    name: "巢湖市",
    year: 2011,
    into: [
      { code: "340100", name: "合肥市", parts: "居巢区 (now the county-level 巢湖市) and 庐江县" },
      { code: "340200", name: "芜湖市", parts: "无为县 and 和县's 沈巷镇" },
      { code: "340500", name: "马鞍山市", parts: "含山县 and 和县 (without 沈巷镇)" },
    ],
    note: "the prefecture-level Chaohu was abolished in July 2011 (国函〔2011〕84号) and its counties went to Hefei, Wuhu and Ma'anshan",
  },
];

/** A unit a yearbook lists that is not one of the 287 cities. */
export interface OutOfSampleUnit {
  /** Its code. */
  code: string;
  /** Its name. */
  name: string;
  /** Why it is not in the sample. */
  reason: string;
}

/** Units outside the sample (data/registry/exclusions.csv); their rows are dropped with the reason. */
export const OUT_OF_SAMPLE_UNITS: readonly OutOfSampleUnit[] = [
  { code: "540100", name: "拉萨市", reason: "Lhasa (拉萨市): excluded by the study design" },
  { code: "460300", name: "三沙市", reason: "Sansha (三沙市): excluded by the study design (no statistics)" },
  { code: "341400", name: "巢湖市", reason: "Chaohu (巢湖市): abolished in 2011, not in the sample" },
];

/** Code → reason of {@link OUT_OF_SAMPLE_UNITS}, for lookups. */
export const OUT_OF_SAMPLE: Readonly<Record<string, string>> = Object.fromEntries(OUT_OF_SAMPLE_UNITS.map((u) => [u.code, u.reason]));

/** A sample city whose territory changed, and how. */
export interface AffectedCity {
  /** The city's code. */
  code: string;
  /** The city's name. */
  name: string;
  /** It received territory, or gave some up. */
  change: "gains" | "loses";
  /** The counties or districts concerned. */
  parts: string;
}

/**
 * A change of the territory of sample cities after 2007 that breaks their series (population, land
 * area, GDP jump in `year` though nobody moved) unless the data are rebuilt on today's boundaries.
 */
export interface BoundaryChange {
  /** Short name, e.g. "chaohu_2011". */
  id: string;
  /** First year whose year-end figures are on the new boundary. */
  year: number;
  /** The years whose change against the year before may show the break (`year`, and the year before when the approval came late in it). */
  checkYears: readonly number[];
  /** The cities whose territory changed. */
  cities: readonly AffectedCity[];
  /** The approval: the State Council's 国函 number where verified, else what is known. */
  decree: string;
  /** True when the decree's number and date were checked against the approval's text. */
  verified: boolean;
  /** What happened and how the kit treats it, in words. */
  note: string;
}

/**
 * The boundary changes of the 287 cities after 2007 that break a series. Not exhaustive: changes
 * between districts and counties of one city do not break a prefecture's series and are left out; a
 * change not listed shows up as a year-on-year jump warning (lib/study/clean/plausibility.ts).
 */
export const BOUNDARY_CHANGES: readonly BoundaryChange[] = [
  {
    id: "chaohu_2011",
    year: 2011,
    checkYears: [2011],
    cities: [
      { code: "340100", name: "合肥市", change: "gains", parts: SPLITS[0].into[0].parts },
      { code: "340200", name: "芜湖市", change: "gains", parts: SPLITS[0].into[1].parts },
      { code: "340500", name: "马鞍山市", change: "gains", parts: SPLITS[0].into[2].parts },
    ],
    decree: "国函〔2011〕84号 (14 July 2011)",
    verified: true,
    note: "Chaohu (341400) abolished and divided among Hefei, Wuhu and Ma'anshan; Chaohu itself is outside the sample",
  },
  {
    id: "anhui_2016",
    year: 2016,
    checkYears: [2015, 2016],
    cities: [
      { code: "340700", name: "铜陵市", change: "gains", parts: "枞阳县 (from Anqing)" },
      { code: "340800", name: "安庆市", change: "loses", parts: "枞阳县 (to Tongling)" },
      { code: "340400", name: "淮南市", change: "gains", parts: "寿县 (from Lu'an)" },
      { code: "341500", name: "六安市", change: "loses", parts: "寿县 (to Huainan)" },
    ],
    decree: "State Council approval of late 2015, announced by Anhui on 4 January 2016 (国函 number not verified)",
    verified: false,
    note: "枞阳县 moved from Anqing to Tongling and 寿县 from Lu'an to Huainan; year-end 2015 figures may already be on either boundary",
  },
  {
    id: "jianyang_2016",
    year: 2016,
    checkYears: [2016],
    cities: [
      { code: "510100", name: "成都市", change: "gains", parts: "简阳市 (county-level, from Ziyang)" },
      { code: "512000", name: "资阳市", change: "loses", parts: "简阳市 (county-level, to Chengdu)" },
    ],
    decree: "State Council approval conveyed by 川府函〔2016〕90号 (May 2016; the 国函 number not verified)",
    verified: false,
    note: "the county-level Jianyang, administered by Ziyang, is administered by Chengdu from May 2016",
  },
  {
    id: "laiwu_2019",
    year: 2019,
    checkYears: [2019],
    cities: [{ code: "370100", name: "济南市", change: "gains", parts: "莱芜市 (its districts 莱城区 and 钢城区 became 莱芜区 and 钢城区)" }],
    decree: "国函〔2019〕4号 (January 2019; number as recorded in MERGES, not re-verified)",
    verified: false,
    note: "the cleaner adds Laiwu's rows into Jinan in every year before 2019, so Jinan's series has no break; a jump in 2019 means the file prints Jinan without Laiwu before 2019 and lacks Laiwu's rows",
  },
];
