/**
 * Pulls the kit's artifacts out of an executed notebook's display outputs. The display helpers
 * of lib/report tag what they show with `metadata.kit = { kind, id, ... }`; the runner writes each
 * table in every format it carries, each figure as an HTML page, and gathers the findings and
 * the participants' annotations — so a notebook never writes files itself.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { KitTag } from "../../lib/report/display";
import type { Notebook, Output } from "./ipynb";

export type KitMetadata = KitTag;

export interface Artifact {
  notebook: string;
  kind: KitMetadata["kind"];
  id: string;
  title: string;
  files: string[];
  text?: string;
  author?: string;
  about?: string;
}

const TABLE_FORMATS: Record<string, string> = { "text/html": "html", "text/markdown": "md", "text/latex": "tex", "text/csv": "csv" };

function kitOf(output: Output): KitMetadata | undefined {
  if (output.output_type !== "display_data") return undefined;
  const kit = (output.metadata as { kit?: KitMetadata }).kit;
  return kit && typeof kit.kind === "string" ? kit : undefined;
}

function text(value: unknown): string {
  return Array.isArray(value) ? value.join("") : String(value);
}

/** A standalone page for one plotly figure; the bundle sits beside it (offline). */
export function figurePage(spec: unknown, title: string, bundleHref: string): string {
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><script src="${bundleHref}"></script></head>
<body><div id="figure" class="plotly-figure" style="width:100%;height:90vh"></div>
<script>const spec = ${JSON.stringify(spec).replace(/</g, "\\u003c")}; Plotly.newPlot("figure", spec.data, spec.layout, spec.config || {});</script>
</body></html>
`;
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** Writes the tables and figures of one executed notebook under outDir; returns what was found. */
export function extractArtifacts(notebook: Notebook, name: string, outDir: string): Artifact[] {
  const found: Artifact[] = [];
  const stem = name.replace(/\.ipynb$/, "");
  let counter = 0;
  for (const cell of notebook.cells) {
    for (const output of cell.outputs ?? []) {
      const kit = kitOf(output);
      if (!kit || output.output_type !== "display_data") continue;
      counter++;
      const id = kit.id ?? `${stem}-${counter}`;
      const title = kit.title ?? id;
      if (kit.kind === "table") {
        mkdirSync(join(outDir, "tables"), { recursive: true });
        const files: string[] = [];
        for (const [mime, extension] of Object.entries(TABLE_FORMATS)) {
          if (output.data[mime] === undefined) continue;
          const file = join("tables", `${id}.${extension}`);
          writeFileSync(join(outDir, file), text(output.data[mime]));
          files.push(file);
        }
        found.push({ notebook: name, kind: "table", id, title, files });
      } else if (kit.kind === "figure") {
        const spec = output.data["application/vnd.plotly.v1+json"];
        if (spec === undefined) continue;
        mkdirSync(join(outDir, "figures"), { recursive: true });
        const file = join("figures", `${id}.html`);
        writeFileSync(join(outDir, file), figurePage(spec, title, "../plotly.js"));
        found.push({ notebook: name, kind: "figure", id, title, files: [file] });
      } else {
        found.push({ notebook: name, kind: kit.kind, id, title, files: [], text: kit.text ?? text(output.data["text/markdown"] ?? output.data["text/plain"] ?? ""), author: kit.author, about: kit.about });
      }
    }
  }
  return found;
}

/** The findings file: computed findings and participants' annotations, notebook by notebook. */
export function findingsMarkdown(artifacts: Artifact[]): string {
  const lines = ["# Findings", "", "Computed from the results when the notebooks ran (the data is simulated), with the participants' own notes.", ""];
  let current = "";
  for (const a of artifacts.filter((x) => x.kind === "finding" || x.kind === "annotation")) {
    if (a.notebook !== current) {
      current = a.notebook;
      lines.push(`## ${current}`, "");
    }
    const who = a.kind === "annotation" ? `Note${a.author ? ` by ${a.author}` : ""}${a.about ? ` on ${a.about}` : ""}: ` : "";
    lines.push(`- ${who}${(a.text ?? "").trim()}`);
  }
  return lines.join("\n") + "\n";
}
