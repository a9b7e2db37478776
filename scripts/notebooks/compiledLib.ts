/**
 * Makes a tslab kernel import the compiled library (build/, see scripts/build-lib.ts) wherever a
 * cell writes `./lib/...`, so cells keep `import { feols } from "./lib/index"` while tslab reads
 * declaration files instead of type-checking the library's sources, and Node runs the compiled
 * JavaScript. kernels/tslab-kit/launch.js installs it; tests and scripts keep the sources (tsx).
 *
 * Two redirections, both from <root>/lib/X to <root>/build/X:
 * - tslab's TypeScript sees lib/ through `ts.sys`: lib/index.ts does not exist for it, lib/index.d.ts
 *   is build/index.d.ts (read, watched, listed there). Paths in its messages stay lib/….
 * - Node's resolver: a relative require that lands in lib/ from a cell or a module tslab compiled
 *   (not from a .ts file loaded through tsx) loads build/X.js.
 * tslab's program is also made as lean as the project's own (issue 17: ≈ 0.3 CPU s and ≈ 8 MB less per
 * kernel): it reads @types/node from build/node-types (the same declarations without their comments,
 * scripts/kernel/leanNodeTypes.ts), and includes automatically only the @types packages tsconfig.json's
 * `types` names (["node"]; tslab would otherwise parse every folder in node_modules/@types — plotly.js,
 * cli-progress, … — which a cell that imports them still finds, as in the project).
 * It also watches node_modules/ without descending into it (`shallowNodeModulesWatch`): TypeScript
 * watches the folders where a module lookup failed, and for node_modules/ that meant listing and
 * watching every folder of every package (≈ 0.5 CPU s of a kernel's 1.8 s start, issue 17).
 * Before each cell the sources' sizes and times are compared with those the build was checked
 * against; when lib/ changed, the build is redone and the compiled modules are unloaded, so the
 * next import runs the new code. A failed build fails the cell with the compiler's report.
 */
import { existsSync, readFileSync, realpathSync, statSync } from "node:fs";
import { join, resolve, sep } from "node:path";
import { BUILD_DIR, buildLibrary, ensureLibraryBuild, librarySources, readFingerprint, sourceHash } from "../build-lib";
import { NODE_TYPES_DIR, nodeTypesSource } from "../kernel/leanNodeTypes";
import type { CreateExecutor, TslabConsole } from "./kitExecutor";

/** The part of TypeScript's `ts.sys` the redirection replaces. */
type SysFunctions = Record<string, ((...args: never[]) => unknown) | undefined>;

/** Node's CommonJS loader, as far as the redirection uses it. */
interface ModuleLoader {
  _resolveFilename(request: string, parent: { filename?: string | null } | undefined, ...rest: unknown[]): string;
}

/** Maps a path inside <root>/lib to the same path inside <root>/build; other paths unchanged. */
export function libToBuild(root: string, path: string): string {
  const lib = join(root, "lib");
  if (path !== lib && !path.startsWith(lib + sep) && !path.startsWith(`${lib}/`)) return path;
  return join(root, BUILD_DIR) + path.slice(lib.length);
}

/** True when `path` is `folder` or inside it. */
function isInside(folder: string, path: string): boolean {
  return path === folder || path.startsWith(folder + sep) || path.startsWith(`${folder}/`);
}

/**
 * Maps @types/node's files to the build's lean copy (build/node-types), under the project's path and under
 * node_modules' real path (TypeScript resolves symlinks); identity when the build has no copy.
 */
export function nodeTypesToLean(root: string): (path: string) => string {
  const lean = join(root, BUILD_DIR, NODE_TYPES_DIR);
  if (!existsSync(join(lean, "package.json"))) return (path) => path;
  const source = nodeTypesSource(root);
  const sources = [source, join(realpathSync(join(root, "node_modules")), "@types", "node")];
  return (path) => {
    const from = sources.find((folder) => isInside(folder, path));
    return from === undefined ? path : lean + path.slice(from.length);
  };
}

