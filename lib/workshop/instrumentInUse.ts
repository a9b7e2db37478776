/**
 * The shift-share instrument's pieces for the panel in use, or — on a user's panel (KIT_PANEL) whose
 * raw files are not at hand — one line saying why notebook 04's shift-share section is skipped, so
 * the notebook's later cells still run (they test for `undefined`, as `withTruth`'s callers do).
 */
import { SetupError } from "../errors";
import { show } from "../report/display";
import { escapeHtml } from "../report/html";
import { instrumentShares, type InstrumentPanel, type InstrumentShares, type InstrumentSharesOptions } from "../study/instrumentShares";

/**
 * `instrumentShares(panel, options)`, or undefined after showing the reason when the raw files that
 * built a KIT_PANEL are not found (a SetupError); any other error (a broken file) is thrown.
 * @example const ins = instrumentSharesInUse(panel); // undefined on a KIT_PANEL without its raw files
 */
export function instrumentSharesInUse(panel: InstrumentPanel, options: InstrumentSharesOptions = {}): InstrumentShares | undefined {
  try {
    return instrumentShares(panel, options);
  } catch (e) {
    if (!(e instanceof SetupError)) throw e;
    const line = `Skipped: the shift-share section needs the instrument's raw files. ${e.message}`;
    show({ "text/markdown": `*${line}*`, "text/html": `<p><i>${escapeHtml(line)}</i></p>`, "text/plain": line });
    return undefined;
  }
}
