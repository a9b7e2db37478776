/**
 * Reads the analysis panel (data/panel.csv, or a user's file of the same shape) into columns:
 * `code` as text, every other column as a Float64Array (empty cell → NaN) — the column-object input
 * `feols` accepts. The header must start with `code,year` and hold every variable of design §5.
 * @throws DataError naming the file, line and column for a missing column or a value that is not a number.
 * @example const panel = readPanel(); feols("shrink ~ ai | code + year", panel, { vcov: { cluster: "code" } })
 */
import * as path from "path";
import { readCsv } from "./csv";
import { DataFileError } from "./clean/errors";
import { parseNumber } from "./clean/numbers";
import { PANEL_VARS, PanelColumns } from "./variables/panelSchema";

/** The committed panel's location. */
export const DEFAULT_PANEL_PATH = path.resolve(__dirname, "..", "..", "data", "panel.csv");

/** The panel's columns, plus any extra numeric column of the file (such as `imputed`). */
export type PanelTable = PanelColumns & Record<string, Float64Array | string[]>;

/**
 * Reads data/panel.csv (or `file`): `code` as text, every other column as numbers (empty → NaN).
 * @throws DataError when the file cannot be read or is malformed CSV; DataFileError naming the file,
 *   line and column for a missing panel column or a value that is not a plain number.
 * @example readPanel().shrink.length // rows of the panel
 */
export function readPanel(file: string = DEFAULT_PANEL_PATH): PanelTable {
  const t = readCsv(file);
  for (const name of ["code", "year", ...PANEL_VARS]) {
    if (!t.header.includes(name)) {
      throw new DataFileError("missing_column", file, 1, name, `the panel has no column "${name}".`, "Rebuild it with scripts/build-data.ts, or add the column (data/CODEBOOK.md, panel.csv).");
    }
  }
  const out: Record<string, Float64Array | string[]> = {};
  t.header.forEach((h, k) => {
    if (h === "code") {
      out.code = t.rows.map((r) => r[k]);
      return;
    }
    const col = new Float64Array(t.rows.length);
    t.rows.forEach((r, i) => {
      const p = parseNumber(r[k]);
      if (p === null || p.separators) {
        throw new DataFileError("wrong_type", file, t.lines[i], h, `"${r[k]}" is not a plain number.`, "Write plain numbers (no separators) or leave the cell empty.");
      }
      col[i] = p.value;
    });
    out[h] = col;
  });
  return out as PanelTable;
}
