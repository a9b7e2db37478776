/**
 * The kit's layer over tslab's executor, shared by the Jupyter kernel (kernels/tslab-kit/launch.js
 * installs it in place of tslab's `createExecutor`) and the headless runner (execute.ts builds its
 * executor with it). Before tslab compiles a cell it
 *
 * - warns about `x ^ 2` (bitwise XOR in TypeScript, a power in R and Stata),
 * - stops an import of a folder (`./lib`) with the message the kernel gives and how to write it,
 * - expands shorthand properties `{ fit }` → `{ fit: fit }` (tslab leaves them unresolved),
 *
 * and on tslab's error channel it
 *
 * - shows a KitError (the kit's own errors) as its type and message, without Node's stack frames,
 *   unless the environment variable KIT_STACK=1 is set,
 * - adds the folder hint to "Cannot find module './lib'" however it arises,
 * - reports type-check positions in the cell as written, not as rewritten.
 */
import { statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { caretUses, caretWarning, expandShorthand, moduleReferences, originalPosition, type RewrittenCell } from "./cellRewrite";

/** The console tslab's executor reports through: cell output on `log`, diagnostics and errors on `error`. */
export interface TslabConsole {
  log(...args: unknown[]): void;
  error(...args: unknown[]): void;
}

/** The part of tslab's executor the kit uses (tslab/dist/executor.d.ts has the rest). */
export interface TslabExecutor {
  execute(src: string): Promise<boolean>;
  close(): void;
  locals: Record<string, unknown>;
}

/** tslab's `createExecutor(rootDir, convs, console)`. */
export type CreateExecutor = (rootDir: string, convs: unknown, console: TslabConsole) => TslabExecutor;

/** The format string tslab prints a type-check diagnostic with: file, 1-based line, 1-based column, message. */
const DIAGNOSTIC_FORMAT = "%s%d:%d - %s";

/**
 * True for an error the kit throws on purpose: an Error whose prototype chain has a constructor named
 * KitError. The name, not the class, because tslab loads its own copy of the library into each kernel.
 */
export function isKitError(error: unknown): error is Error {
  if (!(error instanceof Error)) return false;
  for (let proto = Object.getPrototypeOf(error); proto; proto = Object.getPrototypeOf(proto)) {
    if (Object.prototype.hasOwnProperty.call(proto, "constructor") && (proto.constructor as { name?: unknown }).name === "KitError") return true;
  }
  return false;
}

/** A KitError as a participant should read it: its type and its message (a formula error's caret line included). */
export function formatKitError(error: Error): string {
  const name = error.name && error.name !== "Error" ? error.name : error.constructor.name;
  return `${name}: ${error.message}`;
}

/** True when KIT_STACK=1 asks for the full stack of the kit's errors (read at each error, so a cell can set it). */
export function showKitStacks(): boolean {
  return process.env.KIT_STACK === "1";
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * For a relative module path that names a folder tslab cannot import — a folder with an index.ts but
 * no file of that name and nothing Node itself would load (index.js, package.json) — how to write it:
 * "tslab cannot import a folder: write ./lib/index (or ./lib/study/index, ./lib/workshop/index)".
 * Null for any other path. `fromDir` is the folder the path is relative to (the project root for a cell).
 */
export function folderImportHint(specifier: string, fromDir: string): string | null {
  if (!/^\.\.?(\/|$)/.test(specifier)) return null;
  const written = specifier.length > 1 ? specifier.replace(/\/+$/, "") : specifier;
  const target = resolve(fromDir, written);
  if (!isDirectory(target)) return null;
  if ([".ts", ".tsx", ".d.ts", ".js", ".cjs", ".json"].some((ext) => isFile(target + ext))) return null;
  if (isFile(join(target, "index.js")) || isFile(join(target, "package.json"))) return null;
  if (!isFile(join(target, "index.ts")) && !isFile(join(target, "index.tsx"))) return null;
  const entries = [`${written}/index`];
  for (const layer of ["study", "workshop"]) {
    if (isFile(join(target, layer, "index.ts"))) entries.push(`${written}/${layer}/index`);
  }
  const more = entries.length > 1 ? ` (or ${entries.slice(1).join(", ")})` : "";
  return `tslab cannot import a folder: write ${entries[0]}${more}`;
}

/** The folder hint for a "Cannot find module" message, or null. */
function hintForMessage(message: string, fromDir: string): string | null {
  const match = /Cannot find module '([^']+)'/.exec(message);
  return match ? folderImportHint(match[1], fromDir) : null;
}

/** Reports what tslab hands its error channel, the kit's way (see the file comment). */
function reportError(out: TslabConsole, args: unknown[], rootDir: string, cell: RewrittenCell | null): void {
  const [first] = args;
  if (args.length === 1 && isKitError(first) && !showKitStacks()) {
    out.error(formatKitError(first));
    return;
  }
  if (args.length === 1 && first instanceof Error) {
    const stack = (first as { requireStack?: unknown }).requireStack;
    const from = Array.isArray(stack) && typeof stack[0] === "string" ? dirname(stack[0]) : rootDir;
    const hint = hintForMessage(first.message, from);
    out.error(first);
    if (hint) out.error(hint);
    return;
  }
  if (args.length === 5 && first === DIAGNOSTIC_FORMAT && typeof args[2] === "number" && typeof args[3] === "number") {
    const [, fileName, line, character, message] = args as [string, string, number, number, unknown];
    let at = { line, character };
    if (fileName === "" && cell) {
      const p = originalPosition(cell, line - 1, character - 1);
      at = { line: p.line + 1, character: p.character + 1 };
    }
    const hint = typeof message === "string" ? hintForMessage(message, fileName ? dirname(resolve(rootDir, fileName)) : rootDir) : null;
    out.error(DIAGNOSTIC_FORMAT, fileName, at.line, at.character, hint ? `${message}\n${hint}` : message);
    return;
  }
  out.error(...args);
}

/** True for a cell tslab does not run as a cell: a `/** @module name *\/` module or a `@browser` cell. */
function isSpecialCell(src: string): boolean {
  const { getCodeMetadata } = require("tslab/dist/metadata") as { getCodeMetadata(src: string): { module?: string; mode?: string } };
  const meta = getCodeMetadata(src);
  return Boolean(meta.module) || meta.mode === "browser";
}

/**
 * Wraps tslab's `createExecutor` so that every executor it makes runs cells the kit's way. Used by
 * the headless runner directly and by the kernel's launcher in place of tslab's own.
 */
export function withKitCells(createExecutor: CreateExecutor): CreateExecutor {
  return (rootDir, convs, console) => {
    let current: RewrittenCell | null = null;
    const kitConsole: TslabConsole = {
      log: (...args) => console.log(...args),
      error: (...args) => reportError(console, args, rootDir, current),
    };
    const executor = createExecutor(rootDir, convs, kitConsole);
    const execute = async (src: string): Promise<boolean> => {
      if (isSpecialCell(src)) return executor.execute(src);
      for (const use of caretUses(src)) console.error(caretWarning(use));
      for (const ref of moduleReferences(src)) {
        const hint = folderImportHint(ref.specifier, rootDir);
        if (hint) {
          console.error(DIAGNOSTIC_FORMAT, "", ref.line + 1, ref.character + 1, `Cannot find module '${ref.specifier}'\n${hint}`);
          return false;
        }
      }
      current = expandShorthand(src);
      try {
        return await executor.execute(current.code);
      } finally {
        current = null;
      }
    };
    return { ...executor, execute };
  };
}
