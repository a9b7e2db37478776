/**
 * scripts/clean-data.ts as a researcher runs it: a one-line usage for a wrong argument, the kit's
 * data/ refused without --force, an --out folder holding someone else's files refused before
 * anything is written, the files written listed (and recorded in the folder's manifest), the
 * audit's warnings in one summary, and a non-zero exit on any error.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, it } from "node:test";
import type { AuditWarning } from "../lib/study/clean/audit";
import { CLEAN_USAGE, CleanDataError, CleanUsageError, cleanData, isInsideKitData, KIT_DATA_DIR, missingSummary, parseCleanArgs, reportLines, warningSummary } from "../scripts/clean-data";
import { ForeignFolderError, MANIFEST_NAME, UnsafePathError } from "../scripts/notebooks/outputFolder";
import { tempDir } from "./helpers/tempDir";

const ROOT = resolve(__dirname, "..");
const RAW = join(ROOT, "data", "raw");
const SCRIPT = join(ROOT, "scripts", "clean-data.ts");

/** Runs the script as a user would, from the project root. */
function run(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ["--import", "tsx", SCRIPT, ...args], { cwd: ROOT, encoding: "utf8" });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("clean-data: the command line", () => {
  it("reads --raw, --out, --encoding, --strict and --force", () => {
    const o = parseCleanArgs(["--raw", "in", "--out", "out", "--encoding", "GB18030", "--strict", "--force"]);
    assert.deepEqual(o, { raw: resolve("in"), out: resolve("out"), encoding: "gb18030", strict: true, force: true });
    assert.equal(parseCleanArgs(["--raw", "in", "--out", "out"]).encoding, "utf-8");
  });

  it("answers an unknown argument, a missing value, an unknown encoding and a missing --out with the usage line", () => {
    for (const argv of [["--raw", "in", "--out", "out", "--bogus"], ["--raw", "--out", "out"], ["--raw", "in", "--out", "out", "--encoding", "latin1"], ["--raw", "in"]]) {
      assert.throws(() => parseCleanArgs(argv), (e: unknown) => e instanceof CleanUsageError && e.message.endsWith(CLEAN_USAGE) && !e.message.includes("\n"), argv.join(" "));
    }
  });

  it("exits 2 with one line naming the wrong argument and the usage", () => {
    const r = run(["--raw", RAW, "--outt", "x"]);
    assert.equal(r.status, 2);
    assert.equal(r.stderr.trim(), `Unknown argument "--outt". ${CLEAN_USAGE}`);
    assert.equal(r.stdout, "");
  });
});

