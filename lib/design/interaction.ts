import { FormulaError } from "../errors";
import type { Formula, Term } from "../formula/types";
import type { FactorColumn } from "./columns";

/** A named numeric column on the estimation sample (the shape of the model frame's columns). */
interface Column {
  name: string;
  values: Float64Array;
}

type Interaction = Extract<Term, { kind: "interaction" }>;

/**
 * The levels an `i()` term leaves out, as fixest 0.12 does: the levels named by `ref`; without
 * `ref`, none for `i(f, v)` (a slope for every level) and the first level for `i(f)` (the
 * dummies, one of which is collinear with the intercept or the fixed effects).
 * @throws FormulaError when a `ref` level is not a level of the factor in the estimation sample.
 */
function leftOut(term: Interaction, present: { label: string; code: number }[], formula: Formula): Set<number> {
  if (term.references.length === 0) return new Set(term.variable === undefined && present.length > 0 ? [present[0].code] : []);
  return new Set(
    term.references.map((ref) => {
      const found = present.find((l) => l.label === ref);
      if (!found) {
        const shown = present.slice(0, 8).map((l) => l.label).join(", ");
        throw new FormulaError(`ref = ${ref} is not a level of "${term.factor}" in the estimation sample (levels: ${shown}${present.length > 8 ? ", …" : ""}).`, formula.text, term.position);
      }
      return found.code;
    }),
  );
}

/**
 * Expands `i(f, v)` into one column v·1[f = level] per level of f present in the sample, keyed
 * "f::level:v" (fixest's names), and `i(f)` into dummies keyed "f::level"; `ref` levels are
 * left out, and `i(f)` without `ref` leaves out the first level (fixest's `i()`, `?i`).
 * Levels are in the factor's order (numeric when every value is a number).
 * @param rows the estimation sample's rows of the input data
 * @param variable v on every input row (undefined for `i(f)`)
 * @throws FormulaError when a `ref` level is not a level of f in the sample.
 * @example expandInteraction(term "i(year, x, ref = 2010)", …).map((c) => c.name) // ["year::2011:x", …]
 */
export function expandInteraction(term: Interaction, factor: FactorColumn, variable: Float64Array | undefined, rows: Int32Array, formula: Formula): Column[] {
  const seen = new Uint8Array(factor.levels.length);
  for (let i = 0; i < rows.length; i++) seen[factor.codes[rows[i]]] = 1;
  const present = factor.levels.map((label, code) => ({ label, code })).filter((l) => seen[l.code]);
  const skip = leftOut(term, present, formula);
  const columns: Column[] = [];
  for (const level of present) {
    if (skip.has(level.code)) continue;
    columns.push({
      name: variable === undefined ? `${term.factor}::${level.label}` : `${term.factor}::${level.label}:${term.variable}`,
      values: levelColumn(factor.codes, level.code, variable, rows),
    });
  }
  return columns;
}

/** v·1[code = level] (or the dummy) on the sample's rows. */
function levelColumn(codes: Int32Array, level: number, variable: Float64Array | undefined, rows: Int32Array): Float64Array {
  const values = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (codes[row] === level) values[i] = variable === undefined ? 1 : variable[row];
  }
  return values;
}
