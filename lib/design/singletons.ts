/**
 * Iterative removal of singletons: rows whose level of some fixed effect has a single
 * observation in the current sample. Removing them can create new singletons in another
 * fixed effect, so the scan repeats until none is left — the kit's one singleton rule (design §4),
 * as Stata's reghdfe does (Correia 2015, "Singletons, cluster-robust standard errors and fixed
 * effects: a bad mix").
 *
 * R fixest 0.12.1 differs: `fixef.rm = "singleton"` removes singletons in one pass ("there is no
 * recursivity implemented", its `feols` documentation; `src/quf.cpp`: "just one round"). Where a
 * removal creates a new singleton, fixest keeps rows the kit drops. The coefficients are the same
 * either way (a singleton row takes its own fixed-effect level with it); N, the cluster counts and
 * the small-sample factors differ. test/golden/README-core.md, case (b), shows both.
 *
 * @param factors the level codes of each fixed effect (over all rows; −1 = missing, such rows
 *                already have keep = 0) and their number of levels
 * @param keep    rows still in the sample; updated in place
 * @returns the number of rows removed, and each fixed effect's row count per level on what is kept
 */
export function dropSingletons(factors: { codes: Int32Array; nLevels: number }[], keep: Uint8Array): { removed: number; counts: Float64Array[] } {
  const codes = factors.map((f) => f.codes);
  const counts = factors.map((f) => new Float64Array(f.nLevels));
  if (codes.length === 0) return { removed: 0, counts };
  const n = keep.length;
  for (let f = 0; f < codes.length; f++) countLevels(codes[f], keep, counts[f]);
  // Usually there is no singleton at all: one look at the level counts settles it.
  let any = false;
  for (let f = 0; f < counts.length && !any; f++) {
    const count = counts[f];
    for (let l = 0; l < count.length; l++) {
      if (count[l] === 1) {
        any = true;
        break;
      }
    }
  }
  if (!any) return { removed: 0, counts };
  let removed = 0;
  for (;;) {
    let removedThisRound = 0;
    for (let i = 0; i < n; i++) {
      if (!keep[i]) continue;
      let single = false;
      for (let f = 0; f < codes.length && !single; f++) single = counts[f][codes[f][i]] === 1;
      if (single) {
        keep[i] = 0;
        removedThisRound++;
        for (let f = 0; f < codes.length; f++) counts[f][codes[f][i]]--;
      }
    }
    removed += removedThisRound;
    if (removedThisRound === 0) return { removed, counts };
  }
}

/** count[level] += 1 for every kept row (a function of its own, so V8 optimises the loop once). */
function countLevels(codes: Int32Array, keep: Uint8Array, count: Float64Array): void {
  for (let i = 0; i < keep.length; i++) if (keep[i]) count[codes[i]]++;
}
