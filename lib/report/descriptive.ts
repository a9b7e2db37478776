/**
 * The descriptive-statistics table: N, mean, standard deviation, minimum and maximum of each
 * variable, skipping missing values and reporting N per variable.
 */
import { unknownNameHint } from "../names";
import { max, mean, min, sampleStandardDeviation } from "simple-statistics";
import { type DataInput, toDataColumns } from "../design/input";
import { DataError } from "../errors";
import { checkOptions } from "../options";
import { checkDigits, formatCount, formatFixed } from "./format";
import { type Lang, coefLabel } from "./labels";
import { dataNoteText } from "./defaults";
import { optionKeys } from "./optionKeys";
import type { TableSpec } from "./table";
import { checkTableSpec } from "./table";

/** The summary of one variable. SD is the sample SD (n − 1); NaN when n < 2 (mean, min, max NaN when n = 0). */
export interface VariableSummary {
  /** The column name. */
  name: string;
  /** Number of non-missing values. */
  n: number;
  /** Mean x̄ = Σxᵢ / n (NaN when n = 0). */
  mean: number;
  /** Sample standard deviation √(Σ(xᵢ − x̄)² / (n − 1)) (NaN when n < 2). */
  sd: number;
  /** Smallest value (NaN when n = 0). */
  min: number;
  /** Largest value (NaN when n = 0). */
  max: number;
}

/** True for a missing value: null, undefined, "" or NaN. */
function isMissing(v: unknown): boolean {
  return v === null || v === undefined || v === "" || (typeof v === "number" && Number.isNaN(v));
}

/** The non-missing values of a column as numbers. @throws DataError on text or infinities. */
function numericValues(name: string, values: ArrayLike<unknown>): number[] {
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (isMissing(v)) continue;
    if (typeof v === "number") {
      if (!Number.isFinite(v)) throw new DataError(`Column "${name}" has ${v} in row ${i + 1}; replace infinities with a missing value or a number.`);
      out.push(v);
    } else if (typeof v === "bigint") {
      out.push(Number(v));
    } else {
      throw new DataError(`Column "${name}" has ${typeof v} ${JSON.stringify(String(v))} in row ${i + 1}, not a number; convert the column to numbers before describing it.`);
    }
  }
  return out;
}

/** True for a typed array, or a column whose non-missing values are all numbers (and there is one). */
function isNumericColumn(values: ArrayLike<unknown>): boolean {
  if (ArrayBuffer.isView(values)) return true;
  let any = false;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (isMissing(v)) continue;
    if (typeof v !== "number") return false;
    any = true;
  }
  return any;
}

/**
 * N, mean, sample SD, min and max of each variable over its non-missing values (null, undefined,
 * NaN and "" are missing). Without `variables`: every numeric column except `code` and `year`.
 * Uses simple-statistics (mean, sampleStandardDeviation, min, max).
 * @throws DataError when a listed variable is not a column or holds text.
 * @example describeVariables({ x: [1, 2, null, 4] }) // [{ name: "x", n: 3, mean: 2.333…, sd: 1.527…, min: 1, max: 4 }]
 */
export function describeVariables(data: DataInput, variables?: string[]): VariableSummary[] {
  const columns = toDataColumns(data);
  const names = variables ?? columns.names().filter((n) => n !== "code" && n !== "year" && isNumericColumn(columns.values(n)));
  return names.map((name) => {
    if (!columns.has(name)) {
      throw new DataError(`"${name}" is not a column of the data. ${unknownNameHint(name, columns.names(), "Available columns")}`);
    }
    const x = numericValues(name, columns.values(name));
    const n = x.length;
    return {
      name,
      n,
      mean: n > 0 ? mean(x) : NaN,
      sd: n > 1 ? sampleStandardDeviation(x) : NaN,
      min: n > 0 ? min(x) : NaN,
      max: n > 0 ? max(x) : NaN,
    };
  });
}

/** Options of `buildDescriptiveTable`. */
export interface DescriptiveTableOptions {
  /** Variables to describe, in order (default: every numeric column except `code` and `year`). */
  variables?: string[];
  /** Language of labels and notes (default "en"). */
  labels?: Lang;
  /** Title above the table (default: none). */
  title?: string;
  /** Decimals (default 3). */
  digits?: number;
  /** Show the variable's symbol (its column name) beside the label (default true). */
  symbols?: boolean;
  /** Labels that override the codebook, keyed by column name. */
  rename?: Record<string, string>;
  /** Show the note on the data set with `setReportDefaults({ dataNote })` (default true). */
  dataNote?: boolean;
  /** Extra note lines, after the note on N and SD. */
  notes?: string[];
}

/** The keys of DescriptiveTableOptions, for the options check. */
const DESCRIPTIVE_TABLE_OPTION_KEYS = optionKeys<DescriptiveTableOptions>()(["variables", "labels", "title", "digits", "symbols", "rename", "dataNote", "notes"]);

const HEAD = {
  en: ["Variable", "Symbol", "N", "Mean", "SD", "Min", "Max"],
  zh: ["变量", "符号", "观测值", "均值", "标准差", "最小值", "最大值"],
};

/**
 * The descriptive-statistics table (N, mean, SD, min, max per variable, with codebook labels).
 * @throws OptionsError for an unknown option or bad `digits`.
 * @throws DataError when a listed variable is not a column or holds text.
 * @example buildDescriptiveTable(panel, { variables: ["shrink", "ai"], labels: "zh" })
 */
export function buildDescriptiveTable(data: DataInput, options: DescriptiveTableOptions = {}): TableSpec {
  checkOptions("buildDescriptiveTable", options, DESCRIPTIVE_TABLE_OPTION_KEYS);
  const lang: Lang = options.labels ?? "en";
  const digits = checkDigits(options.digits ?? 3, "buildDescriptiveTable");
  const symbols = options.symbols ?? true;
  const rows = describeVariables(data, options.variables);
  const head = HEAD[lang].filter((_, k) => symbols || k !== 1);
  const notes = [
    lang === "zh"
      ? "注：观测值为各变量非缺失值个数；标准差为样本标准差（除以n−1）。"
      : "Notes: N counts each variable's non-missing values; SD is the sample standard deviation (divisor n − 1).",
    ...(options.notes ?? []),
  ];
  const dataNote = options.dataNote ?? true ? dataNoteText(lang) : undefined;
  if (dataNote) notes.push(dataNote);
  const table: TableSpec = {
    kind: "descriptive",
    lang,
    title: options.title,
    ncol: head.length,
    align: head.map((_, k) => (k === 0 ? "l" : k === 1 && symbols ? "l" : "r")),
    header: [head.map((text) => ({ text }))],
    sections: [
      rows.map((r) => ({
        kind: "data" as const,
        cells: [
          coefLabel(r.name, lang, options.rename ?? {}),
          ...(symbols ? [r.name] : []),
          formatCount(r.n),
          formatFixed(r.mean, digits),
          formatFixed(r.sd, digits),
          formatFixed(r.min, digits),
          formatFixed(r.max, digits),
        ],
      })),
    ],
    notes,
  };
  checkTableSpec(table);
  return table;
}
