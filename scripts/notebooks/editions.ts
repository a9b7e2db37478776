/**
 * The two editions of a workshop notebook, from the one committed notebook and its cell tags:
 *
 * - "solution"      a code cell holding an exercise's answer (it declares the answer variable);
 * - "check"         the code cell after it that checks the answer (`show(check("03.1", x, { panel }))`);
 * - "teaching-note" a markdown cell for the instructor only;
 * - "instructor"    any cell for the instructor only.
 *
 * `studentEdition` hands out the exercises without their answers; `instructorEdition` shows the
 * answers, marked, with a summary of the exercises on top. The student edition of an instructor
 * edition is the student edition of the notebook (the instructor's additions are tagged "instructor").
 */
import type * as TS from "typescript";
import { projectTypeScript as ts } from "./lazyTypeScript";
import { EXERCISES } from "../../lib/workshop/exercises/index";
import type { Exercise } from "../../lib/workshop/exercises/types";
import { clearOutputs, sourceText, toLines, type Cell, type Notebook } from "./ipynb";

const tagsOf = (cell: Cell): string[] => cell.metadata.tags ?? [];
const hasTag = (cell: Cell, tag: string): boolean => tagsOf(cell).includes(tag);
const isSolution = (cell: Cell): boolean => cell.cell_type === "code" && hasTag(cell, "solution");

/** The names a binding declares: `x`, or every name of a destructuring pattern (`{ a, b: [c] }`). */
function boundNames(name: TS.BindingName): string[] {
  if (ts.isIdentifier(name)) return [name.text];
  return name.elements.flatMap((element) => (ts.isOmittedExpression(element) ? [] : boundNames(element.name)));
}

/**
 * The variables a cell declares at its top level (`const`, `let`, `var`, destructuring included),
 * in order — read with the TypeScript parser, so a declaration inside a function or a string does
 * not count.
 * @example declaredVariables('// x\nconst se = fit.se.ai;\nfunction f() { const y = 1; }') // ["se"]
 */
