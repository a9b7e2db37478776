/**
 * Static HTML for the executed notebooks and the report index: readable offline from the file
 * system, with figures drawn by the plotly bundle copied once to output/plotly.js and math typeset
 * by KaTeX at build time (its stylesheet and fonts copied once to output/katex/, no script).
 */
import { escapeHtml } from "./artifacts";
import { sourceText, type Notebook, type Output } from "./ipynb";
import { katexLink, markdownToHtml } from "./markdown";

export { indexPage } from "./reportIndex";

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
    const png = data["image/png"]; // the static image replicate rendered: shown until Plotly draws, or where scripts are blocked
    const image = typeof png === "string" ? `<img src="data:image/png;base64,${png}" alt="" style="max-width:100%;height:auto">` : "";
    return `<div id="${id}" class="plotly-figure" style="width:100%;min-height:420px">${image}</div>
<script>(function(){const s=${JSON.stringify(spec).replace(/</g, "\\u003c")};if(!window.Plotly)return;document.getElementById(${JSON.stringify(id)}).innerHTML="";Plotly.newPlot(${JSON.stringify(id)},s.data,s.layout,s.config||{});})();</script>`;
  }
  if (data["text/html"] !== undefined) return joinText(data["text/html"]);
  if (data["text/markdown"] !== undefined) return markdownToHtml(joinText(data["text/markdown"]));
  if (data["text/plain"] !== undefined) return `<pre>${escapeHtml(joinText(data["text/plain"]))}</pre>`;
  return "";
}

/** One executed notebook as a static page; `katexHref` is where its math's stylesheet lies (see katexAssets). */
export function notebookPage(notebook: Notebook, title: string, bundleHref: string, katexHref = "../katex/katex.min.css"): string {
  const figureIndex = { next: 0 };
  const body = notebook.cells
    .map((cell) => {
      if (cell.cell_type === "markdown") return markdownToHtml(sourceText(cell));
      if (cell.cell_type !== "code") return "";
      const outputs = (cell.outputs ?? []).map((o) => renderOutput(o, figureIndex)).join("\n");
      return `<pre class="code">${escapeHtml(sourceText(cell))}</pre>\n<div class="output">${outputs}</div>`;
    })
    .join("\n");
  const script = figureIndex.next > 0 ? `<script src="${bundleHref}"></script>` : "";
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>${katexLink(body, katexHref)}<style>${STYLE}</style>${script}</head>
<body><div class="banner">Simulated data: the paper's data is not public; this run uses the kit's simulated panel with known true effects.</div>
${body}</body></html>
`;
}
