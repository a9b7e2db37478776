/**
 * Harmonising a city-year row's unit: the code and name printed in a yearbook mapped to the registry
 * city the row belongs to, through the dated crosswalk (lib/study/crosswalk.ts) — renames, the merged
 * 莱芜, the split 巢湖 and units outside the sample.
 */
import { Merge, OUT_OF_SAMPLE, RENAMES, SPLITS } from "../crosswalk";
import { DataFileError } from "./errors";
import type { ParsedRow, RegistryNames } from "./parsedRow";
import { baseName, otherOwners } from "./unitNames";

/** What harmonising a row needs to know. */
export interface HarmoniseContext {
  /** The file's name or path, for messages. */
  readonly file: string;
  /** code → current name of the sample's cities. */
  readonly registry: RegistryNames;
  /** Merged units by their own code (crosswalk.ts MERGES). */
  readonly mergeOf: ReadonlyMap<string, Merge>;
}

/**
 * Sets the row's unit and target city. First two checks: the printed name must not belong to another
 * code ({@link checkCodeMatchesName}), and the unit must still exist in the row's year
 * ({@link checkUnitExists}). Then, in this order: a unit outside the sample is dropped (OUT_OF_SAMPLE);
 * a merged unit keeps its code and targets the city it merged into (MERGES); an old code — or a kept
 * code under its old name — maps to the new one (RENAMES); a registry code targets itself (a differing
 * name is replaced by the registry's; an unknown one is also warned about, unitNames.ts). Every change
 * is recorded in `row.actions`.
 * @throws DataFileError ("code_name_mismatch", "unit_after_change", "unknown_city").
 * @example harmoniseUnit(row, context) // row printed as 522400 毕节地区 in 2008 → unit and target 520500
 */
export function harmoniseUnit(row: ParsedRow, context: HarmoniseContext): void {
  if (!isKnownCode(row.printedCode, context)) throw unknownCity(row, context);
  checkCodeMatchesName(row, context);
  checkUnitExists(row, context);
  const { printedCode: code, printedName: name, actions } = row;
  // an old code always maps; a kept code maps when printed under its old name
  const rename = RENAMES.find((rn) => rn.oldCode === code && (rn.oldCode !== rn.newCode || baseName(name) === baseName(rn.oldName)));
  const merge = context.mergeOf.get(code);
  if (OUT_OF_SAMPLE[code] !== undefined) {
    row.dropReason = `not in the 287-city sample: ${OUT_OF_SAMPLE[code]}`;
  } else if (merge) {
    row.unit = code;
    row.target = merge.intoCode;
    actions.push(`merged into ${merge.intoCode} ${merge.intoName} (${merge.note})`);
  } else if (rename) {
    row.unit = rename.newCode;
    row.target = rename.newCode;
    actions.push(
      rename.oldCode === rename.newCode
        ? `name ${name} → ${rename.newName} (${rename.note})`
        : `code ${code} ${name} → ${rename.newCode} ${rename.newName} (${rename.note})`,
    );
  } else if (context.registry.has(code)) {
    row.target = code;
    const official = context.registry.get(code) as string;
    if (name !== official) actions.push(`name ${name} → ${official} (registry name)`);
  }
}

/** Whether the crosswalk or the registry knows a printed code. */
function isKnownCode(code: string, context: HarmoniseContext): boolean {
  return OUT_OF_SAMPLE[code] !== undefined || context.mergeOf.has(code) || RENAMES.some((rn) => rn.oldCode === code) || SPLITS.some((s) => s.code === code) || context.registry.has(code);
}

/** The error for a code none of the rules knows; when the printed name is a registry city's, it says whose. */
function unknownCity(row: ParsedRow, context: HarmoniseContext): DataFileError {
  const { printedCode: code, printedName: name } = row;
  const owners = name ? otherOwners(code, name, context.registry) : null;
  const hint = owners ? ` The name ${name} is that of ${owners.join(", ")}: a typo in the code?` : "";
  return new DataFileError(
    "unknown_city",
    context.file,
    row.line,
    "code",
    `city code ${code} (${name || "no name"}) is not in the registry (data/cities.csv), the renames or the known exclusions.${hint}`,
    "Check the code against data/cities.csv; an old code needs an entry in lib/study/crosswalk.ts.",
  );
}

/**
 * A printed name that belongs to other codes only (深圳市 on a 440100 row) is an error: the row would
 * otherwise be used as the code's city under the other city's name.
 * @throws DataFileError ("code_name_mismatch", column "city").
 * @example checkCodeMatchesName({ printedCode: "440100", printedName: "深圳市", ... }, context) // throws
 */
export function checkCodeMatchesName(row: ParsedRow, context: HarmoniseContext): void {
  const owners = otherOwners(row.printedCode, row.printedName, context.registry);
  if (owners === null) return;
  const own = context.registry.get(row.printedCode);
  const named = owners.map((c) => `${c}${context.registry.has(c) ? ` ${context.registry.get(c)}` : ""}`).join(", ");
  throw new DataFileError(
    "code_name_mismatch",
    context.file,
    row.line,
    "city",
    `code and name disagree: the name ${row.printedName} belongs to ${named}, not to ${row.printedCode}${own ? ` (${own})` : ""}.`,
    "Correct the code or the name of this row; data/cities.csv and lib/study/crosswalk.ts list each code's names.",
  );
}

/**
 * A row of a merged unit (莱芜) from its merger year on, or of an abolished one (巢湖) from its
 * abolition on, is an error: from then on its territory is printed in the receiving cities' rows.
 * @throws DataFileError ("unit_after_change", column "year").
 * @example checkUnitExists({ printedCode: "371200", year: 2019, ... }, context) // throws
 */
export function checkUnitExists(row: ParsedRow, context: HarmoniseContext): void {
  const { printedCode: code, year } = row;
  const merge = context.mergeOf.get(code);
  if (merge && year >= merge.until) {
    throw new DataFileError(
      "unit_after_change",
      context.file,
      row.line,
      "year",
      `${code} ${merge.name} has a row for ${year}, but ${merge.note}: its rows from ${merge.until} on are the merged city's (${merge.intoCode} ${merge.intoName}).`,
      `Delete the row; if it holds ${merge.intoName}'s figures, print it under ${merge.intoCode}.`,
    );
  }
  const split = SPLITS.find((s) => s.code === code);
  if (split && year >= split.year) {
    const receivers = split.into.map((p) => `${p.code} ${p.name} (${p.parts})`).join(", ");
    throw new DataFileError(
      "unit_after_change",
      context.file,
      row.line,
      "year",
      `${code} ${split.name} has a row for ${year}, but ${split.note}: from ${split.year} on its territory is in ${receivers}.`,
      "Delete the row; a county-level 巢湖市 row belongs to Hefei's figures, not to a prefecture table.",
    );
  }
}
