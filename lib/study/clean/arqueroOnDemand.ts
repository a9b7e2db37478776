/**
 * arquero, loaded on first use: importing the study layer (a notebook's first cell) should not pay
 * ≈ 0.2 s and ≈ 5 MB for the tables that only the cleaning pipeline's duplicate check and
 * `RawStore.table()` build. `require` caches the module, so later calls cost a lookup.
 */
import type * as Aq from "arquero";

/** The arquero module, required the first time it is needed. */
export function arquero(): typeof Aq {
  return require("arquero") as typeof Aq;
}
