/**
 * R's `summary(fit)` and `print(fit)` for participants who type them out of habit: both give the
 * fixest-style text report of a fit (`fit.summary()`), and `summaryBundle` is what `show(fit)` displays.
 */
import { escapeHtml } from "./html";

/** Anything with a text summary: a FeolsResult, IvResult, MediationResult, GroupComparison. */
export interface Summarizable {
  /** The plain-text report. */
  summary(): string;
}

/** A fit's summary as a value: prints as the report in a notebook cell and in `console.log`. */
export class FitSummary {
  /** The plain-text report. */
  readonly text: string;

  /** @internal Made by `summary(fit)`. */
  constructor(text: string) {
    this.text = text;
  }

  /** The report, so that string contexts read it. */
  toString(): string {
    return this.text;
  }

  /** Node's inspection (a cell's last value, `console.log`) shows the report, not the object. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.text;
  }
}

/** True for an object with a `summary()` method. */
export function isSummarizable(value: unknown): value is Summarizable {
  return typeof value === "object" && value !== null && typeof (value as { summary?: unknown }).summary === "function";
}

/**
 * R's `summary(fit)`: the fit's report as a value that displays as text (the last line of a cell,
 * or `console.log(summary(fit))`). Same as `fit.summary()`.
 * @example summary(feols("y ~ x | id", data))
 */
export function summary(fit: Summarizable): FitSummary {
  return new FitSummary(fit.summary());
}

/**
 * R's `print(fit)`: writes the fit's report to the cell's output and returns nothing.
 * @example print(fit)
 */
export function print(fit: Summarizable): void {
  console.log(fit.summary());
}

/** The display bundle of a fit's report: preformatted HTML and plain text. */
export function summaryBundle(fit: Summarizable): Record<string, unknown> {
  const text = fit.summary();
  return { "text/html": `<pre style="font-size:12px;line-height:1.35">${escapeHtml(text)}</pre>`, "text/plain": text };
}
