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
import * as aq from "arquero";
import { DataFileError } from "./errors";
import { ParsedRow } from "./readCityYear";

/** Resolves duplicates among `rows` (one file), setting dropReason on the rows that go. */
export function resolveDuplicates(rows: ParsedRow[], file: string): void {
  const live = rows.filter((r) => !r.dropReason);
  if (live.length === 0) return;
  const t = aq
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
  const rest = live.filter((r) => !r.dropReason);
  const c = aq
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
  if (c.numRows() === 0) return;
  const ci = c.array("i") as ArrayLike<number>;
  const groups = new Map<string, ParsedRow[]>();
  for (let k = 0; k < c.numRows(); k++) {
    const r = rest[ci[k]];
    const g = `${r.unit}|${r.year}`;
    const list = groups.get(g) ?? [];
    list.push(r);
    groups.set(g, list);
  }
  for (const list of groups.values()) {
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
}
