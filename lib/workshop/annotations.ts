/**
 * Annotations: a workshop participant attaches their own note to a result with `annotate`; notes
 * are kept by a module-level collector and written, with the numbers, to one findings file
 * (Markdown and JSON) when the notebooks are run.
 *
 * The findings file has one JSON format throughout — what `writeFindings` writes and appends to,
 * what the report (`npm run replicate`) and `npm run findings` write:
 * `{ "findings": [{ kind, notebook, cell, author, about, text, numbers }, …] }` (see `Finding`).
 *
 * A note keeps its place when its cell is run again: within a session a note is keyed by what it
 * is about and its author, so a second `annotate` of the same result by the same author replaces
 * the first. A note that is still the notebook's placeholder ("Replace this with your reading…")
 * is shown as one and never collected.
 */
import { DataError, OptionsError } from "../errors";
import { checkOptions } from "../options";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "fs";
import { dirname } from "path";
import type { DisplayBundle } from "../report/display";
import { formatFixed } from "../report/format";
import { formatPValue } from "../result/format";
import type { SentenceFit } from "../report/findings/index";
import { escapeHtml } from "../report/html";
import { escapeMarkdown } from "../report/markdown";
import { optionKeys } from "../report/optionKeys";

/**
 * One entry of a findings file: a participant's note or a sentence computed from a result, with
 * where it comes from. The JSON file is `{ "findings": Finding[] }`.
 */
export interface Finding {
  /** "annotation": a participant's note (`annotate`); "finding": a sentence computed from a result (`finding`). */
  kind: "annotation" | "finding";
  /** The notebook it comes from (a file name, or a path under the folder collected); null when not known, as for notes collected in a kernel session. */
  notebook: string | null;
  /** The number of its cell in the notebook, from 1, counting every cell (as the runner's messages do); null when not known. */
  cell: number | null;
  /** Who wrote the note; null for a computed finding or an unsigned note. */
  author: string | null;
  /** What the note is about: a sentence, a label, or "OLS: y ~ x | fe" for a fit; null for a computed finding. */
  about: string | null;
  /** The note or the computed sentence, trimmed. */
  text: string;
  /** Numbers of the result a note is attached to (for a fit: estimate, se and p of each coefficient, and N); empty when none. */
  numbers: Record<string, number>;
}

/** Anything `annotate` accepts: a label or sentence, a fit, or an explicit label with numbers. */
export type Annotatable =
  | string
  | SentenceFit
  | {
      /** What the note is about. */
      label: string;
      /** Numbers to keep with the note, by name (default: none). */
      numbers?: Record<string, number>;
    };

/** Options of `writeFindings`. */
export interface WriteFindingsOptions {
  /** Keep the findings already in the JSON file and add the new ones after them; a new note replaces an earlier one on the same result by the same author in the same notebook (default false: overwrite). */
  append?: boolean;
  /** Heading of the Markdown file (default "Findings"). */
  title?: string;
  /** The notebook the collected notes come from, recorded with each (default: not recorded, null). */
  notebook?: string;
}

/** The keys of WriteFindingsOptions, for the options check. */
const WRITE_FINDINGS_OPTION_KEYS = optionKeys<WriteFindingsOptions>()(["append", "title", "notebook"]);

/** The notes collected in this process, in the order first attached. */
const findings: Finding[] = [];

/** Notes that are still a notebook's invitation to write one, whatever the notebook's exact words. */
const PLACEHOLDER_PATTERNS = [
  /^replace this\b/i,
  /^(write )?your (own )?(reading|note|interpretation)( here)?\W*$/i,
  /^(todo|tbd|xxx)\b/i,
  /^[.…\s]*$/,
];

/**
 * Whether a note is a placeholder rather than a reading: a notebook's invitation ("Replace this
 * with your reading of column (4).", "Your note here", "TODO", "…"), or one of the texts a notebook
 * offers as its placeholder (`offered`, compared without surrounding spaces). Placeholders are
 * never counted as findings.
 * @param offered the placeholder texts the notebooks offer (e.g. the notes their `annotate` calls carry)
 * @example isPlaceholderNote("Replace this with your reading of column (4).") // true
 */
export function isPlaceholderNote(note: string, offered: readonly string[] = []): boolean {
  const text = note.trim();
  return PLACEHOLDER_PATTERNS.some((p) => p.test(text)) || offered.some((o) => o.trim() === text);
}

