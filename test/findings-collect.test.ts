/**
 * Notes collected from anywhere: `npm run findings` reads the annotations and computed findings of a
 * folder of executed notebooks (students' copies in subfolders too, checkpoints skipped) into one
 * findings file, `{ "findings": [...] }` with notebook, cell, author, about, text, kind — the format
 * the report writes and `writeFindings(…, { append: true })` reads and appends to, including the
 * report's former bare array. Placeholders (tagged, recognised, or the text a notebook offers) are
 * never counted. Fixtures only: nothing here reads a kit notebook's prose.
 */
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { annotate, clearFindings, findingsMarkdown as findingsDocument, readFindings, writeFindings, type Finding } from "../lib/workshop/annotations";
import { parseFindingsArgs, runFindings } from "../scripts/findings";
import { artifactsToFindings, extractArtifacts, findingsMarkdown } from "../scripts/notebooks/artifacts";
import { NotebookRunner } from "../scripts/notebooks/execute";
import { collectFolderFindings, findingsDocuments, notebooksUnder, writeFindingsFiles } from "../scripts/notebooks/findings";
import { clearOutputs, readNotebook, sourceText, toLines, writeNotebook, type Notebook } from "../scripts/notebooks/ipynb";
import { ForeignFolderError, OutputFolder } from "../scripts/notebooks/outputFolder";
import { annotateNotes, isPlaceholderAnnotation, offeredPlaceholders } from "../scripts/notebooks/placeholders";
import { tempDir } from "./helpers/tempDir";

const root = join(__dirname, "..");
const fixture = readNotebook(join(__dirname, "fixtures", "notebooks", "report.ipynb"));
const KEYS = ["kind", "notebook", "cell", "author", "about", "text", "numbers"];

/** The fixture with its annotate call's note and author replaced. */
function withNote(note: string, author: string): Notebook {
  return {
    ...fixture,
    cells: fixture.cells.map((c) => {
      const [offered] = c.cell_type === "code" ? annotateNotes(sourceText(c)) : [];
      return offered === undefined ? c : { ...c, source: toLines(sourceText(c).replace(`${JSON.stringify(offered)}, "Tester"`, `${JSON.stringify(note)}, ${JSON.stringify(author)}`)) };
    }),
  };
}

/** The number (from 1) of the fixture's cell that calls annotate. */
const annotateCell = fixture.cells.findIndex((c) => c.cell_type === "code" && annotateNotes(sourceText(c)).length > 0) + 1;

describe("collecting the findings of a folder of executed notebooks", () => {
  const runner = new NotebookRunner(root);
  const folder = tempDir("kit-findings-folder-");
  const out = join(tempDir("kit-findings-out-"), "findings");
  let lines: string[] = [];
  after(() => runner.close());

  before(async () => {
    const report = await runner.run(fixture, "report.ipynb");
    writeNotebook(join(folder, "report.ipynb"), report);
    mkdirSync(join(folder, "students", "alice"), { recursive: true });
    mkdirSync(join(folder, "students", ".ipynb_checkpoints"), { recursive: true });
    writeNotebook(join(folder, "students", "alice", "report.ipynb"), await runner.run(withNote("Alice's reading.", "Alice"), "report.ipynb"));
    writeNotebook(join(folder, "students", "bob.ipynb"), await runner.run(withNote("Replace this with your reading.", "Bob"), "bob.ipynb"));
    writeNotebook(join(folder, "students", ".ipynb_checkpoints", "report-checkpoint.ipynb"), report);
    writeNotebook(join(folder, "unexecuted.ipynb"), clearOutputs(fixture));
    writeFileSync(join(folder, "broken.ipynb"), "{ not a notebook");
    lines = runFindings(folder, out);
  });

  it("reads every notebook under the folder, students' copies included, checkpoints skipped", () => {
    assert.deepEqual(notebooksUnder(folder), ["broken.ipynb", "report.ipynb", "students/alice/report.ipynb", "students/bob.ipynb", "unexecuted.ipynb"]);
    const found = collectFolderFindings(folder);
    assert.deepEqual(found.unexecuted, ["unexecuted.ipynb"]);
    assert.deepEqual(found.unreadable.map((u) => u.notebook), ["broken.ipynb"]);
    assert.ok(lines.some((l) => l.includes("unexecuted.ipynb")) && lines.some((l) => l.includes("broken.ipynb")));
  });

  it("writes { findings: [...] } with notebook, cell, author, about, text and kind; notes keyed to their cell", () => {
    const json = JSON.parse(readFileSync(join(out, "findings.json"), "utf8")) as { findings: Finding[] };
    assert.deepEqual(Object.keys(json), ["findings"]);
    for (const f of json.findings) assert.deepEqual(Object.keys(f), KEYS);
    const notes = json.findings.filter((f) => f.kind === "annotation");
    assert.deepEqual(notes.map((n) => [n.notebook, n.cell, n.author, n.text]), [
      ["report.ipynb", annotateCell, "Tester", "A note on the fixture fit."],
      ["students/alice/report.ipynb", annotateCell, "Alice", "Alice's reading."],
    ]);
    assert.ok(notes.every((n) => n.about?.startsWith("OLS: ") && Object.keys(n.numbers).length > 0));
    const computed = json.findings.filter((f) => f.kind === "finding");
    assert.deepEqual(computed.map((f) => f.notebook), ["report.ipynb", "students/alice/report.ipynb", "students/bob.ipynb"]);
    assert.ok(computed.every((f) => f.author === null && f.about === null && f.text.length > 0));
    const md = readFileSync(join(out, "findings.md"), "utf8");
    assert.ok(md.includes("## students/alice/report.ipynb") && md.includes(`Note by Alice on OLS: `) && md.includes(`Alice's reading. *(cell ${annotateCell})*`), md);
    assert.ok(!md.includes("Replace this"), "the placeholder is not a finding");
  });

  it("gives the report's writer the same format, and writeFindings appends to it", () => {
    const executed = readNotebook(join(folder, "report.ipynb"));
    const artifacts = extractArtifacts(executed, "report.ipynb");
    const dir = tempDir("kit-findings-report-");
    const written = writeFindingsFiles(dir, artifacts);
    assert.deepEqual(written, findingsDocuments(artifacts));
    assert.equal(written.markdown, findingsMarkdown(artifacts));
    assert.equal(written.markdown, findingsDocument(artifactsToFindings(artifacts)));
    const fromReport = readFindings(join(dir, "findings.json"));
    assert.deepEqual(fromReport, collectFolderFindings(folder).findings.filter((f) => f.notebook === "report.ipynb"));

    clearFindings();
    annotate("A later reading", "Added in a kernel session.", "Li");
    writeFindings(join(dir, "findings.json"), { append: true, notebook: "report.ipynb" });
    const appended = readFindings(join(dir, "findings.json"));
    assert.deepEqual(appended.slice(0, fromReport.length), fromReport, "the report's findings are kept");
    assert.deepEqual(appended.slice(fromReport.length).map((f) => [f.notebook, f.author, f.text]), [["report.ipynb", "Li", "Added in a kernel session."]]);
    clearFindings();
  });

  it("writes through an output folder's manifest, and refuses a folder it did not write", () => {
    const dir = tempDir("kit-findings-owned-");
    const owned = OutputFolder.open(join(dir, "f"), { command: "findings" });
    writeFindingsFiles(owned, collectFolderFindings(folder).findings, { source: "test" });
    assert.deepEqual(owned.listed().map((f) => f.path), ["findings.json", "findings.md"]);
    writeFileSync(join(dir, "theirs.txt"), "not ours");
    assert.throws(() => runFindings(folder, dir), ForeignFolderError);
  });
});

