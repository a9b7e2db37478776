/**
 * Annotations: a workshop participant attaches their own note to a result with `annotate`; notes
 * are kept by a module-level collector and written, with the numbers, to one findings file
 * (Markdown and JSON) when the notebooks are run.
 */
import { DataError, OptionsError } from "../errors";
import { checkOptions } from "../options";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "fs";
import { dirname } from "path";
import type { DisplayBundle } from "../report/display";
import { formatFixed } from "../report/format";
import type { SentenceFit } from "../report/findings";
import { escapeHtml } from "../report/html";
import { escapeMarkdown } from "../report/markdown";
import { optionKeys } from "../report/optionKeys";

/** One collected finding: the result it is attached to, its numbers, and the participant's note. */
export interface Finding {
  /** Number of the note, from 1 in the order the notes were attached (renumbered when files are merged). */
  id: number;
  /** What the note is about: a sentence, a label, or "OLS: y ~ x | fe" for a fit. */
  label: string;
  /** Numbers of the result (for a fit: estimate, se and p of each coefficient, and N). */
  numbers: Record<string, number>;
  /** The participant's note, trimmed. */
  note: string;
  /** Who wrote the note, when given. */
  author?: string;
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
  /** Keep the findings already in the JSON file and add the new ones after them (default false: overwrite). */
  append?: boolean;
  /** Heading of the Markdown file (default "Findings"). */
  title?: string;
}

/** The keys of WriteFindingsOptions, for the options check. */
const WRITE_FINDINGS_OPTION_KEYS = optionKeys<WriteFindingsOptions>()(["append", "title"]);

const findings: Finding[] = [];

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

/** Numbers as "name = value, …": integers as they are, others with 4 decimals. */
function numbersText(numbers: Record<string, number>): string {
  return Object.entries(numbers)
    .map(([k, v]) => `${k} = ${Number.isInteger(v) ? String(v) : formatFixed(v, 4)}`)
    .join(", ");
}

/**
 * Attaches a participant's note to a result and collects it. Returns a display bundle that shows
 * the result and the note side by side (pass it to `show`).
 * @throws OptionsError for an empty note.
 * @example show(annotate(describeEffect(fit), "Larger than I expected for the north-east.", "Li Lei"))
 */
export function annotate(resultOrLabel: Annotatable, note: string, author?: string): DisplayBundle {
  if (typeof note !== "string" || note.trim() === "") throw new OptionsError("annotate: write a note (a non-empty string).");
  const { label, numbers } = describeTarget(resultOrLabel);
  const finding: Finding = { id: findings.length + 1, label, numbers, note: note.trim(), ...(author ? { author } : {}) };
  findings.push(finding);
  const by = author ? ` — ${author}` : "";
  const numbersLine = Object.keys(numbers).length > 0 ? numbersText(numbers) : "";
  const html =
    `<div class="kit-annotation" style="display:flex;gap:12px;align-items:stretch;margin:6px 0;font-size:13px;">` +
    `<div style="flex:1;padding:6px 10px;border-left:3px solid #0072B2;background:#f5f8fb;">` +
    `<div>${escapeHtml(label)}</div>${numbersLine ? `<div style="color:#555;font-size:11px;margin-top:4px;">${escapeHtml(numbersLine)}</div>` : ""}</div>` +
    `<div style="flex:1;padding:6px 10px;border-left:3px solid #E69F00;background:#fff8e6;">` +
    `<div style="font-weight:bold;font-size:11px;color:#8a6500;">Note #${finding.id}${escapeHtml(by)}</div><div>${escapeHtml(finding.note)}</div></div>` +
    `</div>`;
  const markdown = `${escapeMarkdown(label)}${numbersLine ? `  \n*${escapeMarkdown(numbersLine)}*` : ""}\n\n> **Note #${finding.id}${escapeMarkdown(by)}:** ${escapeMarkdown(finding.note)}\n`;
  const plain = `${label}${numbersLine ? `\n  ${numbersLine}` : ""}\nNote #${finding.id}${by}: ${finding.note}`;
  return { "text/html": html, "text/markdown": markdown, "text/plain": plain, kit: { kind: "annotation", text: finding.note, about: label, ...(author ? { author } : {}) } };
}

/**
 * The findings collected so far in this process (copies).
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

/**
 * The findings as a Markdown document: a heading, then per finding its label, its numbers and the
 * note as a quote (with the author).
 * @example findingsMarkdown(collectFindings(), "Workshop notes")
 */
export function findingsMarkdown(list: Finding[], title = "Findings"): string {
  const out = [`# ${title}`, ""];
  if (list.length === 0) out.push("No notes were attached.", "");
  for (const f of list) {
    out.push(`## ${f.id}. ${escapeMarkdown(f.label)}`, "");
    if (Object.keys(f.numbers).length > 0) out.push(`Numbers: ${escapeMarkdown(numbersText(f.numbers))}`, "");
    out.push(`> ${escapeMarkdown(f.note)}${f.author ? ` — ${escapeMarkdown(f.author)}` : ""}`, "");
  }
  return out.join("\n");
}

/** The findings in a findings JSON file written earlier. @throws DataError when the file is not JSON. */
function previousFindings(jsonPath: string): Finding[] {
  let previous: { findings?: Finding[] };
  try {
    previous = JSON.parse(readFileSync(jsonPath, "utf8")) as { findings?: Finding[] };
  } catch (error) {
    throw new DataError(`writeFindings: ${jsonPath} is not a findings file (${(error as Error).message}); delete it or write without append.`);
  }
  return previous.findings ?? [];
}

/**
 * Writes the collected findings as Markdown and JSON: `path` with its extension (.md or .json, or
 * none) replaced by both. With `append`, findings already in the JSON file (from notebooks run
 * earlier, each in its own kernel) are kept and the new ones follow, renumbered.
 * @returns the two paths written.
 * @throws OptionsError for an unknown option.
 * @throws DataError when appending to a JSON file that cannot be parsed.
 * @example writeFindings("output/findings.md", { append: true })
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
  const base = path.replace(/\.(md|json)$/i, "");
  const markdownPath = `${base}.md`;
  const jsonPath = `${base}.json`;
  let list = collectFindings();
  if (options.append && existsSync(jsonPath)) list = [...previousFindings(jsonPath), ...list];
  list = list.map((f, k) => ({ ...f, id: k + 1 }));
  mkdirSync(dirname(markdownPath), { recursive: true });
  writeFileSync(jsonPath, JSON.stringify({ findings: list }, null, 2) + "\n", "utf8");
  writeFileSync(markdownPath, findingsMarkdown(list, options.title), "utf8");
  return { markdown: markdownPath, json: jsonPath };
}
