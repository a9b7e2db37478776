/**
 * Display bundles: the plotly.js bundle is inlined exactly once per process across figures (never a
 * CDN), figures keep their spec in the plotly MIME type, standalone HTML files carry the bundle,
 * tables carry HTML and Markdown, and `show` returns the bundle outside a kernel — also when the
 * library is compiled and run by tslab's own executor, as in a notebook cell.
 */
import assert from "node:assert/strict";
import { runInTslab } from "./helpers/tslab";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { figureBundle, figureHtml, PLOTLY_MIME, plotlyBundleFor, plotlyBundlePath, resetPlotlyBundle, saveFigureHtml, show, displayTable } from "../lib/report/display";
import { coefficientPlot } from "../lib/report/figures/coefficientPlot";
import { placeboPlot } from "../lib/report/figures/placeboPlot";
import { toHtml } from "../lib/report/html";
import { toMarkdown } from "../lib/report/markdown";
import { buildDefinitionTable } from "../lib/report/definitions";
import { useStudyDefaults } from "../lib/study/reportDefaults";
import { tempDir } from "./helpers/tempDir";

useStudyDefaults(); // the definition table lists the study's codebook

const BUNDLE_MARK = readFileSync(plotlyBundlePath(), "utf8").slice(0, 200);

function count(haystack: string, needle: string): number {
  let n = 0;
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + needle.length)) n++;
  return n;
}

const specA = coefficientPlot([{ estimate: -0.2, lower: -0.3, upper: -0.1, label: "2SLS" }]);
const specB = placeboPlot({ draws: [0.01, -0.02, 0.03], estimate: -0.05 });

describe("figure bundles", () => {
  it("inline the plotly bundle exactly once across two figures, and again after a reset", () => {
    resetPlotlyBundle();
    const first = figureBundle(specA);
    const second = figureBundle(specB);
    assert.equal(count(first["text/html"] + second["text/html"], BUNDLE_MARK), 1);
    assert.equal(count(first["text/html"], BUNDLE_MARK), 1, "the first figure carries it");
    assert.ok(second["text/html"].length < 100_000, "the second figure only references the loaded Plotly");
    resetPlotlyBundle();
    assert.equal(count(figureBundle(specA)["text/html"], BUNDLE_MARK), 1);
  });

  it("never load plotly from the network", () => {
    resetPlotlyBundle();
    const html = figureBundle(specA)["text/html"] + figureBundle(specB)["text/html"];
    assert.ok(!/<script[^>]*\bsrc=/i.test(html), "no external script");
    // Outside the inlined bundle itself (whose source mentions URLs for geo traces we never use), no URL at all.
    const bundleEnd = html.indexOf("}).call(window);</script>");
    assert.ok(bundleEnd > 0);
    assert.ok(!/https?:/.test(html.slice(bundleEnd)), "the figure code refers to no URL");
  });

  it("carry the spec in the plotly MIME type and draw it into their own element", () => {
    const bundle = figureBundle(specB, { id: "fig-test" });
    assert.deepEqual(bundle[PLOTLY_MIME].data, specB.data);
    assert.deepEqual(bundle[PLOTLY_MIME].layout, specB.layout);
    assert.equal(bundle[PLOTLY_MIME].config.displaylogo, false);
    assert.ok(bundle["text/html"].includes('<div id="fig-test"'));
    assert.ok(bundle["text/html"].includes('document.getElementById("fig-test")'));
    assert.ok(bundle["text/html"].includes("Plotly.newPlot"));
  });

  it("escape '<' in the embedded JSON so a label cannot close the script", () => {
    const spec = coefficientPlot([{ estimate: 1, lower: 0, upper: 2, label: "</script><b>" }]);
    const html = figureBundle(spec, { id: "x" })["text/html"];
    const script = html.slice(html.lastIndexOf("<script"));
    assert.equal(count(script, "</script"), 1, "only the closing tag itself");
  });

  it("give each figure a different element id", () => {
    assert.notEqual(figureBundle(specA)["text/html"].match(/id="([^"]+)"/)?.[1], figureBundle(specA)["text/html"].match(/id="([^"]+)"/)?.[1]);
  });
});

