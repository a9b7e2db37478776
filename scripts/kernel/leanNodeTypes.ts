/**
 * A copy of @types/node without its comments, for the notebook kernel's TypeScript (tslab). tslab
 * parses every declaration file its program holds when a kernel starts; @types/node is 2 MB, two
 * thirds of it documentation comments (TypeScript 5.0 parses JSDoc in declaration files eagerly).
 * Without them the kernel parses and binds 0.66 MB: same declarations, same types, ≈ 0.3 CPU s and
 * ≈ 8 MB less per kernel. The price: hovering over a Node API (fs.readFileSync) in a notebook shows
 * its signature without Node's prose. lib/'s own declarations and lib.es2022 keep their comments.
 *
 * scripts/build-lib.ts writes it into build/node-types/ with every build (the fingerprint includes
 * @types/node's version, so an update rebuilds it); scripts/notebooks/compiledLib.ts points tslab at it.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type TypeScript from "typescript";

/** The project's TypeScript, loaded only when a copy is made: the kernel imports this file and must not pay for it. */
function typescript(): typeof TypeScript {
  return require("typescript") as typeof TypeScript;
}

/** Where the copy goes inside the build folder. */
export const NODE_TYPES_DIR = "node-types";

/** The @types/node package of the project at `root`. */
export function nodeTypesSource(root: string): string {
  return join(root, "node_modules", "@types", "node");
}

/** The version in a package folder's package.json, or "none" when there is none. */
function versionIn(folder: string): string {
  try {
    return (JSON.parse(readFileSync(join(folder, "package.json"), "utf8")) as { version: string }).version;
  } catch {
    return "none";
  }
}

/** @types/node's version, or "none" when it is not installed. */
export function nodeTypesVersion(root: string): string {
  return versionIn(nodeTypesSource(root));
}

/** The text without comments (triple-slash directives kept), from TypeScript's scanner; whitespace kept. */
export function stripComments(text: string): string {
  const ts = typescript();
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, ts.LanguageVariant.Standard, text);
  const kept: string[] = [];
  for (let token = scanner.scan(); token !== ts.SyntaxKind.EndOfFileToken; token = scanner.scan()) {
    const piece = scanner.getTokenText();
    const comment = token === ts.SyntaxKind.MultiLineCommentTrivia || (token === ts.SyntaxKind.SingleLineCommentTrivia && !piece.startsWith("///"));
    if (!comment) kept.push(piece);
  }
  return kept.join("");
}

/** The declarations of a file as printed without comments: equal for a file and its stripped copy. */
function declarationsOf(name: string, text: string): string {
  const ts = typescript();
  const file = ts.createSourceFile(name, text, ts.ScriptTarget.Latest, false);
  const refs = [...file.referencedFiles, ...file.typeReferenceDirectives, ...file.libReferenceDirectives].map((r) => r.fileName).join("|");
  return `${refs}\n${ts.createPrinter({ removeComments: true }).printFile(file)}`;
}

/**
 * A declaration file's lean text: stripped when that leaves its declarations and reference directives
 * unchanged (checked by parsing both), else the original — the scanner alone can misread a template
 * literal type, so every file is verified.
 */
export function leanDeclarations(name: string, text: string): string {
  const lean = stripComments(text);
  return declarationsOf(name, lean) === declarationsOf(name, text) ? lean : text;
}

/**
 * Writes the lean copy of @types/node into `<outDir>/node-types`: same layout, declaration files stripped
 * except in the folders for older compilers (ts4.8/, which TypeScript 5 never reads: copied as they are),
 * other files copied. Returns the number of stripped files.
 */
export function writeLeanNodeTypes(root: string, outDir: string): number {
  const source = nodeTypesSource(root);
  let stripped = 0;
  const walk = (rel: string): void => {
    mkdirSync(join(outDir, NODE_TYPES_DIR, rel), { recursive: true });
    for (const entry of readdirSync(join(source, rel), { withFileTypes: true })) {
      const path = join(rel, entry.name);
      if (entry.isDirectory()) {
        walk(path);
        continue;
      }
      const text = readFileSync(join(source, path), "utf8");
      const lean = entry.name.endsWith(".d.ts") && !/^ts\d/.test(path) ? leanDeclarations(path, text) : text;
      if (lean !== text) stripped++;
      writeFileSync(join(outDir, NODE_TYPES_DIR, path), lean);
    }
  };
  walk("");
  return stripped;
}

/**
 * Where a lean copy made once is kept for every build that uses the same node_modules/ (its real path,
 * so that a project whose node_modules/ is a link to this one's — the tests' scratch projects — finds it):
 * node_modules/.cache/kit-lean-node-types/<@types/node version>. `npm ci` empties it with node_modules/.
 */
export function leanNodeTypesCache(root: string, version: string): string {
  return join(realpathSync(join(root, "node_modules")), ".cache", "kit-lean-node-types", version);
}

/**
 * Puts the lean copy into the build being made in `outDir`: copied from the current build (`previousBuild`)
 * or from the cache (`leanNodeTypesCache`) when either was made from the same @types/node (its package.json
 * is copied verbatim), else written anew (≈ 2 CPU s) and kept in the cache. Nothing when @types/node is not
 * installed.
 */
export function addLeanNodeTypes(root: string, outDir: string, previousBuild: string): void {
  const version = nodeTypesVersion(root);
  if (version === "none") return;
  const target = join(outDir, NODE_TYPES_DIR);
  const cache = leanNodeTypesCache(root, version);
  const made = [join(previousBuild, NODE_TYPES_DIR), cache].find((folder) => existsSync(folder) && versionIn(folder) === version);
  if (made) {
    cpSync(made, target, { recursive: true });
    return;
  }
  writeLeanNodeTypes(root, outDir);
  keepInCache(target, cache);
}

/** Copies a finished lean copy into the cache, whole or not at all (written beside it, then renamed); a failure only loses the saving. */
function keepInCache(made: string, cache: string): void {
  const partial = `${cache}.partial-${process.pid}`;
  try {
    cpSync(made, partial, { recursive: true });
    renameSync(partial, cache);
  } catch {
    rmSync(partial, { recursive: true, force: true });
  }
}
