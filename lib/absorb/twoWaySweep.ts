/**
 * The Gauss–Seidel sweep of two fixed effects without weights, and the grouping it reads: the
 * second effect's codes listed level by level of the first (grouped once per sample; no copy when
 * the rows are sorted by the first effect, a panel sorted by unit). A sweep β → α(β) → β′ is then
 * one pass over the grouped codes:
 *
 *   α_a = (s_a − Σ_{i∈a} β_{b_i}) / n_a,   β′_b = (s_b − Σ_{i∈b} α_{a_i}) / n_b,
 *
 * s the level sums of x. Used by the two-fixed-effect paths that iterate (twoWayUnbalanced.ts,
 * and the fallback of twoWaySortedTwoPass.ts) and to check the direct solve of reducedSystem.ts.
 */
import type { DemeanWorkspace, LevelBlocks } from "./demeanWorkspace";

/**
 * The second fixed effect's codes listed level by level of the first (a stable counting sort,
 * so rows keep their order within a level): other[start[l] … start[l+1]) are the codes of level l.
 * Data sorted by the first fixed effect (a panel sorted by unit) needs no copy. Built on first use
 * and kept in the workspace.
 */
export function levelBlocks(work: DemeanWorkspace): LevelBlocks {
  if (work.blocks) return work.blocks;
  const [fa, fb] = work.factors;
  const a = fa.codes;
  const b = fb.codes;
  const n = a.length;
  const start = new Int32Array(fa.nLevels + 1);
  for (let l = 0; l < fa.nLevels; l++) start[l + 1] = start[l] + fa.counts[l];
  let sorted = true;
  for (let i = 1; i < n && sorted; i++) sorted = a[i] >= a[i - 1];
  let other = b;
  if (!sorted) {
    other = new Int32Array(n);
    const next = start.slice(0, fa.nLevels);
    for (let i = 0; i < n; i++) other[next[a[i]]++] = b[i];
  }
  work.blocks = { start, other };
  return work.blocks;
}

/** Whether the rows are sorted by the first fixed effect (a panel sorted by unit), so its levels are runs of rows. */
export function rowsInBlocks(work: DemeanWorkspace): boolean {
  return levelBlocks(work).other === work.factors[1].codes;
}

/**
 * The Gauss–Seidel sweep for two fixed effects without weights: β → α(β) → β′, level by level
 * of the first effect, α_l = (Σ_{i∈l} x_i − Σ_{i∈l} β_{b_i}) / n_l and then β′ accumulates −α_l
 * for the same rows while they are in cache: one pass over the codes per sweep. Leaves α in
 * work.alpha[0] and β′ in `output` and work.alpha[1].
 */
export function sweepTwo(work: DemeanWorkspace, input: Float64Array, output: Float64Array): void {
  const { start, other } = levelBlocks(work);
  const countA = work.factors[0].counts;
  const countB = work.factors[1].counts;
  const sumA = work.levelSums[0];
  const alpha = work.alpha[0];
  const levels = alpha.length;
  output.set(work.levelSums[1]);
  for (let l = 0; l < levels; l++) {
    const from = start[l];
    const to = start[l + 1];
    let acc = sumA[l];
    for (let j = from; j < to; j++) acc -= input[other[j]];
    const value = countA[l] > 0 ? acc / countA[l] : 0;
    alpha[l] = value;
    for (let j = from; j < to; j++) output[other[j]] -= value;
  }
  for (let l = 0; l < output.length; l++) output[l] = countB[l] > 0 ? output[l] / countB[l] : 0;
  work.alpha[1].set(output);
}
