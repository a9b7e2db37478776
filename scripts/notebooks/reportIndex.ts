/**
 * The report's front page (output/index.html), notebook by notebook: each notebook's heading links
 * its page, then come its computed findings, its tables (each linked by its own title, its other
 * formats beside it) and its figures (each linked by its own title, with a thumbnail when the
 * runner saved a PNG of it). Every heading appears once and every link has its own text: a title
 * shared by two artifacts gets its notebook added, and then its id.
 */
import { studyData, type StudyData } from "../../lib/study/dataSource";
import { REAL_DATA_PREFIX, SIMULATED_DATA_CAPTION } from "../../lib/study/reportDefaults";
import type { ResamplingLevel } from "../../lib/workshop/budget";
import { escapeHtml, type Artifact } from "./artifacts";
import { markdownToHtml } from "./markdown";

/** A notebook of the report: its file name and its title (the first heading). */
export interface IndexNotebook {
  name: string;
  title: string;
}

const STYLE = `body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;line-height:1.5;color:#222}h1{font-size:1.6em}
.banner{background:#fff7d6;border:1px solid #e6c200;padding:.5em 1em;margin-bottom:1em}
section{border-top:1px solid #ddd;margin-top:1.5em}h2 a{color:inherit}p.kind{font-weight:600;margin:.8em 0 .2em}
ul.findings li{margin-bottom:.3em}.formats{color:#555;font-size:.9em}
.figures{display:flex;flex-wrap:wrap;gap:12px;align-items:flex-start}.card{display:block;width:230px;text-decoration:none;border:1px solid #ddd;padding:6px;color:#1a4f8b}
.card img{display:block;width:100%;height:auto;border-bottom:1px solid #eee;margin-bottom:4px}`;

const FORMAT_NAMES: Record<string, string> = { md: "Markdown", tex: "LaTeX", csv: "CSV", html: "HTML" };

/** A figure's or table's title without the data caption the study's figures carry (the banner says it once). */
function cleanTitle(title: string): string {
  let text = title.trim();
  for (const caption of [SIMULATED_DATA_CAPTION.en, SIMULATED_DATA_CAPTION.zh]) if (text.endsWith(caption)) text = text.slice(0, -caption.length).trim();
  for (const prefix of [REAL_DATA_PREFIX.en, REAL_DATA_PREFIX.zh]) {
    const at = text.lastIndexOf(prefix); // "Real data: <path>" runs to the end of the title
    if (at > 0) text = text.slice(0, at).trim();
  }
  return text;
}

/** "3 · Baseline: two-way fixed effects" → "3 · Baseline". */
function shortTitle(title: string): string {
  return title.split(":")[0].trim();
}

/**
 * A link text per table and figure, different from every other: its title; when another artifact
 * has the same title, its notebook's short title is added, and if that is not enough, its id.
 */
function linkTexts(artifacts: Artifact[], titleOf: (notebook: string) => string): Map<Artifact, string> {
  const texts = new Map(artifacts.map((a) => [a, cleanTitle(a.title)] as [Artifact, string]));
  const disambiguate = (add: (a: Artifact) => string) => {
    const count = new Map<string, number>();
    for (const t of texts.values()) count.set(t, (count.get(t) ?? 0) + 1);
    for (const [a, t] of texts) if ((count.get(t) ?? 0) > 1) texts.set(a, `${t} — ${add(a)}`);
  };
  disambiguate((a) => shortTitle(titleOf(a.notebook)));
  disambiguate((a) => a.id);
  return texts;
}

