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
 * Before each cell the sources' sizes and times are compared with those the build was checked
 * against; when lib/ changed, the build is redone and the compiled modules are unloaded, so the
 * next import runs the new code. A failed build fails the cell with the compiler's report.
 */
import { statSync } from "node:fs";
import { join, resolve, sep } from "node:path";
import { BUILD_DIR, buildLibrary, librarySources, readFingerprint, sourceHash } from "../build-lib";
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

/** Wraps one path-taking function of ts.sys so that it sees build/ for lib/. */
function redirectFirstArgument(sys: SysFunctions, name: string, root: string): void {
  const original = sys[name];
  if (typeof original !== "function") return;
  sys[name] = function (this: unknown, path: string, ...rest: unknown[]) {
    return (original as (...a: unknown[]) => unknown).call(this, typeof path === "string" ? libToBuild(root, path) : path, ...rest);
  } as never;
}

/** ts.sys: reads, existence, listings, times and watchers of lib/ go to build/; realpath keeps lib/ names. */
function redirectTypeScript(sys: SysFunctions, root: string): void {
  for (const name of ["fileExists", "readFile", "directoryExists", "getDirectories", "readDirectory", "getModifiedTime", "getFileSize"]) {
    redirectFirstArgument(sys, name, root);
  }
  const realpath = sys.realpath as ((path: string) => string) | undefined;
  if (realpath) sys.realpath = ((path: string) => (libToBuild(root, path) === path ? realpath(path) : path)) as never;
  const watchFile = sys.watchFile as ((path: string, callback: (file: string, kind: unknown) => void, ...rest: unknown[]) => unknown) | undefined;
  if (watchFile) {
    sys.watchFile = ((path: string, callback: (file: string, kind: unknown) => void, ...rest: unknown[]) =>
      watchFile(libToBuild(root, path), (_file, kind) => callback(path, kind), ...rest)) as never;
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

/** Installs both redirections (see the file comment). `sys` is tslab's `ts.sys`, `loader` Node's Module. */
export function redirectLibToBuild(root: string, sys: SysFunctions, loader: ModuleLoader): void {
  redirectTypeScript(sys, root);
  redirectNode(loader, root);
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
