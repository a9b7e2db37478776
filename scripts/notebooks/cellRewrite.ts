/**
 * What the kit reads from a notebook cell's syntax tree before tslab compiles it: habits of R and
 * Stata users that TypeScript accepts but tslab runs wrongly or not at all. Pure functions of the
 * cell's text; kitExecutor.ts applies them in the kernel and in the headless runner alike.
 *
 * The parser is the one tslab compiles cells with (its TypeScript fork, a dependency of tslab), so
 * the tree read here is the tree tslab compiles; the API is the `typescript` package's.
 */
import type * as TS from "typescript";
import { tslabTypeScript as ts } from "./lazyTypeScript";

/** Text inserted into a cell at an offset of the original text (never contains a line break). */
export interface Insertion {
  /** Offset in the original text where the text goes. */
  at: number;
  text: string;
  /** Offset in the original text that positions inside the inserted text are reported at. */
  reportAt: number;
}

/** A cell rewritten for tslab, with the insertions that map positions back to what the user wrote. */
export interface RewrittenCell {
  code: string;
  insertions: Insertion[];
}

function parse(source: string): TS.SourceFile {
  return ts.createSourceFile("__cell__.ts", source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
}

function visit(node: TS.Node, f: (node: TS.Node) => void): void {
  f(node);
  ts.forEachChild(node, (child) => visit(child, f));
}

/**
 * Expands shorthand properties, `{ fit }` → `{ fit: fit }` (and `{ a = 1 }` in a destructuring
 * assignment → `{ a: a = 1 }`). tslab rewrites a name declared in an earlier cell to `exports.fit`
 * but leaves a shorthand property alone, which then fails with "fit is not defined". The expansion
 * means the same thing in every case, so it is applied to every shorthand property.
 */
export function expandShorthand(source: string): RewrittenCell {
  const file = parse(source);
  const insertions: Insertion[] = [];
  visit(file, (node) => {
    if (!ts.isShorthandPropertyAssignment(node)) return;
    const name = node.name;
    const start = name.getStart(file);
    insertions.push({ at: name.end, text: `: ${source.slice(start, name.end)}`, reportAt: start });
  });
  insertions.sort((a, b) => a.at - b.at);
  let code = "";
  let from = 0;
  for (const insertion of insertions) {
    code += source.slice(from, insertion.at) + insertion.text;
    from = insertion.at;
  }
  return { code: code + source.slice(from), insertions };
}

/** The offset in the original text of an offset in the rewritten text. */
export function originalOffset(rewritten: RewrittenCell, offset: number): number {
  let shift = 0;
  for (const insertion of rewritten.insertions) {
    const start = insertion.at + shift;
    if (offset < start) break;
    if (offset < start + insertion.text.length) return insertion.reportAt;
    shift += insertion.text.length;
  }
  return offset - shift;
}

/**
 * Maps a 0-based line and character of the rewritten text (as tslab reports a diagnostic) to the
 * original text. Insertions never add lines, so only the character moves.
 */
export function originalPosition(rewritten: RewrittenCell, line: number, character: number): { line: number; character: number } {
  if (rewritten.insertions.length === 0) return { line, character };
  const lineStart = (text: string, n: number) => {
    let at = 0;
    for (let k = 0; k < n; k++) {
      const next = text.indexOf("\n", at);
      if (next < 0) return -1;
      at = next + 1;
    }
    return at;
  };
  const rewrittenStart = lineStart(rewritten.code, line);
  if (rewrittenStart < 0) return { line, character };
  // A line never starts inside an insertion (each follows a name on the same line).
  return { line, character: originalOffset(rewritten, rewrittenStart + character) - originalOffset(rewritten, rewrittenStart) };
}

/** A `^` between two operands: bitwise XOR in TypeScript, a power in R and Stata. */
export interface CaretUse {
  /** 1-based line in the cell. */
  line: number;
  /** The expression as written, on one line (shortened when long). */
  text: string;
}

/**
 * Every `^` binary expression of a cell (a chain `a ^ b ^ c` once). Strings (formulas such as
 * "province^year"), regular expressions (/^year/) and comments are tokens of their own, so they
 * never count. The compound assignment `x ^= y` is not reported: no R or Stata habit produces it
 * (neither language has compound assignment), so whoever writes it means JavaScript's operator.
 */
export function caretUses(source: string): CaretUse[] {
  const file = parse(source);
  const uses: CaretUse[] = [];
  const isCaret = (node: TS.Node): node is TS.BinaryExpression => ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.CaretToken;
  visit(file, (node) => {
    if (!isCaret(node) || isCaret(node.parent)) return;
    const line = file.getLineAndCharacterOfPosition(node.operatorToken.getStart(file)).line + 1;
    let text = source.slice(node.getStart(file), node.end).replace(/\s+/g, " ");
    if (text.length > 60) text = text.slice(0, 57) + "...";
    uses.push({ line, text });
  });
  return uses;
}

/** The warning printed for one `^`. */
export function caretWarning(use: CaretUse): string {
  return `\`^\` is bitwise XOR in TypeScript; write \`**\` for a power (line ${use.line}: \`${use.text}\`)`;
}

/** A module named in a cell by a literal: import/export … from, import x = require(…), require(…), import(…). */
export interface ModuleReference {
  specifier: string;
  /** 0-based line and character of the specifier's string literal. */
  line: number;
  character: number;
}

/** Every module a cell names with a string literal. */
export function moduleReferences(source: string): ModuleReference[] {
  const file = parse(source);
  const found: ModuleReference[] = [];
  const add = (literal: TS.Node | undefined) => {
    if (!literal || !ts.isStringLiteralLike(literal)) return;
    const { line, character } = file.getLineAndCharacterOfPosition(literal.getStart(file));
    found.push({ specifier: literal.text, line, character });
  };
  visit(file, (node) => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) add(node.moduleSpecifier);
    else if (ts.isExternalModuleReference(node)) add(node.expression);
    else if (ts.isCallExpression(node) && node.arguments.length === 1) {
      const callee = node.expression;
      if (callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === "require")) add(node.arguments[0]);
    }
  });
  return found;
}
