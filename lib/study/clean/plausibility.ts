/**
 * Plausibility warnings over the harmonised city-year levels: values that may be real but look wrong.
 * They are listed in the audit (Audit.warnings), printed in one summary, and are errors under `strict`.
 *
 * Three rules, each per variable of {@link PLAUSIBILITY_RULES}:
 *  - "yoy_jump": the change from year t − 1 to t is beyond the variable's threshold — a ratio
 *    x_t / x_{t−1} above `limit` or below 1 / `limit` (both values ≥ `floor`), or for a rate an absolute
 *    difference above `limit`;
 *  - "outlier": a value far outside the variable's range across cities in its year, P1 and P99 the
 *    cross-city 1st and 99th percentiles (linear interpolation, R's type 7; years with fewer than
 *    {@link MIN_CITIES} values are skipped): for a level, above `spread` × P99, or (strictly positive
 *    levels only) below P1 / `spread` — `spread` is {@link OUTLIER_FACTOR} = 10 except for the
 *    heavy-tailed venture capital and robot installations (100); for a rate, beyond P1 or P99 by more than
 *    P99 − P1;
 *  - "boundary_change": in a year of a listed boundary change (crosswalk.ts BOUNDARY_CHANGES), a change
 *    of population, registered population or land area of an affected city above {@link BOUNDARY_JUMP}
 *    (relative); it replaces a "yoy_jump" of the same cell and names the approval.
 */
import { quantile7 } from "../../toolkit/quantile";
import { BOUNDARY_CHANGES, BoundaryChange } from "../crosswalk";
import { CityVar, CITY_VAR_NAMES, Levels } from "../variables/levels";
import type { AuditWarning } from "./audit";

/** How a variable's year-on-year change is judged, and why so. */
export interface PlausibilityRule {
  /** "ratio": x_t / x_{t−1} against `limit` and 1 / `limit`; "difference": |x_t − x_{t−1}| against `limit`. */
  change: "ratio" | "difference";
  /** The threshold (a factor for "ratio", in the variable's unit for "difference"). */
  limit: number;
  /** Ratios are judged only when both values are at least this (small counts swing freely); 0: always. */
  floor: number;
  /** Strictly positive level: a value below P1 / `spread` is an outlier too. */
  positive: boolean;
  /** The outlier factor: a level above `spread` × P99 of its year is an outlier ({@link OUTLIER_FACTOR} unless the variable is heavy-tailed). */
  spread: number;
  /** Why the threshold is where it is. */
  reason: string;
}

/** The usual factor of the outlier rule: above 10 × P99 (or below P1 / 10) of the year across cities. */
export const OUTLIER_FACTOR = 10;

/** Fewest cities with a value in a year for the outlier rule to judge that year. */
export const MIN_CITIES = 20;

/** The relative change that shows a boundary change in an affected city's series (5 %). */
export const BOUNDARY_JUMP = 0.05;

/** The variables that move with a city's territory, checked in the years of a boundary change. */
export const BOUNDARY_VARS: readonly CityVar[] = ["pop", "pop_hukou", "land_area"];

const slip = "a unit or digit slip (人 vs 万人 is ×10⁴, a misplaced decimal point ×10)";
const level = (limit: number, reason: string, floor = 0, positive = true, spread = OUTLIER_FACTOR): PlausibilityRule => ({ change: "ratio", limit, floor, positive, spread, reason });

/** The year-on-year thresholds of every city-year variable, with their reasons. */
export const PLAUSIBILITY_RULES: Readonly<Record<CityVar, PlausibilityRule>> = {
  pop: level(3, `resident population does not triple or fall to a third in a year (boundary changes are checked on their own, at 5 %); beyond is ${slip}`),
  pop_hukou: level(3, `registered population moves even less than resident population; beyond ×3 is ${slip}`),
  nat_growth: { change: "difference", limit: 15, floor: 0, positive: false, spread: OUTLIER_FACTOR, reason: "prefecture natural growth rates lie between about −10 ‰ and +20 ‰ and move by a few points a year; 15 points is a sign slip or percent printed as per mille" },
  mig_in: level(10, `hukou reforms can multiply registered moves several-fold in a year; ×10 is ${slip}`),
  mig_out: level(10, `hukou reforms can multiply registered moves several-fold in a year; ×10 is ${slip}`),
  emp: level(3, `urban-unit employment changes with the statistical scope but not threefold in a year; beyond is ${slip}`),
  gdp: level(5, `nominal GDP grows by at most about a third a year; ×5 is ${slip} (万元 vs 亿元 is ×10⁴)`),
  va1: level(5, `sector value added moves with GDP; ×5 is ${slip}`),
  va2: level(5, `sector value added moves with GDP; ×5 is ${slip}`),
  va3: level(5, `sector value added moves with GDP; ×5 is ${slip}`),
  deposits: level(5, `bank balances grow by at most about half a year; ×5 is ${slip}`),
  loans: level(5, `bank balances grow by at most about half a year; ×5 is ${slip}`),
  fdi_usd: level(20, `one project can move a small city's FDI by an order of magnitude; ×20 is ${slip} (美元 vs 万美元 is ×10⁴)`, 0, false),
  fiscal_exp: level(5, `budget expenditure grows by at most about half a year; ×5 is ${slip}`),
  students: level(5, `a new campus can double enrolment; ×5 is ${slip}`, 0, false),
  road_area: level(5, `paved road area grows by at most about a third a year; ×5 is ${slip}`),
  land_area: level(2, "land area changes only with the boundary; a doubling outside a listed boundary change is an error or an unlisted change"),
  new_firms: level(10, `registrations surged by up to a few times after the 2014 registration reform; ×10 is ${slip}`, 0, false),
  ai_firms: level(20, `small counts swing freely, so only counts of 50 or more are judged; ×20 is ${slip}`, 50, false),
  patents: level(20, `a small city's patents can grow tenfold from a low base; ×20 is ${slip}`, 0, false),
  trademarks: level(10, `trademark registrations can grow several-fold in a year; ×10 is ${slip}`, 0, false),
  vc_investment: level(100, "one or two deals make a small city's venture capital, and a few cities hold most of it, so it swings and spreads by orders of magnitude; ×100 (and 100 × P99) is a unit slip (元 vs 万元 is ×10⁴)", 0, false, 100),
  ai_patents: level(50, "AI patenting took off after 2017: from a base of 50 a city's count can grow tens of times; ×50 is a digit slip stacked on fast growth", 50, false),
  robot_inst: level(1000, "installations are lumpy: one plant's lines can multiply a city's yearly count a hundredfold and set it 10 × above the other cities, so only counts of 100 or more, changes beyond ×1000 and values beyond 100 × P99 are flagged", 100, false, 100),
};

