/**
 * The placeholder notes the kit's notebooks offer: the note of every `annotate(result, "…")` call
 * in their code cells, read with the TypeScript parser. A note in an executed copy that still says
 * exactly that is the notebook's invitation, not a participant's reading, and is never counted as
 * a finding — nor is a note tagged `placeholder: true` or one `isPlaceholderNote` recognises.
 * (So a kit notebook's own `annotate` calls are prompts: a genuine note belongs in a participant's copy.)
 */
import { existsSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import type * as TS from "typescript";
import { projectTypeScript as ts } from "./lazyTypeScript";
import { isPlaceholderNote } from "../../lib/workshop/annotations";
import { readNotebook, sourceText } from "./ipynb";

/** The kit's own notebooks, whose annotate calls offer the placeholders. */
export const KIT_NOTEBOOKS = resolve(__dirname, "..", "..", "notebooks");

/** The string-literal notes of the `annotate(…)` calls in one cell's source. */
export function annotateNotes(source: string): string[] {
  const file = ts.createSourceFile("cell.ts", source, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  const notes: string[] = [];
  const visit = (node: TS.Node): void => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === "annotate") {
      const note = node.arguments[1];
      if (note && (ts.isStringLiteral(note) || ts.isNoSubstitutionTemplateLiteral(note))) notes.push(note.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return notes;
}

const cache = new Map<string, string[]>();

/** The placeholder notes the notebooks of `dir` offer (read once per folder; none when it does not exist). */
export function offeredPlaceholders(dir: string = KIT_NOTEBOOKS): string[] {
  const cached = cache.get(dir);
  if (cached) return cached;
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".ipynb")).sort() : [];
  const notes = files.flatMap((f) => {
    try {
      return readNotebook(join(dir, f)).cells.filter((c) => c.cell_type === "code").flatMap((c) => annotateNotes(sourceText(c)));
    } catch {
      return [];
    }
  });
  cache.set(dir, notes);
  return notes;
}

/** Whether an annotation's kit tag is a placeholder: tagged so, recognised by its words, or a note the kit's notebooks offer. */
export function isPlaceholderAnnotation(kit: { placeholder?: unknown; text?: unknown }, offered: readonly string[] = offeredPlaceholders()): boolean {
  return kit.placeholder === true || (typeof kit.text === "string" && isPlaceholderNote(kit.text, offered));
}
