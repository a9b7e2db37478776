/** Exercises of notebook 01 (data cleaning). */
import { OptionsError } from "../../errors";
import { summarize, type Audit } from "../../study/clean/audit";
import type { Exercise, ExerciseContext } from "./types";

/** The audit of the cleaning run a check cell passed as `{ cleaned }`. */
function auditOf(context: ExerciseContext): Audit {
  const cleaned = context.cleaned as { audit?: Audit } | undefined;
  if (!cleaned?.audit) throw new OptionsError("This check needs the cleaning result: write check(id, answer, { cleaned }).");
  return cleaned.audit;
}

/** Row counts of economy.csv in the audit. */
function economy(context: ExerciseContext): { rows: number; kept: number; fixed: number; dropped: number } {
  const summary = summarize(auditOf(context))["economy.csv"];
  if (!summary) throw new OptionsError("The audit has no rows of economy.csv.");
  return summary;
}

/** Notebook 01's exercises. */
export const NB01_EXERCISES: Exercise[] = [
  {
    kind: "numeric",
    id: "01.1",
    title: "the number of rows of economy.csv the pipeline dropped",
    answerName: "droppedEconomy",
    expected: (c) => economy(c).dropped,
    tolerance: 0,
    mistakes: [
      { value: (c) => economy(c).fixed, feedback: 'That is the number of rows fixed, not dropped: filter on r.status === "dropped".' },
      { value: (c) => economy(c).rows, feedback: "That is every row of economy.csv: keep only the dropped ones (r.status)." },
      { value: (c) => auditOf(c).rows.filter((r) => r.status === "dropped").length, feedback: 'That counts the dropped rows of every file: keep only r.file === "economy.csv".' },
    ],
    fromObject: "rows.length (count the filtered rows)",
    hints: ["cleaned.audit.rows has one entry per raw row, with its file and status.", 'Filter on r.file === "economy.csv" && r.status === "dropped", then take .length.'],
    solution: 'const droppedEconomy = cleaned.audit.rows.filter((r) => r.file === "economy.csv" && r.status === "dropped").length;',
    explanation: "Every raw row is kept, fixed or dropped with a reason; the audit accounts for each one.",
  },
];