/** Where a warning's value came from, for the audit entry; every part is optional. */
export interface PlausibilityContext {
  /** The raw file each variable came from (RawStore.build's `sourceOf`); file null when absent. */
  sources?: ReadonlyMap<CityVar, string>;
  /** The 1-based line of the raw row behind a value; line null when absent or when it returns null. */
  lineOf?: (variable: CityVar, code: string, year: number) => number | null;
}

/**
 * Every plausibility warning of the levels' city-year variables (the three rules of the module
 * comment), variable by variable in CITY_VAR_NAMES order, then city, then year.
 * @param levels the harmonised levels (after merges and gap filling)
 * @example plausibilityWarnings(levels, { sources: sourceOf }).filter((w) => w.kind === "yoy_jump")
 */
export function plausibilityWarnings(levels: Levels, context: PlausibilityContext = {}): AuditWarning[] {
  const out: AuditWarning[] = [];
  const boundary = boundaryYears(levels);
  for (const variable of CITY_VAR_NAMES) {
    const make = (kind: string, c: number, t: number, detail: string): AuditWarning => {
      const code = levels.codes[c];
      const year = levels.firstYear + t;
      return { kind, file: context.sources?.get(variable) ?? null, line: context.lineOf?.(variable, code, year) ?? null, code, year, variable, detail };
    };
    out.push(...changeWarnings(levels, variable, boundary, make), ...outlierWarnings(levels, variable, make));
  }
  return out;
}

/** Builds one warning for city index c and year index t. */
type MakeWarning = (kind: string, c: number, t: number, detail: string) => AuditWarning;

/**
 * City code → year → the boundary change of that year that affects the city (BOUNDARY_CHANGES, their
 * `checkYears`), for the cities of the levels.
 * @example boundaryYears(levels).get("340100")?.get(2011)?.id // "chaohu_2011"
 */
function boundaryYears(levels: Levels): Map<string, Map<number, BoundaryChange>> {
  const out = new Map<string, Map<number, BoundaryChange>>();
  for (const change of BOUNDARY_CHANGES) {
    for (const city of change.cities) {
      const years = out.get(city.code) ?? new Map<number, BoundaryChange>();
      for (const y of change.checkYears) years.set(y, change);
      out.set(city.code, years);
    }
  }
  return out;
}

/**
 * "yoy_jump" and "boundary_change" warnings of one variable: each pair of consecutive years with both
 * values present, judged by the variable's rule, or by {@link BOUNDARY_JUMP} in a boundary change's year.
 * @example changeWarnings(levels, "pop", boundaryYears(levels), make)
 */
function changeWarnings(levels: Levels, variable: CityVar, boundary: Map<string, Map<number, BoundaryChange>>, make: MakeWarning): AuditWarning[] {
  const rule = PLAUSIBILITY_RULES[variable];
  const a = levels.city[variable];
  const T = levels.nYears;
  const out: AuditWarning[] = [];
  for (let c = 0; c < levels.codes.length; c++) {
    for (let t = 1; t < T; t++) {
      const prev = a[c * T + t - 1];
      const x = a[c * T + t];
      if (!Number.isFinite(prev) || !Number.isFinite(x)) continue;
      const year = levels.firstYear + t;
      const change = BOUNDARY_VARS.includes(variable) ? boundary.get(levels.codes[c])?.get(year) : undefined;
      if (change && prev > 0 && Math.abs(x / prev - 1) > BOUNDARY_JUMP) {
        out.push(make("boundary_change", c, t, boundaryDetail(variable, levels.codes[c], year, prev, x, change)));
      } else if (beyondRule(rule, prev, x)) {
        out.push(make("yoy_jump", c, t, jumpDetail(variable, rule, year, prev, x)));
      }
    }
  }
  return out;
}