describe("findings files written before, and placeholders", () => {
  it("appending keeps every note and finding of the report's former bare array (tables, checks and placeholders left out)", () => {
    const dir = tempDir("kit-findings-legacy-");
    const legacy = [
      { notebook: "03_baseline.ipynb", kind: "finding", id: "03_baseline-3", title: "03_baseline-3", files: [], text: "A computed sentence." },
      { notebook: "03_baseline.ipynb", kind: "annotation", id: "03_baseline-9", title: "03_baseline-9", files: [], text: "A participant's note.", author: "Wang", about: "OLS: y ~ x" },
      { notebook: "03_baseline.ipynb", kind: "annotation", id: "03_baseline-10", title: "03_baseline-10", files: [], text: "Replace this with your reading of column (4).", author: "Workshop participant", about: "OLS: y ~ x" },
      { notebook: "03_baseline.ipynb", kind: "table", id: "baseline", title: "Table", files: ["tables/baseline.html"] },
    ];
    writeFileSync(join(dir, "findings.json"), JSON.stringify(legacy, null, 2));
    clearFindings();
    annotate("New result", "A new note.", "Li");
    writeFindings(join(dir, "findings.md"), { append: true });
    const all = readFindings(join(dir, "findings.json"));
    assert.deepEqual(all.map((f) => [f.kind, f.notebook, f.author, f.text]), [
      ["finding", "03_baseline.ipynb", null, "A computed sentence."],
      ["annotation", "03_baseline.ipynb", "Wang", "A participant's note."],
      ["annotation", null, "Li", "A new note."],
    ]);
    assert.deepEqual(Object.keys(JSON.parse(readFileSync(join(dir, "findings.json"), "utf8"))), ["findings"]);
    clearFindings();
  });

  it("reads the placeholders a folder of notebooks offers from their annotate calls, and skips a note equal to one", () => {
    const dir = tempDir("kit-offered-");
    const offering: Notebook = { ...fixture, cells: [{ cell_type: "code", metadata: {}, source: 'show(annotate(fit, "Words a notebook offers.", "P"));\nconst s = "annotate(x, \\"not a call\\")";', outputs: [], execution_count: null }] };
    writeNotebook(join(dir, "offering.ipynb"), offering);
    const offered = offeredPlaceholders(dir);
    assert.deepEqual(offered, ["Words a notebook offers."]);
    assert.equal(isPlaceholderAnnotation({ text: "Words a notebook offers." }, offered), true);
    assert.equal(isPlaceholderAnnotation({ text: "My own words." }, offered), false);
    assert.equal(isPlaceholderAnnotation({ text: "My own words.", placeholder: true }, offered), true);
    const artifact = { notebook: "x.ipynb", kind: "annotation" as const, id: "x-1", title: "x-1", files: [], text: "Replace this with your reading." };
    assert.deepEqual(artifactsToFindings([artifact]), []);
  });

  it("the findings command line defaults to findings/ and needs a folder", () => {
    const dir = tempDir("kit-findings-args-");
    assert.deepEqual(parseFindingsArgs([dir], "/w"), { folder: dir, outDir: "/w/findings" });
    assert.deepEqual(parseFindingsArgs([dir, "--out", "notes"], "/w"), { folder: dir, outDir: "/w/notes" });
    assert.throws(() => parseFindingsArgs([]), /Name the folder/);
    assert.throws(() => parseFindingsArgs([join(dir, "missing")]), /is not a folder/);
    assert.throws(() => parseFindingsArgs([dir, "--out"]), /--out needs a folder/);
  });
});
