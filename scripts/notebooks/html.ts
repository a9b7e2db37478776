/**
 * Static HTML for the executed notebooks and the report index: readable offline from the file
 * system, with figures drawn by the plotly bundle copied once to output/plotly.js.
 */
import { marked } from "marked";
import { escapeHtml, type Artifact } from "./artifacts";
import { sourceText, type Notebook, type Output } from "./ipynb";

const STYLE = `body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;line-height:1.5;color:#222}
pre{background:#f6f8fa;padding:.6em;overflow-x:auto;font-size:.85em}pre.code{border-left:3px solid #4a7}
pre.stderr{background:#fff0f0}.output{margin:.3em 0 1.2em 0}table{border-collapse:collapse}td,th{padding:.15em .6em}
.banner{background:#fff7d6;border:1px solid #e6c200;padding:.5em 1em;margin-bottom:1em}`;

function joinText(value: unknown): string {
  return Array.isArray(value) ? value.join("") : String(value ?? "");
}

function renderOutput(output: Output, figureIndex: { next: number }): string {
  if (output.output_type === "stream") return `<pre class="${output.name}">${escapeHtml(output.text.join(""))}</pre>`;
  if (output.output_type === "error") return `<pre class="stderr">${escapeHtml(`${output.ename}: ${output.evalue}`)}</pre>`;
  const data = output.data;
  const spec = data["application/vnd.plotly.v1+json"];
  if (spec !== undefined) {
    const id = `figure-${figureIndex.next++}`;
    return `<div id="${id}" class="plotly-figure" style="width:100%;min-height:420px"></div>
<script>(function(){const s=${JSON.stringify(spec).replace(/</g, "\\u003c")};Plotly.newPlot(${JSON.stringify(id)},s.data,s.layout,s.config||{});})();</script>`;
  }
  if (data["text/html"] !== undefined) return joinText(data["text/html"]);
  if (data["text/markdown"] !== undefined) return marked.parse(joinText(data["text/markdown"])) as string;
  if (data["text/plain"] !== undefined) return `<pre>${escapeHtml(joinText(data["text/plain"]))}</pre>`;
  return "";
}

/** One executed notebook as a static page. */
export function notebookPage(notebook: Notebook, title: string, bundleHref: string): string {
  const figureIndex = { next: 0 };
  const body = notebook.cells
    .map((cell) => {
      if (cell.cell_type === "markdown") return marked.parse(sourceText(cell)) as string;
      if (cell.cell_type !== "code") return "";
      const outputs = (cell.outputs ?? []).map((o) => renderOutput(o, figureIndex)).join("\n");
      return `<pre class="code">${escapeHtml(sourceText(cell))}</pre>\n<div class="output">${outputs}</div>`;
    })
    .join("\n");
  const script = figureIndex.next > 0 ? `<script src="${bundleHref}"></script>` : "";
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${STYLE}</style>${script}</head>
<body><div class="banner">Simulated data: the paper's data is not public; this run uses the kit's simulated panel with known true effects.</div>
${body}</body></html>
`;
}

/** The report's front page, linking every notebook, table, figure and the findings. */
export function indexPage(notebooks: { name: string; title: string }[], artifacts: Artifact[], findings: string, meta: { elapsedMs: number; full: boolean }): string {
  const list = (items: string[]) => `<ul>${items.map((i) => `<li>${i}</li>`).join("")}</ul>`;
  const nbItems = notebooks.map((n) => {
    const stem = n.name.replace(/\.ipynb$/, "");
    return `<a href="notebooks/${stem}.html">${escapeHtml(n.title)}</a> (<a href="notebooks/${n.name}">ipynb</a>)`;
  });
  const tables = artifacts.filter((a) => a.kind === "table").map((a) => `${escapeHtml(a.title)} — ${a.files.map((f) => `<a href="${f}">${f.split(".").pop()}</a>`).join(" · ")} <small>(${a.notebook})</small>`);
  const figures = artifacts.filter((a) => a.kind === "figure").map((a) => `<a href="${a.files[0]}">${escapeHtml(a.title)}</a> <small>(${a.notebook})</small>`);
  return `<!doctype html><html><head><meta charset="utf-8"><title>Replication report: AI and urban shrinkage</title><style>${STYLE}</style></head><body>
<h1>How can artificial intelligence mitigate urban shrinkage? — replication report</h1>
<div class="banner">Simulated data: the paper's data is not public. Every number here comes from the kit's simulated panel of the 287 cities, whose true effects are known (data/truth.json).</div>
<p>Resampling counts: ${meta.full ? "publication grade (--full)" : "fast defaults"}. Run time: ${(meta.elapsedMs / 1000).toFixed(1)} s.</p>
<h2>Notebooks</h2>${list(nbItems)}
<h2>Tables</h2>${tables.length ? list(tables) : "<p>None.</p>"}
<h2>Figures</h2>${figures.length ? list(figures) : "<p>None.</p>"}
<h2>Findings</h2><p><a href="findings.md">findings.md</a> · <a href="findings.json">findings.json</a></p>${marked.parse(findings) as string}
</body></html>
`;
}
