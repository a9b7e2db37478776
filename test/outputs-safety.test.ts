/**
 * Outputs never lose anyone's work: `replicate` (full and --only) and the student edition write only
 * inside their own folder, replace only what their manifest says they wrote and nobody edited since,
 * and refuse a non-empty folder they did not create — touching nothing in it. Every file a user
 * planted survives byte for byte. Runs two small fixture notebooks to stay fast.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { after, before, describe, it } from "node:test";
import { ForeignFolderError, MANIFEST_NAME, OtherOwnerError, readBytes, sha256, type Manifest } from "../scripts/notebooks/outputFolder";
import { NotebookRunner } from "../scripts/notebooks/execute";
import { replicate } from "../scripts/replicate";

const root = join(__dirname, "..");
const fixtures = join(__dirname, "fixtures", "notebooks");

/** Every file under dir (relative, "/"-separated) with its sha256. */
function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else files.set(relative(dir, path).split("\\").join("/"), sha256(readBytes(path)));
    }
  };
  walk(dir);
  return files;
}

function manifestOf(dir: string): Manifest {
  return JSON.parse(readFileSync(join(dir, MANIFEST_NAME), "utf8")) as Manifest;
}

/** Files planted by a user: path → content. */
function plant(dir: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
}

function assertSurvive(dir: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    assert.ok(existsSync(join(dir, path)), `${path} was deleted`);
    assert.equal(readFileSync(join(dir, path), "utf8"), content, `${path} was changed`);
  }
}

/** A notebook as a participant leaves it: with a cell of their own answers. */
function withAnswer(notebookText: string): string {
  const notebook = JSON.parse(notebookText) as { cells: unknown[] };
  notebook.cells.push({ cell_type: "code", metadata: {}, source: ["const mine = 42; // my answer"], outputs: [], execution_count: null });
  return JSON.stringify(notebook, null, 1) + "\n";
}

