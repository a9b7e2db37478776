/** The variable-definition table (type, label, symbol, definition), from the codebook. */
import { checkOptions } from "../options";
import { reportDefaults } from "./defaults";
import { type Codebook, type Lang, ROLE_LABELS, variableInfo } from "./labels";
import { optionKeys } from "./optionKeys";
import type { TableSpec } from "./table";
import { checkTableSpec } from "./table";

/** Options of `buildDefinitionTable`. */
export interface DefinitionTableOptions {
  /** Variables to list, in order (default: every codebook variable except the keys). */
  variables?: string[];
  /** The codebook (default: the labels set with `setReportDefaults`). */
  codebook?: Codebook;
  /** Language of the labels and definitions (default "en"). */
  labels?: Lang;
  /** Title above the table (default: none). */
  title?: string;
  /** Note lines under the table. */
  notes?: string[];
}

/** The keys of DefinitionTableOptions, for the options check. */
const DEFINITION_TABLE_OPTION_KEYS = optionKeys<DefinitionTableOptions>()(["variables", "codebook", "labels", "title", "notes"]);

const HEAD = {
  en: ["Type", "Variable", "Symbol", "Definition"],
  zh: ["变量类型", "变量名称", "变量符号", "变量定义"],
};

/**
 * The variable-definition table of a codebook (the one set with `setReportDefaults` unless one is
 * passed). A name not in the codebook is listed with its raw name and an empty definition. The type is shown once per run of
 * variables of the same type, as journals merge that cell.
 * @throws OptionsError for an unknown option.
 * @example buildDefinitionTable({ labels: "zh" })
 */
export function buildDefinitionTable(options: DefinitionTableOptions = {}): TableSpec {
  checkOptions("buildDefinitionTable", options, DEFINITION_TABLE_OPTION_KEYS);
  const lang: Lang = options.labels ?? "en";
  const codebook = options.codebook ?? reportDefaults().labels;
  const names = options.variables ?? Object.keys(codebook).filter((n) => codebook[n].role !== "key");
  const table: TableSpec = {
    kind: "definitions",
    lang,
    title: options.title,
    ncol: 4,
    align: ["l", "l", "l", "l"],
    header: [HEAD[lang].map((text) => ({ text }))],
    sections: [
      names.map((name, k) => {
        const info = variableInfo(name, codebook);
        const role = info ? ROLE_LABELS[info.role][lang] : "";
        const previous = k > 0 ? variableInfo(names[k - 1], codebook) : undefined;
        const shownRole = previous && info && previous.role === info.role ? "" : role;
        return {
          kind: "data" as const,
          cells: info ? [shownRole, info.label[lang], name, info.definition[lang]] : ["", name, name, ""],
        };
      }),
    ],
    notes: [...(options.notes ?? [])],
  };
  checkTableSpec(table);
  return table;
}
