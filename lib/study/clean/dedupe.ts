/**
 * Duplicate rows of a city-year file, resolved with arquero:
 *
 *  - exact duplicates (the same record text twice — a page printed twice): every copy after the first is
 *    dropped, "exact duplicate of line L";
 *  - conflicting duplicates (the same unit and year with different values): the row from the latest
 *    yearbook edition is kept and the others dropped, "superseded by line L (edition E)" — a later edition
 *    revises an earlier one. When two rows of the latest edition disagree there is no rule to choose: a
 *    duplicate-city-year error names both lines.
 * Rows already dropped (out of sample, out of range) take no part. Marks rows in place.
 */
import type * as aq from "arquero";
import { arquero } from "./arqueroOnDemand";
import { DataFileError } from "./errors";
import { ParsedRow } from "./readCityYear";

/**
 * Resolves duplicates among `rows` (one file), setting dropReason on the rows that go: first exact
 * duplicates ({@link markExactDuplicates}), then conflicting ones among the rows left
 * ({@link conflictingGroups}, {@link resolveConflict}).
 * @param file the file's name, for messages
 * @throws DataFileError ("duplicate_city_year") when two rows of the latest edition disagree.
 * @example resolveDuplicates(rows, "economy.csv") // the second copy of a printed-twice row: "exact duplicate of line 12"
 */
export function resolveDuplicates(rows: ParsedRow[], file: string): void {
  const live = rows.filter((r) => !r.dropReason);
  if (live.length === 0) return;
  markExactDuplicates(live);
  const rest = live.filter((r) => !r.dropReason);
  for (const list of conflictingGroups(rest)) resolveConflict(list, file);
}

/**
 * Marks every copy of a record text after its first as "exact duplicate of line L" (L: the first
 * copy's line), grouping by the record's exact text with arquero.
 * @example markExactDuplicates(rows) // rows 3 and 9 with the same text: row 9 dropped, "exact duplicate of line 3"
 */
function markExactDuplicates(live: ParsedRow[]): void {
  const t = arquero()
    .table({
      i: live.map((_, k) => k),
      line: live.map((r) => r.line),
      key: live.map((r) => r.key),
      unit: live.map((r) => r.unit),
      year: live.map((r) => r.year),
      edition: live.map((r) => r.edition),
    })
    .groupby("key")
    .derive({ copy: "() => op.row_number()", first: "d => op.min(d.line)" })
    .ungroup();
  const copy = t.array("copy") as ArrayLike<number>;
  const first = t.array("first") as ArrayLike<number>;
  const idx = t.array("i") as ArrayLike<number>;
  for (let k = 0; k < t.numRows(); k++) {
    if (copy[k] > 1) live[idx[k]].dropReason = `exact duplicate of line ${first[k]}`;
  }
}

/**
 * The rows that share a unit and year with another row, grouped by (unit, year) in order of first
 * appearance — the conflicting duplicates; empty when there are none.
 * @example conflictingGroups(rows) // [[row of 370100 2015 (edition 2016), row of 370100 2015 (edition 2017)]]
 */
function conflictingGroups(rest: ParsedRow[]): ParsedRow[][] {
  const c = arquero()
    .table({
      i: rest.map((_, k) => k),
      unit: rest.map((r) => r.unit),
      year: rest.map((r) => r.year),
      edition: rest.map((r) => r.edition),
    })
    .groupby("unit", "year")
    .derive({ n: "() => op.count()" })
    .filter("d => d.n > 1")
    .ungroup();
  if (c.numRows() === 0) return [];
  const ci = c.array("i") as ArrayLike<number>;
  const groups = new Map<string, ParsedRow[]>();
  for (let k = 0; k < c.numRows(); k++) {
    const r = rest[ci[k]];
    const g = `${r.unit}|${r.year}`;
    const list = groups.get(g) ?? [];
    list.push(r);
    groups.set(g, list);
  }
  return Array.from(groups.values());
}

/**
 * Keeps the row of the latest edition in a group of conflicting duplicates and drops the others,
 * "superseded by line L (edition E) — conflicting duplicate"; the kept row records what it won over.
 * @throws DataFileError ("duplicate_city_year") naming both lines when two rows share the latest edition.
 * @example resolveConflict([rowEdition2016, rowEdition2017], "economy.csv") // drops the 2016 row
 */
function resolveConflict(list: ParsedRow[], file: string): void {
  const latest = Math.max(...list.map((r) => r.edition));
  const winners = list.filter((r) => r.edition === latest);
  if (winners.length > 1) {
    const [a, b] = winners;
    throw new DataFileError(
      "duplicate_city_year",
      file,
      b.line,
      "code",
      `city ${b.unit} has two different rows for ${b.year} (lines ${a.line} and ${b.line}) from the same edition (${latest || "none given"}).`,
      "Keep one of them, or give each row its yearbook edition in an `edition` column so that the later one wins.",
    );
  }
  for (const r of list) {
    if (r !== winners[0]) r.dropReason = `superseded by line ${winners[0].line} (edition ${latest}) — conflicting duplicate`;
  }
  winners[0].actions.push(`kept over ${list.length - 1} earlier-edition row(s) for the same year (conflicting duplicate)`);
}