describe("which plotly bundle, and static images", () => {
  const FULL_MARK = readFileSync(plotlyBundlePath("full"), "utf8").slice(0, 200);
  const geo = { data: [{ type: "scattergeo", lon: [100], lat: [30] }], layout: {} } as never;

  it("inline the 1.5 MB cartesian bundle for the kit's traces, the full one for a trace type outside it", () => {
    assert.match(plotlyBundlePath(), /plotly\.js-cartesian-dist-min[\\/]plotly-cartesian\.min\.js$/);
    assert.ok(readFileSync(plotlyBundlePath(), "utf8").length < 1_600_000);
    assert.equal(plotlyBundleFor([specA, specB]), "cartesian");
    assert.equal(plotlyBundleFor([specA, geo]), "full");
    assert.equal(plotlyBundleFor([{ data: [{ x: [1], y: [2] }] } as never]), "cartesian", "a trace without a type is a scatter");
    resetPlotlyBundle();
    const first = figureBundle(specA)["text/html"];
    const needsFull = figureBundle(geo)["text/html"];
    const after = figureBundle(geo)["text/html"] + figureBundle(specB)["text/html"];
    assert.deepEqual([count(first, BUNDLE_MARK), count(first, FULL_MARK)], [1, 0]);
    assert.deepEqual([count(needsFull, BUNDLE_MARK), count(needsFull, FULL_MARK)], [0, 1], "the full bundle once a figure needs it");
    assert.deepEqual([count(after, BUNDLE_MARK), count(after, FULL_MARK)], [0, 0]);
  });

  it("keep the static image where Plotly is missing, and replace it with the plot where it is loaded", () => {
    const html = figureHtml(specB, { id: "f1", image: "iVBORw0KGgo=", plotly: "cartesian" });
    assert.equal(count(html, BUNDLE_MARK), 1);
    const div = html.slice(html.indexOf('<div id="f1"'));
    assert.ok(div.startsWith('<div id="f1" class="kit-figure"><img src="data:image/png;base64,iVBORw0KGgo=" alt="Placebo test'), div.slice(0, 120));
    assert.match(div, /if \(!window\.Plotly\) return;\n  el\.innerHTML = "";/);
    assert.ok(!div.includes("Plotly is not loaded"));
    const plain = figureHtml(specB, { id: "f2" });
    assert.ok(plain.includes("Plotly is not loaded") && !plain.includes("<img") && count(plain, BUNDLE_MARK) === 0);
    assert.throws(() => figureHtml(specB, { imgae: "x" } as never), /unknown option "imgae"/i);
  });
});

describe("standalone HTML", () => {
  it("writes a page with the bundle inlined once and the figure's data", () => {
    const dir = tempDir("kit-fig-");
    const path = join(dir, "sub", "placebo.html");
    resetPlotlyBundle();
    figureBundle(specA); // the notebook's flag must not affect the standalone file
    saveFigureHtml(specB, path);
    const html = readFileSync(path, "utf8");
    assert.ok(html.startsWith("<!DOCTYPE html>"));
    assert.ok(html.includes('<meta charset="utf-8">'));
    assert.equal(count(html, BUNDLE_MARK), 1);
    assert.ok(html.includes(JSON.stringify(specB.data).replace(/</g, "\\u003c")));
    assert.ok(!/<script[^>]*\bsrc=/i.test(html));
  });
});

describe("tables and show", () => {
  it("gives a table bundle with the HTML and Markdown renderings", () => {
    const table = buildDefinitionTable({ variables: ["ai"] });
    assert.deepEqual(displayTable(table), { "text/html": toHtml(table), "text/markdown": toMarkdown(table) });
  });

  it("returns the bundle unchanged outside a kernel", () => {
    const bundle = displayTable(buildDefinitionTable({ variables: ["ai"] }));
    assert.equal(show(bundle), bundle);
  });

  it("compiles and runs under tslab's executor, where show still returns the bundle without a kernel", async () => {
    const { ok, errors, locals } = await runInTslab(
      [
        'import { buildDefinitionTable, displayTable, show, figureBundle, coefficientPlot, describeEffect } from "./lib/index";',
        'import { resetPlotlyBundle } from "./lib/report/display";',
        'import { useStudyDefaults } from "./lib/study/index";',
        'import { annotate, clearFindings } from "./lib/workshop/index";',
        "useStudyDefaults();",
        'const shown = show(displayTable(buildDefinitionTable({ labels: "zh", variables: ["ai"] })));',
        "resetPlotlyBundle();",
        'const fig = figureBundle(coefficientPlot([{ estimate: -0.2, lower: -0.3, upper: -0.1, label: "2SLS" }]));',
        'const sentence = describeEffect({ coef: { ai: -0.1 }, se: { ai: 0.02 }, pvalue: { ai: 0.001 }, depVar: "shrink" }, { sdOfRegressor: 0.8 });',
        'const note = annotate(sentence, "checked");',
        "clearFindings();",
      ].join("\n"),
    );
    assert.equal(errors, "", "tslab reported compile or run-time errors");
    assert.ok(ok, "the cell failed");
    assert.ok(String(locals.shown["text/html"]).includes("人工智能"));
    assert.ok(String(locals.fig["text/html"]).includes("Plotly.newPlot"));
    assert.ok(String(locals.sentence).startsWith("AI development lowers urban shrinkage"));
  });
});