/** The findings Markdown (lib/workshop findingsMarkdown) split by its "## <notebook>" sections, the document's own heading left out. */
function findingsByNotebook(findings: string): Map<string, string> {
  const sections = new Map<string, string>();
  const parts = findings.split(/^## (.+)$/m);
  for (let k = 1; k + 1 < parts.length; k += 2) if (parts[k + 1].trim() !== "") sections.set(parts[k].trim(), parts[k + 1].trim());
  return sections;
}

function tableItem(a: Artifact, text: string): string {
  const main = a.files.find((f) => f.endsWith(".html")) ?? a.files[0];
  const others = a.files.filter((f) => f !== main);
  const link = main ? `<a href="${escapeHtml(main)}">${escapeHtml(text)}</a>` : escapeHtml(text);
  const formats = others.map((f) => {
    const name = FORMAT_NAMES[f.split(".").pop() ?? ""] ?? f;
    return `<a href="${escapeHtml(f)}" aria-label="${escapeHtml(`${text} as ${name}`)}">${name}</a>`;
  });
  return `<li>${link}${formats.length ? ` <span class="formats">also as ${formats.join(" · ")}</span>` : ""}</li>`;
}

function figureCard(a: Artifact, text: string): string {
  const page = a.files.find((f) => f.endsWith(".html")) ?? a.files[0];
  const png = a.files.find((f) => f.endsWith(".png"));
  const thumbnail = png ? `<img src="${escapeHtml(png)}" alt="" loading="lazy">` : "";
  const label = `<span>${escapeHtml(text)}</span>`;
  return page ? `<a class="card" href="${escapeHtml(page)}">${thumbnail}${label}</a>` : `<div class="card">${thumbnail}${label}</div>`;
}

/** One notebook's section: its heading (linking its page), the .ipynb file, its findings, tables and figures. */
function notebookSection(n: IndexNotebook, artifacts: Artifact[], texts: Map<Artifact, string>, findings: string | undefined): string {
  const stem = n.name.replace(/\.ipynb$/, "");
  const tables = artifacts.filter((a) => a.kind === "table");
  const figures = artifacts.filter((a) => a.kind === "figure");
  const parts = [
    `<section id="${escapeHtml(stem)}">`,
    `<h2><a href="notebooks/${escapeHtml(stem)}.html">${escapeHtml(n.title)}</a></h2>`,
    `<p>The executed notebook, to open in Jupyter: <a href="notebooks/${escapeHtml(n.name)}" aria-label="${escapeHtml(`${n.title}: the executed notebook file`)}">${escapeHtml(n.name)}</a></p>`,
  ];
  if (findings) parts.push(`<p class="kind">Findings</p>`, markdownToHtml(findings).replace("<ul>", '<ul class="findings">'));
  if (tables.length) parts.push(`<p class="kind">Tables</p><ul>${tables.map((a) => tableItem(a, texts.get(a) ?? a.title)).join("")}</ul>`);
  if (figures.length) parts.push(`<p class="kind">Figures</p><div class="figures">${figures.map((a) => figureCard(a, texts.get(a) ?? a.title)).join("")}</div>`);
  parts.push("</section>");
  return parts.join("\n");
}

/** The banner naming the data: the simulated panel, or "Real data: <path>" for a user's panel (KIT_PANEL). */
function dataBanner(data: StudyData): string {
  if (data.simulated) {
    return "Simulated data: the paper's data is not public. Every number here comes from the kit's simulated panel of the 287 cities, whose true effects are known (data/truth.json).";
  }
  return `Real data: ${data.panelPath} (selected by KIT_PANEL). Every notebook that reads a panel read this one, and each says so under its first code cell; the comparisons with the simulation's truth were skipped, each with a line saying why. Notebooks that study the kit's simulation itself (the cleaning demonstration, the Monte Carlo lessons) say so too.`;
}

/** How the index page names a run's resampling counts. */
const RESAMPLING_WORDS: Record<ResamplingLevel, string> = {
  fast: "fast defaults",
  full: "publication grade (--full)",
  smoke: "smoke (--smoke: every cell ran with a tenth of the draws; the resampled numbers are not for reading)",
};

/**
 * The report's front page: the banner naming the data (simulated, or "Real data: <path>"), how the run was made, then a section per
 * notebook (findings, tables, figures), and the notes of no notebook of the report, if any.
 * `findings` is the findings file's Markdown (one "## <notebook file>" section per notebook);
 * `meta.data` is the data the notebooks ran on (default: `studyData()`, i.e. KIT_PANEL);
 * `meta.validation`, the sentence on the value audit's page (validation.html), or on why there is none.
 */
export function indexPage(notebooks: IndexNotebook[], artifacts: Artifact[], findings: string, meta: { elapsedMs: number; resampling: ResamplingLevel; data?: StudyData; validation?: string }): string {
  const titles = new Map(notebooks.map((n) => [n.name, n.title]));
  const shown = artifacts.filter((a) => a.kind === "table" || a.kind === "figure");
  const texts = linkTexts(shown, (name) => titles.get(name) ?? name);
  const byNotebook = findingsByNotebook(findings);
  const sections = notebooks.map((n) => notebookSection(n, shown.filter((a) => a.notebook === n.name), texts, byNotebook.get(n.name)));
  const others = [...byNotebook].filter(([name]) => !titles.has(name));
  if (others.length) sections.push(`<section id="other-notes">\n<h2>Notes from other notebook sessions</h2>\n${others.map(([name, body]) => `<p class="kind">${escapeHtml(name)}</p>\n${markdownToHtml(body)}`).join("\n")}\n</section>`);
  const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;
  const counts = `${count(notebooks.length, "notebook")}, ${count(shown.filter((a) => a.kind === "table").length, "table")}, ${count(shown.filter((a) => a.kind === "figure").length, "figure")}`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Replication report: AI and urban shrinkage</title><style>${STYLE}</style></head><body>
<h1>How can artificial intelligence mitigate urban shrinkage? — replication report</h1>
<div class="banner">${escapeHtml(dataBanner(meta.data ?? studyData()))}</div>
<p>${counts}. Resampling counts: ${RESAMPLING_WORDS[meta.resampling]}. Run time: ${(meta.elapsedMs / 1000).toFixed(1)} s. Every finding in one file: <a href="findings.md">findings.md</a> (Markdown) and <a href="findings.json">findings.json</a> (JSON).</p>
${meta.validation ? `<p>${meta.validation}</p>` : ""}
${sections.join("\n")}
</body></html>
`;
}