/**
 * True when the change from `prev` to `x` is beyond the rule: a ratio outside [1/limit, limit] (both
 * values at least the floor and positive; a drop to 0 or below from a positive value counts as beyond),
 * or an absolute difference above the limit.
 * @example beyondRule(PLAUSIBILITY_RULES.pop, 500, 5000) // true
 */
export function beyondRule(rule: PlausibilityRule, prev: number, x: number): boolean {
  if (rule.change === "difference") return Math.abs(x - prev) > rule.limit;
  if (prev < rule.floor || x < rule.floor) return false;
  if (prev <= 0 || x <= 0) return prev > 0 !== x > 0 && rule.positive;
  return x / prev > rule.limit || prev / x > rule.limit;
}

/** The words of a "yoy_jump" warning: both values, the factor or difference, the threshold and its reason. */
function jumpDetail(variable: CityVar, rule: PlausibilityRule, year: number, prev: number, x: number): string {
  const seen =
    rule.change === "difference"
      ? `changes by ${fmt(x - prev)} (threshold ±${rule.limit})`
      : `is ${x >= prev ? `${fmt(x / prev)} times` : `1/${fmt(prev / x)} of`} the previous year's (threshold ×${rule.limit} or ÷${rule.limit})`;
  return `${variable} ${fmt(x)} in ${year} ${seen}: ${year - 1} has ${fmt(prev)}; ${rule.reason}.`;
}

/** The words of a "boundary_change" warning: the change, the cities concerned and the approval. */
function boundaryDetail(variable: CityVar, code: string, year: number, prev: number, x: number, change: BoundaryChange): string {
  const city = change.cities.find((k) => k.code === code);
  const pct = ((x / prev - 1) * 100).toFixed(1);
  return (
    `${variable} of ${code} ${city?.name ?? ""} changes by ${x >= prev ? "+" : ""}${pct} % in ${year} (${fmt(prev)} → ${fmt(x)}): ` +
    `the city ${city?.change ?? "changed"} ${city?.parts ?? "territory"} (${change.note}; ${change.decree}). ` +
    `The series is not comparable across ${change.year}: rebuild the earlier years on today's boundary, or drop them.`
  );
}

/**
 * "outlier" warnings of one variable, year by year: values beyond the year's cross-city range by the
 * rule of the module comment.
 * @example outlierWarnings(levels, "gdp", make)
 */
function outlierWarnings(levels: Levels, variable: CityVar, make: MakeWarning): AuditWarning[] {
  const rule = PLAUSIBILITY_RULES[variable];
  const a = levels.city[variable];
  const T = levels.nYears;
  const out: AuditWarning[] = [];
  for (let t = 0; t < T; t++) {
    const values: number[] = [];
    for (let c = 0; c < levels.codes.length; c++) if (Number.isFinite(a[c * T + t])) values.push(a[c * T + t]);
    if (values.length < MIN_CITIES) continue;
    const [lo, hi] = plausibleRange(values, rule);
    for (let c = 0; c < levels.codes.length; c++) {
      const x = a[c * T + t];
      if (Number.isFinite(x) && (x > hi || x < lo)) {
        out.push(make("outlier", c, t, `${variable} ${fmt(x)} in ${levels.firstYear + t} is outside ${fmt(lo)} … ${fmt(hi)}, ${rangeRule(rule)} of ${values.length} cities that year.`));
      }
    }
  }
  return out;
}

/**
 * The plausible range of a year's values: [P1 / spread (or −∞ when not strictly positive), spread · P99] for a level, [P1 − (P99 − P1),
 * P99 + (P99 − P1)] for a rate ("difference" rule).
 * @example plausibleRange([1, 2, 3], PLAUSIBILITY_RULES.gdp) // [0.102, 29.8]
 */
export function plausibleRange(values: readonly number[], rule: PlausibilityRule): [number, number] {
  const sorted = [...values].sort((x, y) => x - y);
  const p1 = quantile7(sorted, 0.01);
  const p99 = quantile7(sorted, 0.99);
  if (rule.change === "difference") return [p1 - (p99 - p1), p99 + (p99 - p1)];
  return [rule.positive ? p1 / rule.spread : -Infinity, rule.spread * p99];
}

/** The outlier rule in words, for the warning. */
function rangeRule(rule: PlausibilityRule): string {
  if (rule.change === "difference") return "i.e. beyond the 1st or 99th percentile by more than their distance,";
  return rule.positive ? `i.e. below P1 / ${rule.spread} or above ${rule.spread} × P99` : `i.e. above ${rule.spread} × P99`;
}

/** A number with up to four significant decimals, for messages. */
function fmt(x: number): string {
  return String(Math.round(x * 1e4) / 1e4);
}
