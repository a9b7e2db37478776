/**
 * `npm run notebooks` (scripts/notebooks/launch-jupyter.ts) against a fake PATH: stub executables in
 * a temporary folder stand for JupyterLab, Notebook 7, the classic Notebook and a `jupyter-lab` that
 * fails as Debian's missing subcommand does (its usage text on stdout, exit 1). The launcher picks
 * JupyterLab, then Notebook 7, then the classic Notebook, never shows a stub's usage, hands the
 * project to Jupyter through JUPYTER_PATH, adds --allow-root for root and prints one line; with
 * nothing installed it says how to install a front end.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { findFrontEnd, INSTALL_HINT, launchPlan, onPath } from "../scripts/notebooks/launch-jupyter";
import { tempDir } from "./helpers/tempDir";

const ROOT = join(__dirname, "..");
const USAGE_TEXT = "usage: jupyter [-h] [--version] [--config-dir] [--data-dir] [--runtime-dir] [--paths] [--json] [--debug] [subcommand]";

/** A folder with stub executables: name → the version it prints (or "fail": prints Jupyter's usage and exits 1). */
function fakePath(stubs: Record<string, string>, log?: string): string {
  const dir = tempDir("kit-fake-jupyter-");
  for (const [name, version] of Object.entries(stubs)) {
    const body =
      version === "fail"
        ? `#!/bin/sh\necho "${USAGE_TEXT}"\necho "Jupyter command \\\`${name}\\\` not found." >&2\nexit 1\n`
        : `#!/bin/sh\nif [ "$1" = "--version" ]; then echo "${version}"; exit 0; fi\n${log ? `printf '%s\\n' "$@" > "${log}"; echo "JUPYTER_PATH=$JUPYTER_PATH" >> "${log}"\n` : ""}exit 0\n`;
    writeFileSync(join(dir, name), body);
    chmodSync(join(dir, name), 0o755);
  }
  mkdirSync(join(dir, "not-a-command"));
  return dir;
}

describe("npm run notebooks: which Jupyter front end", () => {
  it("prefers JupyterLab when it is installed", () => {
    const found = findFrontEnd({ PATH: fakePath({ "jupyter-lab": "4.2.5", "jupyter-notebook": "7.2.1" }) });
    assert.equal(found?.name, "JupyterLab");
    assert.equal(found?.version, "4.2.5");
  });

  it("takes Notebook 7 without JupyterLab, and the classic Notebook for a jupyter-notebook of version 6", () => {
    assert.equal(findFrontEnd({ PATH: fakePath({ "jupyter-notebook": "7.2.1" }) })?.name, "Notebook 7");
    const classic = findFrontEnd({ PATH: fakePath({ "jupyter-notebook": "6.4.12" }) });
    assert.equal(classic?.name, "the classic Notebook");
    assert.match(classic?.command ?? "", /jupyter-notebook$/);
  });

  it("takes nbclassic as the classic Notebook before a Notebook 6, and Notebook 7 before both", () => {
    assert.match(findFrontEnd({ PATH: fakePath({ "jupyter-notebook": "6.4.12", "jupyter-nbclassic": "0.3.2" }) })?.command ?? "", /jupyter-nbclassic$/);
    assert.equal(findFrontEnd({ PATH: fakePath({ "jupyter-notebook": "7.0.0", "jupyter-nbclassic": "1.0.0" }) })?.name, "Notebook 7");
  });

  it("skips a jupyter-lab that fails as Debian's missing subcommand does, without showing its usage", () => {
    const found = findFrontEnd({ PATH: fakePath({ "jupyter-lab": "fail", "jupyter-notebook": "6.4.12" }) });
    assert.equal(found?.name, "the classic Notebook");
  });

  it("finds nothing on a PATH without a front end (a folder of that name is not a command)", () => {
    const dir = fakePath({ jupyter: "4.12.0" });
    mkdirSync(join(dir, "jupyter-lab"));
    assert.equal(findFrontEnd({ PATH: dir }), undefined);
    assert.equal(onPath("jupyter-lab", { PATH: dir }), undefined);
    assert.equal(onPath("jupyter", { PATH: dir }), join(dir, "jupyter"));
  });

  it("points JUPYTER_PATH at the project first and adds --allow-root for root only", () => {
    const front = { name: "JupyterLab", command: "/x/jupyter-lab", version: "4.2.5" };
    const asRoot = launchPlan(front, { projectDir: "/kit", root: true, extraArgs: ["--port", "8890"], env: { JUPYTER_PATH: "/other" } });
    assert.deepEqual(asRoot.args, ["/kit/notebooks", "--allow-root", "--port", "8890"]);
    assert.equal(asRoot.env.JUPYTER_PATH, "/kit:/other");
    const asUser = launchPlan(front, { projectDir: "/kit", root: false, env: {} });
    assert.deepEqual(asUser.args, ["/kit/notebooks"]);
    assert.equal(asUser.env.JUPYTER_PATH, "/kit");
  });
});

describe("npm run notebooks: what it prints", () => {
  const run = (path: string) =>
    spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "scripts", "notebooks", "launch-jupyter.ts")], { cwd: ROOT, env: { ...process.env, PATH: path }, encoding: "utf8", timeout: 60_000 });

  it("starts the front end with the project's kernel path and says so in one line", () => {
    const log = join(tempDir("kit-fake-jupyter-log-"), "args.txt");
    const result = run(fakePath({ "jupyter-lab": "fail", "jupyter-notebook": "7.2.1" }, log));
    assert.equal(result.status, 0, result.stderr);
    const lines = result.stdout.trim().split("\n");
    assert.equal(lines.length, 1, result.stdout);
    assert.match(lines[0], /^Starting Notebook 7 7\.2\.1 \(.*jupyter-notebook\) on notebooks\//);
    assert.ok(!result.stdout.includes("usage: jupyter") && !result.stderr.includes("usage: jupyter"), "no usage text");
    const recorded = readFileSync(log, "utf8").trim().split("\n");
    assert.equal(recorded[0], join(ROOT, "notebooks"));
    assert.equal(recorded.includes("--allow-root"), process.getuid?.() === 0);
    assert.ok(recorded[recorded.length - 1].startsWith(`JUPYTER_PATH=${ROOT}`), recorded.join(" | "));
  });

  it("says how to install a front end when there is none, and fails", () => {
    const result = run(fakePath({ "jupyter-lab": "fail" }));
    assert.equal(result.status, 1);
    assert.equal(result.stdout, "");
    assert.equal(result.stderr.trim(), INSTALL_HINT);
    assert.match(result.stderr, /apt-get install jupyter-notebook/);
  });
});
