/**
 * Robustness helpers (issue 5): the data-side changes a robustness table makes, each returning the
 * data in the form it was given plus counts of what changed, and the inference-side checks that
 * refit the model many times (lib/resample/).
 *
 * Alternative fixed effects need no helper: they are a formula, e.g.
 *   feols("shrink ~ ai + lnpgdp | code + province^year", panel, { vcov: { cluster: "code" } })
 */
export { winsorize, type WinsorizeOptions, type WinsorizeResult, type WinsorizeBounds } from "./winsorize";
export { panelLag, panelLead, type PanelShiftOptions, type PanelShiftResult } from "./panelShift";
export { dropUnits, restrictYears, type DropUnitsResult, type RestrictYearsOptions, type RestrictYearsResult } from "./restrictSample";
export type { TableData, WithColumns } from "./tableData";
export { placeboTest, type PlaceboOptions, type PlaceboResult } from "../resample/placebo";
export { wildClusterBootstrap, type WildBootstrapOptions, type WildBootstrapResult } from "../resample/wildBootstrap";
