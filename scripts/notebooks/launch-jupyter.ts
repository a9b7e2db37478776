/**
 * `npm run notebooks`: opens notebooks/ in the first Jupyter front end installed — JupyterLab, then
 * Notebook 7, then the classic Notebook (nbclassic, or Notebook 6) — with JUPYTER_PATH pointing at
 * the project, so that Jupyter finds the kit's TypeScript kernel (kernels/tslab-kit). It prints one
 * line saying which it started, adds `--allow-root` when run as root (Jupyter refuses root without
 * it), and passes any further arguments on (`npm run notebooks -- --port 8890`). A front end is
 * detected by its executable on PATH answering `--version`, never by running `jupyter <sub>`,
 * which prints Jupyter's whole usage when the subcommand is missing. With none installed it says
 * how to install one.
 */
import { spawn, spawnSync } from "node:child_process";
import { accessSync, constants, statSync } from "node:fs";
import { delimiter, join, resolve } from "node:path";
import { buildProblem, ensureLibraryBuild } from "../build-lib";

/** A Jupyter front end found on PATH. */
export interface FrontEnd {
  /** What it is called: "JupyterLab", "Notebook 7" or "the classic Notebook". */
  name: string;
  /** The executable's path. */
  command: string;
  /** Its version, as it printed it. */
  version: string;
}

/** The path of an executable named `name` in the PATH of `env`, if any. */
export function onPath(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const dir of (env.PATH ?? "").split(delimiter).filter(Boolean)) {
    const path = join(dir, name);
    try {
      accessSync(path, constants.X_OK);
      if (statSync(path).isFile()) return path;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** What `<command> --version` prints (its last line), or undefined when it fails; its output is never shown. */
function versionOf(command: string, env: NodeJS.ProcessEnv): string | undefined {
  const result = spawnSync(command, ["--version"], { env, encoding: "utf8", timeout: 30_000, stdio: ["ignore", "pipe", "pipe"] });
  if (result.status !== 0) return undefined;
  const lines = (result.stdout ?? "").trim().split("\n");
  const version = lines[lines.length - 1].trim();
  return /^\d+(\.\d+)*/.test(version) ? version : undefined;
}

/** A front end whose executable is on PATH and answers `--version`. */
function probe(name: string, executable: string, env: NodeJS.ProcessEnv): FrontEnd | undefined {
  const command = onPath(executable, env);
  const version = command ? versionOf(command, env) : undefined;
  return command && version ? { name, command, version } : undefined;
}

/** The first front end installed, in the order JupyterLab, Notebook 7, the classic Notebook (nbclassic, then Notebook ≤ 6). */
export function findFrontEnd(env: NodeJS.ProcessEnv = process.env): FrontEnd | undefined {
  const lab = probe("JupyterLab", "jupyter-lab", env);
  if (lab) return lab;
  const notebook = probe("Notebook", "jupyter-notebook", env);
  const major = notebook ? Number(notebook.version.split(".")[0]) : NaN;
  if (notebook && major >= 7) return { ...notebook, name: "Notebook 7" };
  return probe("the classic Notebook", "jupyter-nbclassic", env) ?? (notebook ? { ...notebook, name: "the classic Notebook" } : undefined);
}

/** How to start a front end on the project's notebooks: the arguments and the environment (JUPYTER_PATH first the project). */
export function launchPlan(front: FrontEnd, options: { projectDir: string; root: boolean; extraArgs?: string[]; env?: NodeJS.ProcessEnv }): { args: string[]; env: NodeJS.ProcessEnv } {
  const env = options.env ?? process.env;
  const jupyterPath = [options.projectDir, ...(env.JUPYTER_PATH ?? "").split(delimiter).filter(Boolean)].join(delimiter);
  const args = [join(options.projectDir, "notebooks"), ...(options.root ? ["--allow-root"] : []), ...(options.extraArgs ?? [])];
  return { args, env: { ...env, JUPYTER_PATH: jupyterPath } };
}

/** The line printed when no front end is installed. */
export const INSTALL_HINT =
  "No Jupyter front end found on PATH (looked for jupyter-lab, jupyter-notebook, jupyter-nbclassic). Install one — on Debian or Ubuntu: sudo apt-get install jupyter-notebook; elsewhere: pip install jupyterlab — then run npm run notebooks again. (npm run replicate needs no Jupyter.)";

/** Starts the front end (or prints how to install one); resolves with its exit code. */
export function launch(projectDir: string, extraArgs: string[]): Promise<number> {
  const front = findFrontEnd();
  if (!front) {
    console.error(INSTALL_HINT);
    return Promise.resolve(1);
  }
  const root = process.getuid?.() === 0;
  const plan = launchPlan(front, { projectDir, root, extraArgs });
  console.log(`Starting ${front.name} ${front.version} (${front.command}) on notebooks/ with the kit's TypeScript kernel (JUPYTER_PATH=${projectDir})${root ? ", --allow-root as you are root" : ""}.`);
  process.on("SIGINT", () => undefined); // Ctrl-C is Jupyter's to answer ("Shutdown this server?"); this process waits for it
  return new Promise((done) => {
    const child = spawn(front.command, plan.args, { env: plan.env, stdio: "inherit" });
    child.on("error", (error) => (console.error(`${front.command} did not start: ${error.message}`), done(1)));
    child.on("exit", (code, signal) => done(code ?? (signal ? 0 : 1)));
  });
}

/** Compiles lib/ into build/ first when it is missing or stale, so the first kernel does not wait for it (the kernel would build it too). */
function prepareBuild(projectDir: string): void {
  if (buildProblem(projectDir) === null) return;
  console.log("Compiling lib/ into build/ for the notebook kernel (once after each change of lib/)…");
  try {
    ensureLibraryBuild(projectDir);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
  }
}

if (require.main === module) {
  prepareBuild(resolve(__dirname, "..", ".."));
  launch(resolve(__dirname, "..", ".."), process.argv.slice(2)).then((code) => process.exit(code));
}