function studentEditionCli(...args: string[]) {
  const run = spawnSync(process.execPath, ["--import", "tsx", join(root, "scripts", "student-edition.ts"), ...args], { cwd: root, encoding: "utf8" });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

function assertOneLine(text: string): void {
  assert.equal(text.trim().split("\n").length, 1, `one line expected:\n${text}`);
  assert.doesNotMatch(text, /^\s+at /m, "no stack trace");
}

describe("outputs never lose work", () => {
  let scratch = "";
  let notebooksDir = "";
  let out = "";
  let studentDir = "";
  const runner = new NotebookRunner(root);
  const quiet = { full: false, quiet: true, runner };
  // What a user put in the output folder by hand, or edited there.
  const planted: Record<string, string> = {};

  before(() => {
    scratch = mkdtempSync(join(tmpdir(), "kit-outputs-safety-"));
    notebooksDir = join(scratch, "notebooks");
    out = join(scratch, "output");
    studentDir = join(scratch, "student-edition");
    mkdirSync(notebooksDir);
    copyFileSync(join(fixtures, "ok.ipynb"), join(notebooksDir, "01_a.ipynb"));
    copyFileSync(join(fixtures, "report.ipynb"), join(notebooksDir, "02_b.ipynb"));
  });
  after(() => {
    runner.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it("a first run writes the outputs and a manifest naming each with its sha256", async () => {
    const result = await replicate({ ...quiet, notebooksDir, outDir: out });
    assert.deepEqual(result.notebooks, ["01_a.ipynb", "02_b.ipynb"]);
    const manifest = manifestOf(out);
    assert.equal(manifest.kit, "ai-urban-shrinkage-replication");
    assert.equal(manifest.command, "replicate");
    const paths = manifest.files.map((f) => f.path);
    for (const p of ["index.html", "findings.md", "findings.json", "plotly.js", "notebooks/01_a.ipynb", "notebooks/01_a.html", "notebooks/02_b.ipynb", "figures/smoke-figure.html", "figures/fixture-figure.html", "tables/fixture-table.md"]) {
      assert.ok(paths.includes(p), `manifest lists ${p}`);
    }
    const disk = snapshot(out);
    for (const f of manifest.files) assert.equal(f.sha256, disk.get(f.path), `hash of ${f.path}`);
    assert.equal(manifest.files.find((f) => f.path === "tables/fixture-table.csv")?.source, "02_b.ipynb");
    assert.deepEqual(result.kept, []);
  });

  it("a full rerun keeps every file the user added or edited, byte for byte", async () => {
    const executed = readFileSync(join(out, "notebooks", "01_a.ipynb"), "utf8");
    Object.assign(planted, {
      "student/my_answers.ipynb": '{"cells": [], "note": "a student\'s answers"}\n',
      "notes.txt": "my notes on the run\n",
      "notebooks/01_a (my copy).ipynb": executed.replace("Smoke test", "Smoke test, annotated by me"),
      "notebooks/01_a.ipynb": executed.replace("A tiny notebook.", "A tiny notebook. My edit."),
      "tables/fixture-table.md": "| my | own | table |\n",
      "tables/my_table.csv": "a,b\n1,2\n",
    });
    plant(out, planted);
    const result = await replicate({ ...quiet, notebooksDir, outDir: out });
    assertSurvive(out, planted);
    assert.deepEqual(result.kept.map((k) => k.path).sort(), ["notebooks/01_a.ipynb", "tables/fixture-table.md"]);
    assert.ok(result.kept.every((k) => k.reason === "edited" && /changed since replicate wrote it/.test(k.message)));
    assert.ok(existsSync(join(out, "tables", "fixture-table.html")) && existsSync(join(out, "notebooks", "02_b.html")));
    const paths = manifestOf(out).files.map((f) => f.path);
    for (const p of ["notes.txt", "student/my_answers.ipynb", "tables/my_table.csv", "notebooks/01_a (my copy).ipynb"]) assert.ok(!paths.includes(p), `manifest does not claim ${p}`);
  });

  it("--only 02 runs notebook 02 alone and keeps notebook 01's outputs; the report covers both", async () => {
    const before = snapshot(out);
    const result = await replicate({ ...quiet, notebooksDir, outDir: out, only: "02" });
    assert.deepEqual(result.notebooks, ["02_b.ipynb"]);
    const afterRun = snapshot(out);
    const replaced = /^(notebooks\/02_b\.|tables\/fixture-table\.|figures\/fixture-figure\.|index\.html$|findings\.|\.kit-manifest\.json$)/;
    for (const [path, hash] of before) {
      assert.ok(afterRun.has(path), `${path} survives --only 02`);
      if (!replaced.test(path)) assert.equal(afterRun.get(path), hash, `${path} unchanged by --only 02`);
    }
    assertSurvive(out, planted);
    const index = readFileSync(join(out, "index.html"), "utf8");
    assert.match(index, /notebooks\/01_a\.html/);
    assert.match(index, /notebooks\/02_b\.html/);
    assert.match(index, /figures\/smoke-figure\.html/, "notebook 01's figure is still in the report");
    const findings = readFileSync(join(out, "findings.md"), "utf8");
    assert.match(findings, /## 01_a\.ipynb\n\n- x is positive/);
    assert.match(findings, /## 02_b\.ipynb/);
    assert.deepEqual([...new Set(result.artifacts.map((a) => a.notebook))], ["01_a.ipynb", "02_b.ipynb"]);
  });

  it("--only 02 deletes what 02 made before and no longer makes, unless it was edited", async () => {
    const notebook = join(notebooksDir, "02_b.ipynb");
    writeFileSync(notebook, readFileSync(notebook, "utf8").replace("fixture-table", "renamed-table"));
    const notebook01 = ["notebooks/01_a.html", "figures/smoke-figure.html"].map((p) => [p, readFileSync(join(out, p), "utf8")] as const);
    const result = await replicate({ ...quiet, notebooksDir, outDir: out, only: "02" });
    for (const ext of ["html", "tex", "csv"]) assert.ok(!existsSync(join(out, "tables", `fixture-table.${ext}`)), `stale tables/fixture-table.${ext} removed`);
    for (const ext of ["html", "md", "tex", "csv"]) assert.ok(existsSync(join(out, "tables", `renamed-table.${ext}`)), `tables/renamed-table.${ext} written`);
    assert.deepEqual(result.removed.sort(), ["tables/fixture-table.csv", "tables/fixture-table.html", "tables/fixture-table.tex"]);
    assert.ok(result.kept.some((k) => k.path === "tables/fixture-table.md" && /no longer makes it/.test(k.message)));
    assertSurvive(out, planted);
    for (const [p, content] of notebook01) assert.equal(readFileSync(join(out, p), "utf8"), content, `${p} untouched`);
    assert.ok(!manifestOf(out).files.some((f) => f.path === "tables/fixture-table.md"), "the edited stale table is the user's now");
  });

  it("refuses --out at a non-empty folder it did not create, and touches nothing in it", async () => {
    const foreign = join(scratch, "my-project");
    plant(foreign, { "notes.txt": "precious\n", "data/panel.csv": "code,year\n1,2007\n", "notebooks/01_a.ipynb": "{}\n" });
    const before = snapshot(foreign);
    await assert.rejects(replicate({ ...quiet, notebooksDir, outDir: foreign }), (error: unknown) => {
      assert.ok(error instanceof ForeignFolderError);
      assert.match(error.message, /not empty and has no \.kit-manifest\.json.*give --out a new or empty folder/);
      assertOneLine(error.message);
      return true;
    });
    assert.deepEqual(snapshot(foreign), before);
    assert.ok(!existsSync(join(foreign, MANIFEST_NAME)));
  });

  it("the student edition goes to a folder of its own, kept apart from replicate's", async () => {
    const first = studentEditionCli("--out", studentDir);
    assert.equal(first.status, 0, first.stderr);
    assert.equal(manifestOf(studentDir).command, "student-edition");
    const notebooks = readdirSync(join(root, "notebooks")).filter((f) => f.endsWith(".ipynb"));
    for (const f of notebooks) assert.ok(existsSync(join(studentDir, f)), f);
    const worked = notebooks[0];
    const studentFiles = {
      "my_answers.ipynb": '{"cells": []}\n',
      [worked]: withAnswer(readFileSync(join(studentDir, worked), "utf8")),
    };
    plant(studentDir, studentFiles);
    const second = studentEditionCli("--out", studentDir);
    assert.equal(second.status, 0, second.stderr);
    assertSurvive(studentDir, studentFiles);
    assert.match(second.stderr, new RegExp(`kept .*${worked.replace(".", "\\.")}: it changed since student-edition wrote it`));

    const studentBefore = snapshot(studentDir);
    const outBefore = snapshot(out);
    const intoReplicate = studentEditionCli("--out", out);
    assert.equal(intoReplicate.status, 1);
    assert.match(intoReplicate.stderr, /holds the output of `npm run replicate`/);
    assertOneLine(intoReplicate.stderr);
    assert.deepEqual(snapshot(out), outBefore);
    await assert.rejects(replicate({ ...quiet, notebooksDir, outDir: studentDir }), OtherOwnerError);
    assert.deepEqual(snapshot(studentDir), studentBefore);
  });

  it("the student edition refuses a foreign folder and answers a wrong argument with one line", () => {
    const foreign = join(scratch, "my-project");
    const before = snapshot(foreign);
    const refused = studentEditionCli("--out", foreign);
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /Refusing to write into .*my-project: it is not empty/);
    assertOneLine(refused.stderr);
    assert.deepEqual(snapshot(foreign), before);
    const wrong = studentEditionCli("--outdir", "x");
    assert.equal(wrong.status, 2);
    assert.match(wrong.stderr, /^Unknown argument "--outdir"\. Usage: npm run student-edition \[-- --instructor\] \[-- --out /);
    assertOneLine(wrong.stderr);
    assert.ok(!existsSync(join(root, "x")));
  });
});
