/** A city-year row as the cleaner reads it, and the registry names it is checked against. */

/** One data row of a city-year file after validation and harmonisation. */
export interface ParsedRow {
  /** 1-based line in the file (header = 1). */
  line: number;
  /** The code as printed in the file (trimmed), before renames and merges. */
  printedCode: string;
  /** The city name as printed in the file (trimmed). */
  printedName: string;
  /** Calendar year of the row. */
  year: number;
  /** Yearbook edition (a year) the row was taken from; 0 when the file has no `edition` or the cell is empty. */
  edition: number;
  /** The unit after renames (a registry code, or a merged unit's own code such as 371200). */
  unit: string;
  /** The registry city the row belongs to after merges (null when dropped). */
  target: string | null;
  /** Values by schema column, after unit fixes; NaN = missing. */
  values: number[];
  /** The record's exact text, for exact-duplicate detection. */
  key: string;
  /** Fixes applied, in words. */
  actions: string[];
  /** Why the row is dropped (undefined: not dropped). */
  dropReason?: string;
}

/** The registry as the cleaner needs it: code → current name. */
export type RegistryNames = ReadonlyMap<string, string>;
