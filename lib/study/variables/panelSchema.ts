/**
 * The analysis panel's variables (design §5), in data/panel.csv's column order after `code` and `year`.
 * Controls hold the value of year t − 1 in row t (they enter lagged); see data/CODEBOOK.md.
 */
export const PANEL_VARS = [
  "shrink",
  "shrink_hukou",
  "shrink_index",
  "ai",
  "ai_bartik",
  "ai_firms",
  "ai_patents",
  "ai_iv",
  "lnpgdp",
  "gov",
  "fin",
  "open",
  "hc",
  "infra",
  "density",
  "pop_return",
  "iei",
  "isu",
  "share_sum",
  "shrinking",
  "hu_se",
  "peripheral",
  "resource",
] as const;

/** A numeric panel variable. */
export type PanelVar = (typeof PANEL_VARS)[number];

/** The panel as columns: code (text), year and every variable as Float64Array, NaN = missing. */
export type PanelColumns = {
  /** 6-digit city codes. */
  code: string[];
  /** Calendar years. */
  year: Float64Array;
} & { [K in PanelVar]: Float64Array };

/** The controls of design §5 (entered lagged one year). */
export const CONTROLS = ["lnpgdp", "gov", "fin", "open", "hc", "infra", "density"] as const;

/** Ratio controls winsorized at the pooled 1st and 99th percentiles. */
export const WINSORIZED = ["gov", "fin", "open", "hc", "infra"] as const;
