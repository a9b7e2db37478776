/**
 * One fixed effect on the estimation sample: a dense integer code per row
 * (0 … nLevels−1, every level observed) and the number of rows in each level.
 * Computed once per sample and reused for every variable demeaned and every refit.
 */
export interface FixedEffectFactor {
  name: string;
  codes: Int32Array;
  nLevels: number;
  counts: Float64Array;
}

/**
 * Renumbers codes (−1 = missing, kept as −1) so that the observed levels are 0 … L−1
 * in order of their old codes; returns the new codes and the old code of each new level.
 */
export function densifyCodes(codes: Int32Array, maxCode?: number): { codes: Int32Array; nLevels: number; oldCodeOf: Int32Array } {
  let max = maxCode ?? -1;
  if (maxCode === undefined) for (let i = 0; i < codes.length; i++) if (codes[i] > max) max = codes[i];
  const map = new Int32Array(max + 1).fill(-1);
  for (let i = 0; i < codes.length; i++) if (codes[i] >= 0) map[codes[i]] = 1;
  let nLevels = 0;
  for (let k = 0; k <= max; k++) if (map[k] === 1) map[k] = nLevels++;
  const oldCodeOf = new Int32Array(nLevels);
  for (let k = 0; k <= max; k++) if (map[k] >= 0) oldCodeOf[map[k]] = k;
  const out = new Int32Array(codes.length);
  for (let i = 0; i < codes.length; i++) out[i] = codes[i] < 0 ? -1 : map[codes[i]];
  return { codes: out, nLevels, oldCodeOf };
}

/**
 * The combined factor a^b: one level per observed combination of the levels of its parts
 * (fixest's `fe1^fe2`). Missing in any part gives missing.
 */
export function combineCodes(parts: Int32Array[]): Int32Array {
  const n = parts[0].length;
  let combined = Int32Array.from(parts[0]);
  let combinedLevels = 0;
  for (let i = 0; i < n; i++) if (combined[i] + 1 > combinedLevels) combinedLevels = combined[i] + 1;
  for (let p = 1; p < parts.length; p++) {
    const next = parts[p];
    const out = new Int32Array(n);
    let nLevels = 0;
    for (let k = 0; k < next.length; k++) if (next[k] + 1 > nLevels) nLevels = next[k] + 1;
    let size = 0;
    const keys = combinedLevels * nLevels;
    if (keys <= Math.max(1024, 4 * n) && keys <= 1 << 28) {
      // Compact key space: a lookup table instead of a Map, same first-seen numbering.
      const table = new Int32Array(keys).fill(-1);
      for (let i = 0; i < n; i++) {
        if (combined[i] < 0 || next[i] < 0) {
          out[i] = -1;
          continue;
        }
        const key = combined[i] * nLevels + next[i];
        let code = table[key];
        if (code < 0) table[key] = code = size++;
        out[i] = code;
      }
    } else {
      const seen = new Map<number, number>();
      for (let i = 0; i < n; i++) {
        if (combined[i] < 0 || next[i] < 0) {
          out[i] = -1;
          continue;
        }
        const key = combined[i] * nLevels + next[i];
        let code = seen.get(key);
        if (code === undefined) {
          code = seen.size;
          seen.set(key, code);
        }
        out[i] = code;
      }
      size = seen.size;
    }
    combined = out;
    combinedLevels = size;
  }
  return combined;
}

/**
 * Restricts codes to the rows listed in `rows` (ascending; null for every row) and renumbers them
 * densely. For every row with dense codes, the result shares `codes` (read-only from then on).
 * `levelCounts`, when the caller has them, are the rows of each level (codes 0 … length−1) among
 * `rows`; they save a pass.
 */
export function subsetFactor(name: string, codes: Int32Array, rows: Int32Array | null, levelCounts?: Float64Array): FixedEffectFactor {
  let picked = codes;
  let max = levelCounts ? levelCounts.length - 1 : -1;
  if (rows) {
    picked = new Int32Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const code = codes[rows[i]];
      picked[i] = code;
      if (code > max) max = code;
    }
  } else if (!levelCounts) {
    for (let i = 0; i < codes.length; i++) if (codes[i] > max) max = codes[i];
  }
  // Usually every level survives the subsetting: then the codes are already dense.
  const counts = levelCounts ?? countCodes(picked, max + 1);
  if (allPositive(counts)) return { name, codes: picked, nLevels: max + 1, counts };
  const renumbered = densifyCodes(picked, max);
  const denseCounts = new Float64Array(renumbered.nLevels);
  for (let l = 0; l < renumbered.nLevels; l++) denseCounts[l] = counts[renumbered.oldCodeOf[l]];
  return { name, codes: renumbered.codes, nLevels: renumbered.nLevels, counts: denseCounts };
}

/**
 * True when every level of `inner` lies within a single level of `outer`, i.e. the fixed
 * effect is nested in the cluster variable (fixest's rule for not counting its parameters).
 */
export function isNestedIn(inner: FixedEffectFactor, outer: { codes: Int32Array }): boolean {
  if (inner.codes === outer.codes) return true; // the same variable (a fixed effect that is also the cluster)
  const parent = new Int32Array(inner.nLevels).fill(-1);
  for (let i = 0; i < inner.codes.length; i++) {
    const level = inner.codes[i];
    const owner = outer.codes[i];
    if (parent[level] === -1) parent[level] = owner;
    else if (parent[level] !== owner) return false;
  }
  return true;
}

/** The number of rows of each level 0 … nLevels − 1. */
function countCodes(codes: Int32Array, nLevels: number): Float64Array {
  const counts = new Float64Array(nLevels);
  for (let i = 0; i < codes.length; i++) counts[codes[i]]++;
  return counts;
}

function allPositive(values: Float64Array): boolean {
  for (let k = 0; k < values.length; k++) if (!(values[k] > 0)) return false;
  return true;
}