describe("clean-data: where it writes", () => {
  it("refuses the kit's data/ and any folder inside it without --force, writing nothing", () => {
    const before = statSync(join(KIT_DATA_DIR, "panel.csv")).mtimeMs;
    for (const out of [KIT_DATA_DIR, join(KIT_DATA_DIR, "raw"), join(KIT_DATA_DIR, "new-folder")]) {
      assert.throws(() => cleanData({ raw: RAW, out, encoding: "utf-8", strict: false, force: false }), (e: unknown) => e instanceof CleanDataError && /kit's own data folder.*--force/.test(e.message), out);
    }
    assert.equal(statSync(join(KIT_DATA_DIR, "panel.csv")).mtimeMs, before);
    assert.ok(!existsSync(join(KIT_DATA_DIR, "new-folder")));
    assert.ok(!existsSync(join(KIT_DATA_DIR, MANIFEST_NAME)));
  });

  it("sees the kit's data/ through a symbolic link", () => {
    const dir = tempDir("kit-clean-link-");
    symlinkSync(KIT_DATA_DIR, join(dir, "linked"));
    assert.equal(isInsideKitData(join(dir, "linked")), true);
    assert.equal(isInsideKitData(join(dir, "linked", "sub")), true);
    assert.equal(isInsideKitData(join(dir, "mine")), false);
  });

  it("exits 1 on --out data, naming the folder and --force", () => {
    const r = run(["--raw", RAW, "--out", "data"]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /Refusing to write into data: it is the kit's own data folder.*--force/);
  });

  it("refuses a folder holding files it did not write, before cleaning, and leaves them as they were", () => {
    const out = tempDir("kit-clean-foreign-");
    writeFileSync(join(out, "notes.txt"), "my notes");
    assert.throws(() => cleanData({ raw: join(out, "no-such-raw-folder"), out, encoding: "utf-8", strict: false, force: false }), ForeignFolderError);
    assert.deepEqual(readdirSync(out), ["notes.txt"]);
    assert.equal(readFileSync(join(out, "notes.txt"), "utf8"), "my notes");
  });

  it("refuses an --out that is a file, saying to give a folder", () => {
    const file = join(tempDir("kit-clean-file-"), "panel.csv");
    writeFileSync(file, "x");
    assert.throws(() => cleanData({ raw: RAW, out: file, encoding: "utf-8", strict: false, force: false }), (e: unknown) => e instanceof UnsafePathError && /is not a folder/.test(e.message));
    assert.equal(readFileSync(file, "utf8"), "x");
  });
});

describe("clean-data: a run on the bundled raw files", () => {
  const out = join(tempDir("kit-clean-run-"), "my-data");
  const options = { raw: RAW, out, encoding: "utf-8" as const, strict: true, force: false };
  const first = cleanData(options);

  it("writes the panel byte for byte as data/panel.csv, lists every file and records them in the manifest", () => {
    assert.equal(first.panelRows, 4879);
    assert.ok(first.written.includes("panel.csv") && first.written.includes("audit.csv") && first.written.includes("audit_summary.json"), first.written.join(", "));
    assert.deepEqual(readFileSync(join(out, "panel.csv")), readFileSync(join(KIT_DATA_DIR, "panel.csv")));
    const manifest = JSON.parse(readFileSync(join(out, MANIFEST_NAME), "utf8")) as { command: string; files: { path: string }[] };
    assert.equal(manifest.command, "clean-data");
    assert.deepEqual(manifest.files.map((f) => f.path).sort(), [...first.written].sort());
    assert.deepEqual(readdirSync(out).sort(), [MANIFEST_NAME, ...first.written].sort());
    const lines = reportLines(options, first);
    assert.ok(lines.some((l) => l.startsWith("Wrote to ") && l.includes("panel.csv")), lines.join("\n"));
    assert.ok(lines.some((l) => l.includes(`KIT_PANEL=`)), "says how to use it");
    assert.ok(lines.includes("Every cell of the 23 panel variables was computed or filled (the value audit: audit_variables.csv)."), lines.join("\n"));
  });

  it("runs again into its own folder, reporting the files as already up to date", () => {
    const again = cleanData(options);
    assert.deepEqual(again.written, []);
    assert.deepEqual(again.unchanged.sort(), [...first.written].sort());
  });

  it("stops with an error (nothing overwritten) when the user edited a file it wrote", () => {
    writeFileSync(join(out, "audit.csv"), "my edits\n");
    assert.throws(() => cleanData(options), (e: unknown) => e instanceof CleanDataError && /audit\.csv: it changed since clean-data wrote it/.test(e.message));
    assert.equal(readFileSync(join(out, "audit.csv"), "utf8"), "my edits\n");
  });
});

describe("clean-data: errors and warnings as printed", () => {
  it("exits 1 with the cleaner's message (file, line, column) on a bad raw file, and writes nothing", () => {
    const dir = tempDir("kit-clean-bad-");
    const raw = join(dir, "raw");
    mkdirSync(raw);
    for (const f of readdirSync(RAW)) copyFileSync(join(RAW, f), join(raw, f));
    const economy = readFileSync(join(raw, "economy.csv"), "utf8").split("\n");
    economy[1] = economy[1].replace(",1598.09,", ",1598.09x,"); // Beijing 2000's GDP is not a number
    writeFileSync(join(raw, "economy.csv"), economy.join("\n"));
    const r = run(["--raw", raw, "--out", join(dir, "out")]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /economy\.csv.*line 2.*gdp_100m_yuan/);
    assert.ok(!existsSync(join(dir, "out")), "no output folder made");
  });

  it("prints the warnings in one summary: counted by kind, one line each with file:line, city, year and variable", () => {
    const warning = (kind: string, line: number | null, year: number | null): AuditWarning => ({ kind, file: "population_resident.csv", line, code: "110000", year, variable: "pop_resident", detail: "×10.2 on the year before (threshold ×3)" });
    const lines = warningSummary([warning("yoy_jump", 7, 2013), warning("yoy_jump", 8, 2014), warning("outlier", null, 2015)], 2);
    assert.match(lines[0], /^3 warnings \(2 yoy_jump, 1 outlier\): .*--strict/);
    assert.equal(lines[1], "  yoy_jump  population_resident.csv:7  city 110000, 2013, pop_resident: ×10.2 on the year before (threshold ×3)");
    assert.equal(lines.length, 4);
    assert.equal(lines[3], "  … and 1 more of the same kinds.");
    assert.deepEqual(warningSummary([]), []);
  });
});

describe("clean-data: the panel cells it could not make, as printed", () => {
  it("names each variable with missing cells, worst first, with the count and its cause, and the files a variable never built needs", () => {
    const raw = tempDir("kit-clean-missing-");
    for (const f of readdirSync(RAW)) copyFileSync(join(RAW, f), join(raw, f));
    // resident population only from 2005 on (common in prefecture-level data), and no robots_city.csv
    const population = readFileSync(join(raw, "population_resident.csv"), "utf8").split("\n");
    writeFileSync(join(raw, "population_resident.csv"), population.filter((line, k) => k === 0 || line === "" || Number(line.split(",")[2]) >= 2005).join("\n"));
    spawnSync("rm", [join(raw, "robots_city.csv")]);
    const out = join(tempDir("kit-clean-missing-out-"), "mine");
    const result = cleanData({ raw, out, encoding: "utf-8", strict: false, force: false });
    const lines = missingSummary(result.values, "mine/audit_missing.csv");
    const total = result.values.variables.reduce((sum, v) => sum + v.missing, 0);
    assert.equal(lines[0], `${total} cells missing in 2 of the 23 variables (each with its cause in mine/audit_missing.csv):`);
    assert.deepEqual(lines.slice(1), ["  ai: 4879 of 4879 — not built: needs robots_city.csv", "  shrinking: 4879 of 4879 — population_resident.csv resident_pop_10k (4879)"]);
    assert.ok(reportLines({ raw, out, encoding: "utf-8", strict: false, force: false }, result).includes(lines[1]));
  });
});
