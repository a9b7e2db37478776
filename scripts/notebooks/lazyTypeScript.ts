/**
 * The two TypeScript compilers the scripts parse cells with, each loaded when first used. Loading one
 * costs ≈ 0.3–0.4 CPU s, and `replicate`'s main process imports the modules that parse cells
 * (placeholders.ts, cellRewrite.ts, editions.ts) for their other functions before it starts the
 * notebooks' workers: loading both there made importing scripts/replicate.ts take 1.8 s instead of 1.35 s
 * (issue 17; 0.6 s once playwright-core is loaded lazily too, staticFigures.ts).
 */
import type * as TS from "typescript";

/** A stand-in for a module object that loads the module on the first property read. */
function loadedOnFirstUse<T extends object>(load: () => T): T {
  let module: T | undefined;
  return new Proxy({} as T, { get: (_target, key) => Reflect.get((module ??= load()), key) });
}

/** The project's `typescript` package (the one `npm run typecheck` runs). */
export const projectTypeScript: typeof TS = loadedOnFirstUse(() => require("typescript") as typeof TS);

/** tslab's fork of TypeScript, the parser tslab compiles cells with (a dependency of tslab). */
export const tslabTypeScript: typeof TS = loadedOnFirstUse(() => require("@tslab/typescript-for-tslab") as typeof TS);
