/**
 * Markdown for the kit's static pages, with TeX typeset by KaTeX when the page is built: no script
 * and no network at view time, only KaTeX's stylesheet and fonts, copied once into the output folder.
 */
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { Marked } from "marked";
import markedKatex from "marked-katex-extension";

/**
 * KaTeX's options: a formula it cannot parse is shown in red instead of thrown; HTML only (no
 * MathML copy, a fifth smaller). Typed here because KaTeX declares its types only under `exports`,
 * which this project's module resolution (node10) does not read.
 */
const KATEX_OPTIONS: Parameters<typeof markedKatex>[0] & { throwOnError: boolean; output: "html" } = { throwOnError: false, output: "html" };

/** A Markdown renderer of its own (the global `marked` stays as it is) with `$…$` and `$$…$$` typeset by KaTeX. */
const markdown = new Marked().use(markedKatex(KATEX_OPTIONS));

/**
 * Markdown as HTML with its TeX typeset by KaTeX. Jupyter reads `$$…$$` as display math anywhere;
 * the extension wants a space before an opening `$$` inside a paragraph, so one is added where
 * `$$` opens a line. A formula KaTeX cannot parse is shown as its source in red, not thrown.
 * @example markdownToHtml("$$\\mathrm{ai\\_iv}_{it}$$") // '<p><span class="katex-display">…'
 */
export function markdownToHtml(source: string): string {
  return markdown.parse(source.replace(/\n\$\$/g, "\n $$$$")) as string;
}

/** The files the pages' math needs, to copy once into the output folder: KaTeX's stylesheet and its WOFF2 fonts (the first format its CSS lists). */
export function katexAssets(): { from: string; path: string }[] {
  const dist = dirname(require.resolve("katex/dist/katex.min.css"));
  const fonts = readdirSync(join(dist, "fonts")).filter((f) => f.endsWith(".woff2")).sort();
  return [{ from: join(dist, "katex.min.css"), path: "katex/katex.min.css" }, ...fonts.map((f) => ({ from: join(dist, "fonts", f), path: `katex/fonts/${f}` }))];
}

/** The stylesheet link a page needs when its HTML holds typeset math (nothing otherwise). */
export function katexLink(html: string, href: string): string {
  return html.includes('class="katex') ? `<link rel="stylesheet" href="${href}">` : "";
}