/** The `types` of the project's tsconfig.json (the @types packages included without an import), or null when it names none. */
export function projectTypes(root: string): string[] | null {
  try {
    const types = (JSON.parse(readFileSync(join(root, "tsconfig.json"), "utf8")) as { compilerOptions?: { types?: unknown } }).compilerOptions?.types;
    return Array.isArray(types) ? types.map(String) : null;
  } catch {
    return null;
  }
}

/** Wraps one path-taking function of ts.sys so that it sees `map(path)`. */
function redirectFirstArgument(sys: SysFunctions, name: string, map: (path: string) => string): void {
  const original = sys[name];
  if (typeof original !== "function") return;
  sys[name] = function (this: unknown, path: string, ...rest: unknown[]) {
    return (original as (...a: unknown[]) => unknown).call(this, typeof path === "string" ? map(path) : path, ...rest);
  } as never;
}

/** node_modules/@types lists only the packages tsconfig.json's `types` names (what tslab includes without an import). */
function limitTypeRoots(sys: SysFunctions, root: string): void {
  const types = projectTypes(root);
  const getDirectories = sys.getDirectories as ((path: string) => string[]) | undefined;
  if (!types || !getDirectories) return;
  const typeRoot = join(root, "node_modules", "@types");
  sys.getDirectories = ((path: string) => {
    const found = getDirectories(path);
    return resolve(path) === typeRoot ? found.filter((name) => types.includes(name)) : found;
  }) as never;
}

/**
 * ts.sys.watchDirectory watches a node_modules folder without its subfolders. Node has no recursive
 * fs.watch on Linux, so TypeScript emulates one by listing the whole tree and watching each folder —
 * for the failed module lookups of @types/node (undici-types, …) that is all of node_modules/, about
 * 3,000 folders, each new program. A package installed into node_modules/ while a kernel runs is still
 * seen (its folder appears); a file changed deep inside an installed package is not, until a restart.
 */
function shallowNodeModulesWatch(sys: SysFunctions): void {
  const watchDirectory = sys.watchDirectory as ((path: string, callback: unknown, recursive?: boolean, ...rest: unknown[]) => unknown) | undefined;
  if (!watchDirectory) return;
  sys.watchDirectory = function (this: unknown, path: string, callback: unknown, recursive?: boolean, ...rest: unknown[]) {
    const inNodeModules = typeof path === "string" && /(^|[\\/])node_modules$/.test(path);
    return watchDirectory.call(this, path, callback, recursive && !inNodeModules, ...rest);
  } as never;
}

/** ts.sys: reads, existence, listings, times and watchers of lib/ go to build/, of @types/node to its lean copy; realpath keeps the names asked for. */
function redirectTypeScript(sys: SysFunctions, root: string): void {
  const lean = nodeTypesToLean(root);
  const map = (path: string): string => lean(libToBuild(root, path));
  for (const name of ["fileExists", "readFile", "directoryExists", "getDirectories", "readDirectory", "getModifiedTime", "getFileSize"]) {
    redirectFirstArgument(sys, name, map);
  }
  limitTypeRoots(sys, root);
  shallowNodeModulesWatch(sys);
  const realpath = sys.realpath as ((path: string) => string) | undefined;
  if (realpath) sys.realpath = ((path: string) => (map(path) === path ? realpath(path) : path)) as never;
  const watchFile = sys.watchFile as ((path: string, callback: (file: string, kind: unknown) => void, ...rest: unknown[]) => unknown) | undefined;
  if (watchFile) {
    sys.watchFile = ((path: string, callback: (file: string, kind: unknown) => void, ...rest: unknown[]) =>
      watchFile(map(path), (_file, kind) => callback(path, kind), ...rest)) as never;
  }
}

