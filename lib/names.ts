/**
 * Suggestions for a name the user mistyped — a column, an option, a fixed effect — by edit
 * distance, as R's `agrep` and fixest's "did you mean" do. Every "not found" message of the kit
 * takes its hint from here.
 */

/**
 * Edit distance between two strings, case-insensitive: the fewest single-character insertions,
 * deletions, substitutions and swaps of two adjacent characters that turn one into the other
 * (the optimal-string-alignment form of Damerau 1964; Levenshtein 1966 without swaps), so that
 * "titel" is one edit from "title".
 * @example editDistance("lnpdgp", "lnpgdp") // 1 (one swap)
 */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  const rows: number[][] = [Array.from({ length: t.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= s.length; i++) {
    const row = [i];
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      row[j] = Math.min(rows[i - 1][j] + 1, row[j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) row[j] = Math.min(row[j], rows[i - 2][j - 2] + 1);
    }
    rows.push(row);
  }
  return rows[s.length][t.length];
}

/**
 * The candidates closest to `name`, best first: those within an edit distance of about a third of
 * the name's length (at least 1, at most 3), or equal to it apart from case.
 * @example closestNames("provnce", ["code", "province", "year"]) // ["province"]
 */
export function closestNames(name: string, candidates: Iterable<string>): string[] {
  const limit = Math.min(3, Math.max(1, Math.floor(name.length / 3)));
  const scored: Array<[string, number]> = [];
  for (const candidate of candidates) {
    const distance = editDistance(name, candidate);
    if (distance <= limit) scored.push([candidate, distance]);
  }
  return scored.sort((x, y) => x[1] - y[1]).map(([candidate]) => candidate);
}

/** Lists up to this many candidates are shown in full after a suggestion. */
const SHORT_LIST = 12;

/**
 * The sentence that ends a "not found" message: `Did you mean "x"?` when a candidate is close
 * (with the whole list too when it is short), otherwise the list of what there is (the first 30).
 * @example unknownNameHint("lnpdgp", ["ai", "lnpgdp"], "Available columns") // 'Did you mean "lnpgdp"? Available columns: ai, lnpgdp.'
 */
export function unknownNameHint(name: string, candidates: readonly string[], listLabel: string): string {
  const close = closestNames(name, candidates);
  const list = `${listLabel}: ${candidates.slice(0, 30).join(", ")}${candidates.length > 30 ? ", …" : ""}.`;
  if (close.length === 0) return list;
  const suggestion = `Did you mean "${close[0]}"?`;
  return candidates.length <= SHORT_LIST ? `${suggestion} ${list}` : suggestion;
}
