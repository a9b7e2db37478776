/**
 * Functions a reader can hold in mind: no function in lib/ is longer than 60 lines, except the hot
 * loops that say so in their doc comment with a `@hotLoop` tag and the reason (the arithmetic of a
 * demeaning sweep written out once, where a call per row would cost a measured slowdown).
 * Measured with the TypeScript compiler's own parser: a function's lines run from its first to its
 * last line, nested functions included.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { it } from "node:test";
import ts from "typescript";

const MAX_LINES = 60;
const ROOT = join(__dirname, "..");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith(".ts") ? [path] : [];
  });
}

function functionName(node: ts.Node, file: ts.SourceFile): string {
  const named = node as ts.Node & { name?: ts.Node };
  if (named.name) return named.name.getText(file);
  if (ts.isConstructorDeclaration(node)) return "constructor";
  const parent = node.parent;
  if (parent && ts.isVariableDeclaration(parent)) return parent.name.getText(file);
  if (parent && ts.isPropertyAssignment(parent)) return parent.name.getText(file);
  return "(anonymous)";
}

function isHotLoop(node: ts.Node): boolean {
  let holder: ts.Node = node;
  if (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) holder = node.parent?.parent ?? node;
  return ts.getJSDocTags(holder).some((tag) => tag.tagName.text === "hotLoop") || ts.getJSDocTags(node).some((tag) => tag.tagName.text === "hotLoop");
}

/** Every function longer than MAX_LINES that is not a documented hot loop, as "file:line name (n lines)". */
export function longFunctions(root: string): string[] {
  const out: string[] = [];
  for (const path of sourceFiles(join(root, "lib"))) {
    const file = ts.createSourceFile(path, readFileSync(path, "utf8"), ts.ScriptTarget.ES2022, true);
    const visit = (node: ts.Node): void => {
      if (ts.isFunctionLike(node) && (node as ts.FunctionLikeDeclaration).body) {
        const first = file.getLineAndCharacterOfPosition(node.getStart(file)).line;
        const last = file.getLineAndCharacterOfPosition(node.getEnd()).line;
        const lines = last - first + 1;
        if (lines > MAX_LINES && !isHotLoop(node)) out.push(`${relative(root, path)}:${first + 1} ${functionName(node, file)} (${lines} lines)`);
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  return out;
}

it(`no function in lib/ is longer than ${MAX_LINES} lines unless its doc comment marks it @hotLoop`, () => {
  assert.deepEqual(longFunctions(ROOT), []);
});
