/**
 * The kit's error types. Each kind of failure has its own class, so callers can
 * catch what they expect and let the rest surface; every message names the
 * culprit (column, row, formula token) and says what to do next.
 */

/** Base class of every error the kit throws on purpose. */
export class KitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A formula that cannot be parsed, or names something that is not there. */
export class FormulaError extends KitError {
  /** The formula as given. */
  readonly formula: string;
  /** Character offset of the offending token, when one can be pointed at. */
  readonly position: number | undefined;

  constructor(message: string, formula: string, position?: number) {
    const pointer =
      position === undefined ? "" : `\n  ${formula}\n  ${" ".repeat(Math.max(0, position))}^`;
    super(message + pointer);
    this.formula = formula;
    this.position = position;
  }
}

/** Input data of the wrong shape or type: unequal columns, text in a numeric column, infinities. */
export class DataError extends KitError {}

/** A model that the data cannot identify: no rows left, more parameters than observations, no variation. */
export class IdentificationError extends KitError {}

/** An estimation option that is unknown or cannot be honoured (vcov type, cluster variable). */
export class OptionsError extends KitError {}

/** A variance that cannot be computed from the data, e.g. a cluster variable with a single level. */
export class VarianceError extends KitError {}

/** A table or figure that cannot be built as specified: cells that do not fit the columns, a figure spec plotly would reject. */
export class ReportError extends KitError {}

/** A request the kit does not support (yet), e.g. the Anderson–Rubin set with two endogenous regressors. */
export class NotSupportedError extends KitError {}

/** Something the kit needs at run time is not installed (a package file, a browser); the message says how to install it. */
export class SetupError extends KitError {}
