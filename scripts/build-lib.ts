/**
 * The compiled library the notebook kernel imports: `npm run build:lib` compiles lib/ (TypeScript
 * sources) into build/ (CommonJS JavaScript plus declaration files, same folder layout, so
 * build/study/readPanel.js finds ../../data as lib/study/readPanel.ts does) with the project's own
 * TypeScript and tsconfig.build.json, and writes build/fingerprint.json: a SHA-256 of every lib/
 * source, the two tsconfig files and the compiler's version.
 *
 *   npm run build:lib            build if lib/ changed since the last build (else say it is current)
 *   npm run build:lib -- --force build anyway
 *   npm run build:lib -- --check exit 1 when the build is missing or stale, without building
 *
 * Why: tslab type-checks every TypeScript source a cell imports, in each new kernel — the whole
 * library, ~17 CPU seconds and ~150 MB — while a declaration file costs it almost nothing. The
 * kernel (kernels/tslab-kit/launch.js) checks the fingerprint when it starts and before each cell,
 * and rebuilds when lib/ changed, so the kernel never runs a stale build; tests and scripts keep
 * importing the sources through tsx. `npm ci` builds it (the `prepare` script).
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { KitError } from "../lib/errors";
import { addLeanNodeTypes, nodeTypesVersion } from "./kernel/leanNodeTypes";

/** Where the build goes, relative to the project root (tsconfig.build.json's outDir). */
export const BUILD_DIR = "build";
/** The fingerprint file inside the build. */
export const FINGERPRINT_FILE = "fingerprint.json";

/** What a build was made from: the hash of its inputs and when. */
export interface Fingerprint {
  hash: string;
  files: number;
  typescript: string;
  builtAt: string;
}

/** The library's sources (lib/**∕*.ts), as paths relative to the root, sorted. */
export function librarySources(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const rel = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(rel);
      else if (entry.name.endsWith(".ts")) out.push(rel);
    }
  };
  walk("lib");
  return out.sort();
}

/** The compiler's version (the project's typescript package, not tslab's fork). */
function typescriptVersion(root: string): string {
  return (JSON.parse(readFileSync(join(root, "node_modules", "typescript", "package.json"), "utf8")) as { version: string }).version;
}

/**
 * SHA-256 over every input of the build — each lib/ source's path and bytes, tsconfig.json,
 * tsconfig.build.json — the compiler's version and @types/node's (the build holds a lean copy of it,
 * scripts/kernel/leanNodeTypes.ts). About 10 ms for the 2 MB of lib/.
 */
export function sourceHash(root: string): { hash: string; files: number } {
  const hash = createHash("sha256");
  const files = [...librarySources(root), "tsconfig.json", "tsconfig.build.json"];
  for (const file of files) {
    hash.update(`${file}\0`);
    hash.update(readFileSync(join(root, file), "utf8"));
    hash.update("\0");
  }
  hash.update(`typescript ${typescriptVersion(root)}`);
  hash.update(`@types/node ${nodeTypesVersion(root)}`);
  return { hash: hash.digest("hex"), files: files.length };
}

/** The fingerprint the build in `build/` was made from, or null when there is no (finished) build. */
export function readFingerprint(root: string): Fingerprint | null {
  const file = join(root, BUILD_DIR, FINGERPRINT_FILE);
  if (!existsSync(file)) return null;
  try {
    return JSON.parse(readFileSync(file, "utf8")) as Fingerprint;
  } catch {
    return null;
  }
}

/** Why the build cannot be used ("missing", "stale"), or null when it was made from the current sources. */
export function buildProblem(root: string): "missing" | "stale" | null {
  const built = readFingerprint(root);
  if (!built) return "missing";
  return built.hash === sourceHash(root).hash ? null : "stale";
}

/** A failed compile: tsc's report, which names the files and lines. */
export class LibraryBuildError extends KitError {
  constructor(readonly report: string) {
    super(`Compiling lib/ into ${BUILD_DIR}/ failed; fix these errors and run \`npm run build:lib\` (the kernel retries by itself):\n${report}`);
  }
}

/** Holds build.lock (a folder: mkdir is atomic) while `work` runs; waits up to 3 minutes for another builder. */
function withBuildLock<T>(root: string, work: () => T): T {
  const lock = join(root, `${BUILD_DIR}.lock`);
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const age = Date.now() - statSync(lock).mtimeMs;
      if (age > 300_000) rmSync(lock, { recursive: true, force: true }); // a builder that died
      else if (Date.now() > deadline) throw new Error(`${lock} has been held for ${Math.round(age / 1000)} s; if no build is running, delete it.`);
      else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
  try {
    return work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** Runs the project's tsc on tsconfig.build.json into `outDir`; throws LibraryBuildError with its report. */
function compile(root: string, outDir: string): void {
  const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
  const run = spawnSync(process.execPath, [tsc, "-p", join(root, "tsconfig.build.json"), "--outDir", outDir], { cwd: root, encoding: "utf8" });
  if (run.status !== 0) throw new LibraryBuildError(`${run.stdout ?? ""}${run.stderr ?? ""}`.trim() || `tsc exited with ${run.status}`);
}

/**
 * Compiles lib/ into a fresh folder, adds the lean @types/node (build/node-types) and swaps it in, then writes the fingerprint of the sources it
 * compiled (hashed before compiling, so an edit during the build leaves the build stale, not wrong).
 * A failed compile leaves the previous build and its fingerprint as they were.
 */
export function buildLibrary(root: string): Fingerprint {
  return withBuildLock(root, () => {
    const inputs = sourceHash(root);
    const fresh = join(root, `${BUILD_DIR}.tmp-${process.pid}`);
    rmSync(fresh, { recursive: true, force: true });
    try {
      compile(root, fresh);
      addLeanNodeTypes(root, fresh, join(root, BUILD_DIR));
      const fingerprint: Fingerprint = { ...inputs, typescript: typescriptVersion(root), builtAt: new Date().toISOString() };
      writeFileSync(join(fresh, FINGERPRINT_FILE), `${JSON.stringify(fingerprint, null, 2)}\n`);
      const old = join(root, `${BUILD_DIR}.old-${process.pid}`);
      const target = join(root, BUILD_DIR);
      if (existsSync(target)) renameSync(target, old);
      renameSync(fresh, target);
      rmSync(old, { recursive: true, force: true });
      return fingerprint;
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
  });
}

/** Builds when the build is missing or stale; returns what it did. */
export function ensureLibraryBuild(root: string): "current" | "built" {
  if (buildProblem(root) === null) return "current";
  buildLibrary(root);
  return "built";
}

function main(argv: string[]): void {
  const root = resolve(__dirname, "..");
  if (argv.includes("--check")) {
    const problem = buildProblem(root);
    console.log(problem === null ? `${BUILD_DIR}/ is current with lib/.` : `${BUILD_DIR}/ is ${problem}: run \`npm run build:lib\`.`);
    process.exitCode = problem === null ? 0 : 1;
    return;
  }
  const started = Date.now();
  if (!argv.includes("--force") && buildProblem(root) === null) {
    console.log(`${BUILD_DIR}/ is current with lib/ (nothing to do; --force rebuilds).`);
    return;
  }
  try {
    const fp = buildLibrary(root);
    console.log(`Compiled ${fp.files - 2} lib/ sources into ${relative(process.cwd(), join(root, BUILD_DIR)) || BUILD_DIR}/ in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  } catch (error) {
    console.error(error instanceof LibraryBuildError ? error.message : error);
    process.exitCode = 1;
  }
}

if (require.main === module) main(process.argv.slice(2));
