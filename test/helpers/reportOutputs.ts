/** The tables and figures the replication must write (test/notebooks.test.ts, test/notebooks-browser.test.ts), by file name without extension. */
export const TABLES = [
  "audit_files", "audit_kinds", "definitions", "descriptives", "baseline", "iv", "lagged_ai", "value_audit",
  "robust_measures", "robust_samples", "robust_spatial", "heterogeneity", "heterogeneity_tests", "heterogeneity_holm", "mechanisms", "mediation", "mediation_truth", "mc_weak_instrument",
];
export const FIGURES = ["trend_ai_by_shrinking", "map_shrink", "baseline_coefficients", "ols_iv_truth", "placebo", "conley_cutoff", "forest_shrinking", "forest_hu_se", "forest_peripheral", "forest_resource", "mc_sampling", "mc_coverage", "mc_weak_instrument"];