export function declaredVariables(source: string): string[] {
  const file = ts.createSourceFile("cell.ts", source, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  return file.statements.flatMap((statement) => (ts.isVariableStatement(statement) ? statement.declarationList.declarations.flatMap((d) => boundNames(d.name)) : []));
}

/** The answer variables of a notebook: what its solution cells declare, each once, in order. */
export function answerVariables(notebook: Notebook): string[] {
  return [...new Set(notebook.cells.filter(isSolution).flatMap((cell) => declaredVariables(sourceText(cell))))];
}

/**
 * The prompt that replaces a solution in the student edition: the solution's leading `//` comment
 * lines (or a generic line), a line naming the answer variables when the comment does not, and
 * "// Your code here." — no declaration, so the participant's own `const x = …` never collides.
 * @example promptFor(cell) // "// Exercise 03.1: … Store the number in seByProvince.\n// Your code here.\n"
 */
export function promptFor(solution: Cell): string {
  const lines = sourceText(solution).split("\n");
  const end = lines.findIndex((line) => !line.trim().startsWith("//"));
  const comments = (end < 0 ? lines : lines.slice(0, end)).filter((line) => line.trim() !== "");
  const header = comments.length > 0 ? comments : ["// Exercise: write your answer here."];
  const names = declaredVariables(sourceText(solution));
  const unnamed = names.filter((name) => !header.some((line) => new RegExp(`\\b${name.replace(/\$/g, "\\$")}\\b`).test(line)));
  const naming = unnamed.length > 0 ? [`// Store your answer in ${unnamed.join(", ")} (declared, empty, in the first code cell).`] : [];
  return [...header, ...naming, "// Your code here.", ""].join("\n");
}

/** A new cell id that no cell of the notebook has. */
function freshId(cells: readonly Cell[], stem: string): string {
  const taken = new Set(cells.map((c) => c.id));
  let id = stem;
  for (let k = 2; taken.has(id); k++) id = `${stem}-${k}`;
  return id;
}

/** A new cell with the given type, source and tags (and an id when the notebook's cells carry ids). */
function newCell(cells: readonly Cell[], type: "code" | "markdown", source: string, tags: string[], idStem: string): Cell {
  const cell: Cell = { cell_type: type, metadata: { tags }, source: toLines(source) };
  if (cells.some((c) => c.id !== undefined)) cell.id = freshId(cells, idStem);
  return type === "code" ? { ...cell, outputs: [], execution_count: null } : cell;
}

/**
 * Declares the answer variables, empty (`let x: any;`), at the end of the first code cell — or in a
 * cell of their own before it when the first code cell is itself a solution — so that every check
 * cell compiles and reports "not attempted" until the exercise is answered (tslab lets a later cell
 * redeclare the name with `const`). Names the first code cell already declares are left alone.
 */
function declareAnswers(cells: Cell[], names: string[]): Cell[] {
  const first = cells.findIndex((c) => c.cell_type === "code");
  if (names.length === 0 || first < 0) return cells;
  const exercise = isSolution(cells[first]) || hasTag(cells[first], "exercise");
  const own = exercise ? [] : declaredVariables(sourceText(cells[first]));
  const missing = names.filter((name) => !own.includes(name));
  if (missing.length === 0) return cells;
  const block = `// Your answers to the exercises, empty until you answer (write \`const ${missing[0]} = …\` in the exercise's cell):\n${missing.map((n) => `let ${n}: any;`).join("\n")}\n`;
  if (exercise) return [...cells.slice(0, first), newCell(cells, "code", block, ["answers"], "kit-answers"), ...cells.slice(first)];
  const text = sourceText(cells[first]).replace(/\n*$/, "\n");
  return cells.map((cell, i) => (i === first ? { ...cell, source: toLines(`${text}${block}`) } : cell));
}

/**
 * The student edition: outputs cleared; every "solution" cell replaced by its prompt (`promptFor`)
 * and tagged "exercise" instead; the answer variables declared once, empty, in the first code cell;
 * cells tagged "teaching-note" or "instructor" removed. Every other cell — the check cells
 * included — is unchanged.
 * @example writeNotebook("output/student/03_baseline.ipynb", studentEdition(readNotebook("notebooks/03_baseline.ipynb")))
 */
export function studentEdition(notebook: Notebook): Notebook {
  const cleared = clearOutputs(notebook);
  const kept = cleared.cells.filter((cell) => !hasTag(cell, "teaching-note") && !hasTag(cell, "instructor"));
  const prompted = kept.map((cell) => {
    if (!isSolution(cell)) return cell;
    const tags = tagsOf(cell).filter((t) => t !== "solution").concat("exercise");
    return { ...cell, source: toLines(promptFor(cell)), metadata: { ...cell.metadata, tags } };
  });
  return { ...cleared, cells: declareAnswers(prompted, answerVariables(notebook)) };
}

/** One exercise of a notebook, for the instructor's summary. */
export interface ExerciseEntry {
  /** The exercise id its check names (`check("03.1", …)`), or null for a check without one (`checkAnswer`). */
  id: string | null;
  /** What the exercise asks (from lib/workshop/exercises), or the solution's first comment. */
  title: string;
  /** "numeric" or "choice" for a registered exercise; "unregistered" otherwise. */
  kind: "numeric" | "choice" | "unregistered";
  /** The answer variables its solution declares. */
  answers: string[];
  /** Index of the solution cell among the notebook's cells (from 0). */
  solution: number;
  /** Index of the cell that checks it (the next "check" cell, or the next cell calling check/checkAnswer), or null. */
  check: number | null;
  /** The heading of the section it sits in, or null. */
  section: string | null;
}

/** The exercise id of a check cell's `check("id", …)` call, if any. */
export function checkId(source: string): string | null {
  const match = source.match(/\bcheck\(\s*["'`]([^"'`]+)["'`]/);
  return match ? match[1] : null;
}

/** The cell that checks the solution at `index`: the next check cell before the next solution. */
function checkCellAfter(cells: readonly Cell[], index: number): number | null {
  for (let i = index + 1; i < cells.length && !isSolution(cells[i]); i++) {
    const text = sourceText(cells[i]);
    if (cells[i].cell_type === "code" && (hasTag(cells[i], "check") || /\bcheck(Answer)?\(/.test(text))) return i;
  }
  return null;
}

/** The last markdown heading before a cell, without its #s. */
function sectionOf(cells: readonly Cell[], index: number): string | null {
  for (let i = index - 1; i >= 0; i--) {
    if (cells[i].cell_type !== "markdown") continue;
    const headings = sourceText(cells[i]).match(/^#{1,6}\s+.+$/gm);
    if (headings) return headings[headings.length - 1].replace(/^#+\s+/, "").trim();
  }
  return null;
}

/**
 * The exercises of a notebook, one per solution cell: id, kind and title (from the check's exercise
 * id), the answer variables, the solution and check cells, and the section.
 */
export function exercisesOf(notebook: Notebook): ExerciseEntry[] {
  const cells = notebook.cells;
  return cells.flatMap((cell, index) => {
    if (!isSolution(cell)) return [];
    const check = checkCellAfter(cells, index);
    const id = check === null ? null : checkId(sourceText(cells[check]));
    const registered = id ? EXERCISES[id] : undefined;
    const comment = sourceText(cell).split("\n")[0].replace(/^\s*\/\/\s*/, "").trim();
    const title = registered?.title ?? (comment || "(no description)");
    return [{ id, title, kind: registered?.kind ?? "unregistered", answers: declaredVariables(sourceText(cell)), solution: index, check, section: sectionOf(cells, index) }];
  });
}

/** Markdown with every line inside a blockquote, under a bold label. */
function marked(label: string, text: string): string {
  return [`> **${label}**`, ">", ...text.replace(/\n+$/, "").split("\n").map((line) => (line === "" ? ">" : `> ${line}`))].join("\n") + "\n";
}

/** The instructor edition's first cell: what it is, and the table of the notebook's exercises with their cells. */
function summaryText(entries: readonly ExerciseEntry[], cellNumber: (index: number) => number): string {
  const head = "## Instructor edition\n\nThe solutions are shown, each after a **Solution** marker, and the teaching notes are marked. Participants get the student edition (`npm run student-edition`): prompts instead of solutions, no teaching notes, the answer variables declared empty in the first code cell.\n\n";
  if (entries.length === 0) return `${head}This notebook has no exercises.\n`;
  const pipe = (s: string) => s.replace(/\|/g, "\\|");
  const rows = entries.map((e) => {
    const check = e.check === null ? "—" : String(cellNumber(e.check));
    return `| ${e.id ?? "—"} | ${pipe(e.title)} | ${e.kind} | ${e.answers.map((a) => `\`${a}\``).join(", ") || "—"} | ${cellNumber(e.solution)} | ${check} | ${pipe(e.section ?? "—")} |`;
  });
  return `${head}### Exercises (cells numbered in this edition)\n\n| id | asks | kind | answer in | solution cell | check cell | section |\n|---|---|---|---|---|---|---|\n${rows.join("\n")}\n`;
}

/** A cell of the instructor edition: teaching notes and instructor cells visibly marked, the rest as it is. */
/**
 * The teaching note of an exercise, written from its definition in lib/workshop/exercises/: what the
 * check says to each anticipated mistake (or to each wrong option), the hints, and the explanation —
 * what to watch for while participants work.
 */
export function teachingNote(exercise: Exercise): string {
  const lines = [`**Teaching note** — exercise ${exercise.id} (instructor edition only).`, ""];
  if (exercise.kind === "numeric") {
    lines.push("Mistakes the check recognises, and what it tells the participant:");
    for (const mistake of exercise.mistakes ?? []) lines.push(`- ${mistake.feedback}`);
    if (exercise.fromObject) lines.push(`- An object instead of a number: the check says to take \`${exercise.fromObject}\`.`);
    if (typeof exercise.explanation === "string") lines.push("", `Why: ${exercise.explanation}`);
    else if (exercise.explanation) lines.push("", "Why: the check explains it with the numbers of the data in hand when the answer is right.");
  } else {
    lines.push("What the check says to each option:");
    for (const [letter, option] of Object.entries(exercise.options)) lines.push(`- (${letter})${option.correct ? " ✓" : ""} ${option.text}: ${option.feedback}`);
  }
  lines.push("", `Hints, in order: ${exercise.hints.map((h, k) => `(${k + 1}) ${h}`).join(" ")}`);
  return lines.join("\n") + "\n";
}

function markForInstructor(cell: Cell): Cell {
  const text = sourceText(cell);
  if (cell.cell_type === "markdown" && hasTag(cell, "teaching-note")) return { ...cell, source: toLines(marked("Teaching note — instructor edition only.", text)) };
  if (cell.cell_type === "markdown" && hasTag(cell, "instructor")) return { ...cell, source: toLines(marked("Instructor only.", text)) };
  if (cell.cell_type === "code" && hasTag(cell, "instructor")) return { ...cell, source: toLines(`// Instructor only: this cell is not in the student edition.\n${text}`) };
  return cell;
}

/**
 * The instructor edition: the full notebook (outputs, if any, kept) with each solution cell preceded
 * by a markdown "Solution" marker, teaching notes and instructor cells kept and visibly marked, and
 * a first markdown cell summarising the exercises (id, what it asks, kind, answer variables, the
 * solution and check cells, the section). The added cells are tagged "instructor".
 * @example writeNotebook("output/instructor/03_baseline.ipynb", instructorEdition(readNotebook("notebooks/03_baseline.ipynb")))
 */
export function instructorEdition(notebook: Notebook): Notebook {
  const ids = new Map(exercisesOf(notebook).map((e) => [e.solution, e.id]));
  const cells: Cell[] = [];
  for (const [index, cell] of notebook.cells.entries()) {
    if (isSolution(cell)) {
      const id = ids.get(index);
      const marker = `**Solution**${id ? ` of exercise ${id}` : ""} — instructor edition only: the student edition shows the prompt instead of the next cell.\n`;
      cells.push(newCell([...notebook.cells, ...cells], "markdown", marker, ["instructor", "solution-marker"], "kit-solution"));
    }
    cells.push(markForInstructor(cell));
    const id = isSolution(cell) ? ids.get(index) : undefined;
    if (id && EXERCISES[id]) cells.push(newCell([...notebook.cells, ...cells], "markdown", teachingNote(EXERCISES[id]), ["instructor", "teaching-note"], "kit-note"));
  }
  const entries = exercisesOf({ ...notebook, cells });
  const summary = newCell([...notebook.cells, ...cells], "markdown", summaryText(entries, (index) => index + 2), ["instructor", "exercise-summary"], "kit-summary");
  return { ...notebook, cells: [summary, ...cells] };
}