/** The label and numbers of what a note is attached to: a text, an explicit label, or a fit's coefficients. */
function describeTarget(target: Annotatable): { label: string; numbers: Record<string, number> } {
  if (typeof target === "string") return { label: target, numbers: {} };
  if ("label" in target && typeof target.label === "string") return { label: target.label, numbers: { ...(target.numbers ?? {}) } };
  const fit = target as SentenceFit;
  const numbers: Record<string, number> = {};
  for (const name of Object.keys(fit.coef)) {
    numbers[`${name}.estimate`] = fit.coef[name];
    numbers[`${name}.se`] = fit.se[name];
    numbers[`${name}.p`] = fit.pvalue[name];
  }
  if (fit.nobs !== undefined) numbers.nobs = fit.nobs;
  const label = fit.formula ? `${fit.method ?? "Model"}: ${fit.formula}` : `${fit.method ?? "Model"} of ${fit.depVar ?? "y"}`;
  return { label, numbers };
}

/** Numbers as "name = value, …": integers as they are, p-values ("x.p") as "x.p < 0.0001" below the floor, others with 4 decimals. */
function numbersText(numbers: Record<string, number>): string {
  return Object.entries(numbers)
    .map(([k, v]) => (k.endsWith(".p") ? `${k} ${formatPValue(v, { digits: 4 })}` : `${k} = ${Number.isInteger(v) ? String(v) : formatFixed(v, 4)}`))
    .join(", ");
}

/**
 * Keeps a note in the collector under its key (what it is about and its author): a note attached
 * again (its cell re-run) replaces the earlier one in place; a placeholder removes it.
 * @returns the note's number (its place in the collector), or 0 for a placeholder.
 */
function collect(finding: Finding, placeholder: boolean): number {
  const index = findings.findIndex((f) => f.about === finding.about && f.author === finding.author);
  if (placeholder) {
    if (index >= 0) findings.splice(index, 1);
    return 0;
  }
  if (index >= 0) findings[index] = finding;
  else findings.push(finding);
  return (index >= 0 ? index : findings.length - 1) + 1;
}

/** The HTML of an annotation: the result on the left, the note (or the placeholder's invitation) on the right. */
function annotationHtml(label: string, numbersLine: string, heading: string, note: string): string {
  return (
    `<div class="kit-annotation" style="display:flex;gap:12px;align-items:stretch;margin:6px 0;font-size:13px;">` +
    `<div style="flex:1;padding:6px 10px;border-left:3px solid #0072B2;background:#f5f8fb;">` +
    `<div>${escapeHtml(label)}</div>${numbersLine ? `<div style="color:#555;font-size:11px;margin-top:4px;">${escapeHtml(numbersLine)}</div>` : ""}</div>` +
    `<div style="flex:1;padding:6px 10px;border-left:3px solid #E69F00;background:#fff8e6;">` +
    `<div style="font-weight:bold;font-size:11px;color:#8a6500;">${escapeHtml(heading)}</div><div>${escapeHtml(note)}</div></div>` +
    `</div>`
  );
}

/**
 * Attaches a participant's note to a result and collects it. Returns a display bundle that shows
 * the result and the note side by side (pass it to `show`). Running the cell again replaces the
 * note (same result, same author); a note that is still a placeholder ("Replace this with your
 * reading…", see `isPlaceholderNote`) is shown as one, tagged `placeholder: true`, and not collected.
 * @throws OptionsError for an empty note.
 * @example show(annotate(describeEffect(fit), "Larger than I expected for the north-east.", "Li Lei"))
 */
export function annotate(resultOrLabel: Annotatable, note: string, author?: string): DisplayBundle {
  if (typeof note !== "string" || note.trim() === "") throw new OptionsError("annotate: write a note (a non-empty string).");
  const { label, numbers } = describeTarget(resultOrLabel);
  const text = note.trim();
  const placeholder = isPlaceholderNote(text);
  const number = collect({ kind: "annotation", notebook: null, cell: null, author: author || null, about: label, text, numbers }, placeholder);
  const by = author ? ` — ${author}` : "";
  const heading = placeholder ? `Placeholder${by}: replace it with your own reading (it is not collected)` : `Note #${number}${by}`;
  const numbersLine = Object.keys(numbers).length > 0 ? numbersText(numbers) : "";
  const markdown = `${escapeMarkdown(label)}${numbersLine ? `  \n*${escapeMarkdown(numbersLine)}*` : ""}\n\n> **${escapeMarkdown(heading)}:** ${escapeMarkdown(text)}\n`;
  const plain = `${label}${numbersLine ? `\n  ${numbersLine}` : ""}\n${heading}: ${text}`;
  const kit = { kind: "annotation", text, about: label, ...(author ? { author } : {}), numbers, ...(placeholder ? { placeholder: true } : {}) };
  return { "text/html": annotationHtml(label, numbersLine, heading, text), "text/markdown": markdown, "text/plain": plain, kit };
}