/** Node: a relative request landing in lib/ from anything but a tsx-loaded .ts module resolves in build/. */
function redirectNode(loader: ModuleLoader, root: string): void {
  const original = loader._resolveFilename;
  loader._resolveFilename = function (this: unknown, request, parent, ...rest) {
    const from = parent?.filename;
    if (request.startsWith(".") && !(from && from.endsWith(".ts"))) {
      const target = resolve(from ? resolve(from, "..") : process.cwd(), request);
      const mapped = libToBuild(root, target);
      if (mapped !== target) return original.call(this, mapped, parent, ...rest);
    }
    return original.call(this, request, parent, ...rest);
  };
}

/** The `ts.sys` objects already redirected, so that a second runner in one process does not wrap them again. */
const redirected = new WeakSet<object>();

/** Installs both redirections (see the file comment), once per `sys`. `sys` is tslab's `ts.sys`, `loader` Node's Module. */
export function redirectLibToBuild(root: string, sys: SysFunctions, loader: ModuleLoader): void {
  if (redirected.has(sys)) return;
  redirected.add(sys);
  redirectTypeScript(sys, root);
  redirectNode(loader, root);
}

/**
 * Makes build/ current (building it when missing or stale) and points this process's tslab at it:
 * what a process that runs cells through tslab (the kernel, the headless runner) calls before making
 * its converters. Returns whether build/ was already current or had to be built.
 * @throws LibraryBuildError when lib/ does not compile.
 */
export function useCompiledLib(root: string): "current" | "built" {
  const state = ensureLibraryBuild(root);
  redirectLibToBuild(root, require("@tslab/typescript-for-tslab").sys, require("node:module"));
  return state;
}

/** Sizes and modification times of lib/'s sources, one string, to notice an edit cheaply (≈ 1 ms). */
export function sourceStamp(root: string): string {
  return librarySources(root)
    .map((file) => {
      const s = statSync(join(root, file));
      return `${file}:${s.size}:${s.mtimeMs}`;
    })
    .join("|");
}

/**
 * Keeps build/ in step with lib/ during a kernel's life: `ensureCurrent()` returns at once when no
 * source changed since the last check; otherwise, if the sources' hash differs from the build's
 * fingerprint, rebuilds (throwing LibraryBuildError when lib/ does not compile) and unloads the
 * compiled modules from Node's cache. Returns true when it rebuilt.
 */
export class BuildGuard {
  private stamp: string;

  constructor(private readonly root: string) {
    this.stamp = sourceStamp(root);
  }

  ensureCurrent(): boolean {
    const now = sourceStamp(this.root);
    if (now === this.stamp) return false;
    const stale = readFingerprint(this.root)?.hash !== sourceHash(this.root).hash;
    if (stale) {
      buildLibrary(this.root);
      unloadBuild(this.root);
    }
    this.stamp = now;
    return stale;
  }
}

/** Removes every module under build/ from Node's require cache, so the next import loads the new build. */
export function unloadBuild(root: string): void {
  const build = join(root, BUILD_DIR) + sep;
  for (const key of Object.keys(require.cache)) if (key.startsWith(build)) delete require.cache[key];
}

/**
 * Wraps tslab's `createExecutor` so that each cell first makes sure the build is current (see
 * BuildGuard); a rebuild is announced on the cell's error channel, a failed one fails the cell.
 */
export function withCompiledLib(createExecutor: CreateExecutor, root: string): CreateExecutor {
  const guard = new BuildGuard(root);
  return (rootDir, convs, console: TslabConsole) => {
    const executor = createExecutor(rootDir, convs, console);
    const execute = async (src: string): Promise<boolean> => {
      try {
        if (guard.ensureCurrent()) console.error("tslab-kit: lib/ changed, so build/ was recompiled; modules imported from now on run the new code.");
      } catch (error) {
        console.error(error);
        return false;
      }
      return executor.execute(src);
    };
    return { ...executor, execute };
  };
}
