/**
 * The order in which parallel workers start the notebooks: longest first (the LPT rule: with two
 * workers the long Monte Carlo notebook starts at once instead of last, and the short ones fill in
 * around it). A notebook's length is its time on the previous run into the same output folder when
 * known, otherwise the typical time below. The order only decides which worker runs what when; the
 * outputs are published in file-name order and do not depend on it.
 */

/**
 * Typical seconds per notebook at the fast resampling defaults (the kit's own notebooks, measured
 * on a 2-core machine; only their order matters). A notebook not listed counts as 0 (runs last).
 */
const TYPICAL_SECONDS: Record<string, number> = {
  "01_data_cleaning": 20,
  "02_descriptives": 10,
  "03_baseline": 8,
  "04_endogeneity": 12,
  "05_robustness": 10,
  "06_heterogeneity": 17,
  "07_mechanisms": 14,
  "08_truth": 45,
};

/**
 * The notebooks in the order to start them: by `lastRunMs` (the total of each notebook's cell times
 * on the previous run, undefined when unknown) or the typical time, longest first; ties in file-name order.
 * @example startOrder(["01_a.ipynb", "08_truth.ipynb"], [undefined, undefined]) // ["08_truth.ipynb", "01_a.ipynb"]
 */
export function startOrder(files: string[], lastRunMs: (number | undefined)[]): string[] {
  const cost = (k: number) => lastRunMs[k] ?? (TYPICAL_SECONDS[files[k].replace(/\.ipynb$/, "")] ?? 0) * 1000;
  return files
    .map((file, k) => ({ file, k, cost: cost(k) }))
    .sort((a, b) => b.cost - a.cost || a.k - b.k)
    .map((e) => e.file);
}