/**
 * The notes collected so far in this process (copies), in the order first attached; a note
 * attached again keeps its place. Placeholders are not among them.
 * @example collectFindings().length // the number of notes attached since the last clearFindings()
 */
export function collectFindings(): Finding[] {
  return findings.map((f) => ({ ...f, numbers: { ...f.numbers } }));
}

/**
 * Forgets the collected findings.
 * @example clearFindings(); collectFindings() // []
 */
export function clearFindings(): void {
  findings.length = 0;
}

/** One finding as a Markdown list item: the sentence, or "Note by … on …: text", with the cell and the numbers. */
function findingItem(f: Finding): string {
  const flat = (s: string) => s.replace(/\s*\n\s*/g, " ").replace(/<(?=[A-Za-z/!?])/g, "\\<").trim(); // one line, no HTML tags
  const who = f.kind === "annotation" ? `Note${f.author ? ` by ${flat(f.author)}` : ""}${f.about ? ` on ${flat(f.about)}` : ""}: ` : "";
  const where = f.cell !== null ? ` *(cell ${f.cell})*` : "";
  const numbers = Object.keys(f.numbers).length > 0 ? `\n  Numbers: ${escapeMarkdown(numbersText(f.numbers))}` : "";
  return `- ${who}${flat(f.text)}${where}${numbers}`;
}

/**
 * The findings as a Markdown document: a heading, then notebook by notebook (in the order they
 * first appear) each computed sentence and each note with its author, what it is about, its cell
 * and its numbers. Placeholders are left out.
 * @example findingsMarkdown(collectFindings(), "Workshop notes")
 */
export function findingsMarkdown(list: readonly Finding[], title = "Findings"): string {
  const kept = list.filter((f) => !(f.kind === "annotation" && isPlaceholderNote(f.text)));
  const out = [`# ${title}`, ""];
  if (kept.length === 0) return [...out, "No findings or notes were collected.", ""].join("\n");
  const computed = kept.some((f) => f.kind === "finding");
  const notes = kept.some((f) => f.kind === "annotation");
  out.push(computed && notes ? "Sentences computed from the results when the notebooks ran, and the participants' own notes." : computed ? "Sentences computed from the results when the notebooks ran." : "The participants' own notes.", "");
  const notebooks = [...new Set(kept.map((f) => f.notebook))];
  for (const notebook of notebooks) {
    out.push(`## ${notebook ?? "Notes of a notebook session (notebook not recorded)"}`, "");
    for (const f of kept.filter((x) => x.notebook === notebook)) out.push(findingItem(f));
    out.push("");
  }
  return out.join("\n");
}

/** A finding read from a file in any of the kit's formats (current, the report's former array, the former notes), or undefined. */
function normalise(entry: unknown): Finding | undefined {
  if (entry === null || typeof entry !== "object") return undefined;
  const e = entry as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : null);
  const text = str(e.text) ?? str(e.note);
  const kind = e.kind === "finding" || e.kind === "annotation" ? e.kind : typeof e.note === "string" ? "annotation" : undefined;
  if (text === null || kind === undefined) return undefined;
  const numbers = e.numbers !== null && typeof e.numbers === "object" ? { ...(e.numbers as Record<string, number>) } : {};
  const cell = typeof e.cell === "number" && Number.isInteger(e.cell) ? e.cell : null;
  return { kind, notebook: str(e.notebook), cell, author: str(e.author), about: str(e.about) ?? str(e.label), text: text.trim(), numbers };
}

