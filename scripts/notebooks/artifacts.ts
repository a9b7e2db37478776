/**
 * Pulls the kit's artifacts out of an executed notebook's display outputs. The display helpers
 * of lib/report tag what they show with `metadata.kit = { kind, id, ... }`; the runner writes each
 * table in every format it carries, each figure as an HTML page (and its static PNG, when the
 * output has one), and gathers the findings and the participants' annotations — so a notebook
 * never writes files itself. Annotations that are still a placeholder
 * (scripts/notebooks/placeholders.ts) are left out.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { KitTag } from "../../lib/report/display";
import { findingsMarkdown as findingsDocument, type Finding } from "../../lib/workshop/annotations";
import type { Notebook, Output } from "./ipynb";
import { isPlaceholderAnnotation } from "./placeholders";

/** An output's kit tag: the display helpers' KitTag, plus what `annotate` adds (the numbers, a placeholder mark). */
export type KitMetadata = KitTag & { numbers?: Record<string, number>; placeholder?: boolean };

export interface Artifact {
  notebook: string;
  kind: KitMetadata["kind"];
  id: string;
  title: string;
  files: string[];
  /** The number of the cell that showed it, from 1, counting every cell. */
  cell?: number;
  text?: string;
  author?: string;
  about?: string;
  /** The numbers an annotation carries (a fit's estimates, SEs, p-values and N). */
  numbers?: Record<string, number>;
  /** A check's verdict. */
  status?: KitMetadata["status"];
}

const TABLE_FORMATS: Record<string, string> = { "text/html": "html", "text/markdown": "md", "text/latex": "tex", "text/csv": "csv" };

/** The kit tag of a display output, if it has one. */
export function kitOf(output: Output): KitMetadata | undefined {
  if (output.output_type !== "display_data") return undefined;
  const kit = (output.metadata as { kit?: KitMetadata }).kit;
  return kit && typeof kit.kind === "string" ? kit : undefined;
}

function text(value: unknown): string {
  return Array.isArray(value) ? value.join("") : String(value);
}

/**
 * A standalone page for one plotly figure; the bundle sits beside it (offline). With `imageHref`
 * (the figure's static PNG) the image shows until Plotly has drawn, and where scripts are blocked.
 */
export function figurePage(spec: unknown, title: string, bundleHref: string, imageHref?: string): string {
  const image = imageHref ? `<img src="${escapeHtml(imageHref)}" alt="${escapeHtml(title)}" style="max-width:100%;height:auto">` : "";
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><script src="${bundleHref}"></script></head>
<body><div id="figure" class="plotly-figure" style="width:100%;height:90vh">${image}</div>
<script>const spec = ${JSON.stringify(spec).replace(/</g, "\\u003c")}; if (window.Plotly) { document.getElementById("figure").innerHTML = ""; Plotly.newPlot("figure", spec.data, spec.layout, spec.config || {}); }</script>
</body></html>
`;
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/**
 * What one executed notebook shows through the kit's tags: tables and figures (written under
 * outDir when it is given), computed findings, annotations (placeholders left out) and checks,
 * each with the number of its cell.
 */
export function extractArtifacts(notebook: Notebook, name: string, outDir?: string): Artifact[] {
  const found: Artifact[] = [];
  const stem = name.replace(/\.ipynb$/, "");
  let counter = 0;
  for (const [index, cell] of notebook.cells.entries()) {
    for (const output of cell.outputs ?? []) {
      const kit = kitOf(output);
      if (!kit || output.output_type !== "display_data") continue;
      counter++;
      if (kit.kind === "annotation" && isPlaceholderAnnotation(kit)) continue;
      const id = kit.id ?? `${stem}-${counter}`;
      const title = kit.title ?? id;
      const where = { notebook: name, id, title, cell: index + 1 };
      if (kit.kind === "table") {
        const files = outDir ? writeTable(output.data, id, outDir) : [];
        found.push({ ...where, kind: "table", files });
      } else if (kit.kind === "figure") {
        const spec = output.data["application/vnd.plotly.v1+json"];
        if (spec === undefined) continue;
        const files = outDir ? writeFigure(spec, output.data["image/png"], id, title, outDir) : [];
        found.push({ ...where, kind: "figure", files });
      } else {
        const shown = kit.text ?? text(output.data["text/markdown"] ?? output.data["text/plain"] ?? "");
        found.push({ ...where, kind: kit.kind, files: [], text: shown, author: kit.author, about: kit.about, numbers: kit.numbers, status: kit.status });
      }
    }
  }
  return found;
}

/**
 * Writes a figure's page under outDir/figures and, when the output carries one, its static image
 * beside it (`<id>.png`, for thumbnails); returns the files written (relative to outDir), the page first.
 */
function writeFigure(spec: unknown, png: unknown, id: string, title: string, outDir: string): string[] {
  mkdirSync(join(outDir, "figures"), { recursive: true });
  const page = join("figures", `${id}.html`);
  const image = typeof png === "string" ? join("figures", `${id}.png`) : undefined;
  if (image) writeFileSync(join(outDir, image), new Uint8Array(Buffer.from(png as string, "base64")));
  writeFileSync(join(outDir, page), figurePage(spec, title, "../plotly.js", image ? `${id}.png` : undefined));
  return image ? [page, image] : [page];
}

/** Writes a table's formats under outDir/tables; returns the files written (relative to outDir). */
function writeTable(data: Record<string, unknown>, id: string, outDir: string): string[] {
  mkdirSync(join(outDir, "tables"), { recursive: true });
  const files: string[] = [];
  for (const [mime, extension] of Object.entries(TABLE_FORMATS)) {
    if (data[mime] === undefined) continue;
    const file = join("tables", `${id}.${extension}`);
    writeFileSync(join(outDir, file), text(data[mime]));
    files.push(file);
  }
  return files;
}

/** The computed findings and annotations among the artifacts, as entries of the findings file (placeholders left out). */
export function artifactsToFindings(artifacts: readonly Artifact[]): Finding[] {
  return artifacts
    .filter((a) => a.kind === "finding" || (a.kind === "annotation" && !isPlaceholderAnnotation(a)))
    .map((a) => ({
      kind: a.kind as Finding["kind"],
      notebook: a.notebook,
      cell: a.cell ?? null,
      author: a.kind === "annotation" ? a.author || null : null,
      about: a.kind === "annotation" ? a.about || null : null,
      text: (a.text ?? "").trim(),
      numbers: { ...(a.numbers ?? {}) },
    }));
}

/** The findings file's Markdown: computed findings and participants' annotations, notebook by notebook. */
export function findingsMarkdown(artifacts: readonly Artifact[]): string {
  return findingsDocument(artifactsToFindings(artifacts));
}