/**
 * The findings in a findings JSON file: `{ "findings": [...] }`, and also the formats the kit wrote
 * before (the report's bare array of findings and notes; notes with `label` and `note`), so that
 * appending keeps them. Entries other than findings and notes (tables, checks) and placeholders are
 * left out.
 * @throws DataError when the file is not JSON or holds no list of findings.
 * @example readFindings("output/findings.json").filter((f) => f.kind === "annotation")
 */
export function readFindings(jsonPath: string): Finding[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(jsonPath, "utf8"));
  } catch (error) {
    throw new DataError(`${jsonPath} is not a findings file (${(error as Error).message}); delete it or write without append.`);
  }
  const list = Array.isArray(parsed) ? parsed : (parsed as { findings?: unknown } | null)?.findings;
  if (!Array.isArray(list)) throw new DataError(`${jsonPath} is not a findings file: it holds no "findings" list; delete it or write without append.`);
  return list.map(normalise).filter((f): f is Finding => f !== undefined && !(f.kind === "annotation" && isPlaceholderNote(f.text)));
}

/**
 * The findings file's JSON: `{ "findings": [...] }`, two-space indented, with a final newline.
 * @example findingsJson(collectFindings())
 */
export function findingsJson(list: readonly Finding[]): string {
  return JSON.stringify({ findings: list }, null, 2) + "\n";
}

/** Whether a later finding replaces an earlier one: the same note (notebook, author, what it is about; the same cell when both know it), or the same sentence. */
function sameFinding(a: Finding, b: Finding): boolean {
  if (a.kind !== b.kind || a.notebook !== b.notebook) return false;
  if (a.kind === "finding") return a.text === b.text && (a.cell === null || b.cell === null || a.cell === b.cell);
  return a.author === b.author && a.about === b.about && (a.cell === null || b.cell === null || a.cell === b.cell);
}

/**
 * Writes findings as a findings file: `{ "findings": [...] }` to `<base>.json` and its Markdown to
 * `<base>.md`, `path` with its extension (.md or .json, or none) replaced by both. With `append`,
 * the findings already in the JSON file are kept (a new one replaces an earlier one it repeats).
 * The writer of `writeFindings` and of the report's findings file.
 * @returns the two paths written and the Markdown.
 * @throws DataError when appending to a JSON file that cannot be read as findings.
 * @example writeFindingsFile("output/findings", list, { append: true })
 */
export function writeFindingsFile(
  path: string,
  list: readonly Finding[],
  options: { append?: boolean; title?: string } = {},
): { markdown: string; json: string; text: string } {
  const base = path.replace(/\.(md|json)$/i, "");
  const markdownPath = `${base}.md`;
  const jsonPath = `${base}.json`;
  const fresh = list.filter((f) => !(f.kind === "annotation" && isPlaceholderNote(f.text)));
  const previous = options.append && existsSync(jsonPath) ? readFindings(jsonPath).filter((p) => !fresh.some((f) => sameFinding(p, f))) : [];
  const all = [...previous, ...fresh];
  const text = findingsMarkdown(all, options.title);
  mkdirSync(dirname(markdownPath), { recursive: true });
  writeFileSync(jsonPath, findingsJson(all), "utf8");
  writeFileSync(markdownPath, text, "utf8");
  return { markdown: markdownPath, json: jsonPath, text };
}

/**
 * Writes the notes collected in this process as Markdown and JSON (the findings file's one format,
 * `{ "findings": [...] }`): `path` with its extension (.md or .json, or none) replaced by both. With
 * `append`, findings already in the JSON file (from notebooks run earlier, each in its own kernel,
 * or from the report) are kept and the new ones follow; a note attached again replaces its
 * earlier version. `notebook` records which notebook the notes come from.
 * @returns the two paths written.
 * @throws OptionsError for an unknown option.
 * @throws DataError when appending to a JSON file that cannot be read as findings.
 * @example writeFindings("output/findings.md", { append: true, notebook: "03_baseline.ipynb" })
 */
export function writeFindings(
  path: string,
  options: WriteFindingsOptions = {},
): {
  /** The Markdown file written. */
  markdown: string;
  /** The JSON file written. */
  json: string;
} {
  checkOptions("writeFindings", options, WRITE_FINDINGS_OPTION_KEYS);
  const list = collectFindings().map((f) => ({ ...f, notebook: options.notebook ?? f.notebook }));
  const { markdown, json } = writeFindingsFile(path, list, { append: options.append, title: options.title });
  return { markdown, json };
}
