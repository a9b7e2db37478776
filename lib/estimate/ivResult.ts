import { NotSupportedError } from "../errors";
import type { AndersonRubinSet } from "../diagnostics/andersonRubin";
import type { FirstStage } from "../diagnostics/firstStage";
import type { OveridentificationTest } from "../diagnostics/hansenJ";
import type { StockYogoCriticalValues } from "../diagnostics/stockYogo";
import type { FTest } from "../diagnostics/wuHausman";
import { FeolsResult } from "../result/fit";
import { formatNumber, formatP, textTable } from "../result/format";
import type { FitFields } from "../result/types";

/** The first-stage and specification diagnostics of a 2SLS fit (design §3–§4). */
export interface IvDiagnostics {
  /** Kleibergen–Paap rk LM under-identification statistic (χ², no small-sample factor; Kleibergen & Paap 2006). */
  kpLM: number;
  /** Its p-value, from χ²(kpLMdf). */
  kpLMp: number;
  /** Its degrees of freedom, L − K + 1 (L excluded instruments, K endogenous regressors). */
  kpLMdf: number;
  /** Kleibergen–Paap rk Wald statistic (χ² form) and its F form (ivreghdfe scaling). */
  kpWaldChi2: number;
  /** The rk Wald F, χ²/L scaled as ivreghdfe does with absorbed fixed effects (design §4). */
  kpWaldF: number;
  /** Cragg–Donald Wald F, fixest's form; and ivreg2's count with the fixed effects as dummies. */
  cdWaldF: number;
  /** Cragg–Donald Wald F as ivreg2 counts it with the fixed effects as dummies. */
  cdWaldFIvreg2: number;
  /** Canonical correlations of the partialled endogenous regressors and instruments. */
  canonicalCorrelations: number[];
  /** Stock–Yogo (2005) critical values for the weak-instrument F, where tabulated. */
  stockYogo: StockYogoCriticalValues;
  /** Over-identification (Hansen J; Sargan under iid): only when over-identified. */
  hansenJ?: number;
  /** p-value of Hansen J from χ²(hansenJdf). */
  hansenJp?: number;
  /** L − K, the degree of over-identification. */
  hansenJdf?: number;
  /** The over-identification test in full: Hansen J, or Sargan under iid. */
  overidentification?: OveridentificationTest;
  /** Durbin–Wu–Hausman endogeneity test (regression form, fixest `wh`). */
  wuHausman: FTest;
  /** Anderson–Rubin test of β = 0 (single endogenous regressor only). */
  andersonRubin?: FTest;
}

/** Everything an IV fit adds to the fields of an OLS fit. */
export interface IvFields {
  firstStage: Record<string, FirstStage>;
  /** Computes the diagnostics; called once, on first access of `ivDiagnostics`. */
  ivDiagnostics: () => IvDiagnostics;
  endogenous: string[];
  instruments: string[];
  andersonRubinTest?: (beta0: number) => FTest;
  andersonRubinSet?: (level: number) => AndersonRubinSet;
  reducedForm: () => FeolsResult;
}

/**
 * A 2SLS fit: the second stage (the instrumented regressors keep their own names in `coef`),
 * each endogenous regressor's first stage, and the diagnostics block an ivreg2 user expects.
 */
export class IvResult extends FeolsResult {
  /** Each endogenous regressor's first stage: its fit, partial F (fixest `ivf`) and Wald F (fixest `ivwald`). */
  readonly firstStage: Record<string, FirstStage>;
  private readonly computeDiagnostics: () => IvDiagnostics;
  private diagnosticsCache?: IvDiagnostics;
  /** The endogenous regressors' names. */
  readonly endogenous: string[];
  /** The excluded instruments' names. */
  readonly instruments: string[];
  private readonly arTest?: (beta0: number) => FTest;
  private readonly arSet?: (level: number) => AndersonRubinSet;
  private readonly reducedFormFit: () => FeolsResult;
  private reducedFormCache?: FeolsResult;

  /** @internal Fits are made by `feols` and `PreparedModel`. */
  constructor(fields: FitFields, iv: IvFields) {
    super(fields);
    this.firstStage = iv.firstStage;
    this.computeDiagnostics = iv.ivDiagnostics;
    this.endogenous = iv.endogenous;
    this.instruments = iv.instruments;
    this.arTest = iv.andersonRubinTest;
    this.arSet = iv.andersonRubinSet;
    this.reducedFormFit = iv.reducedForm;
  }

  /**
   * Kleibergen–Paap, Cragg–Donald, Stock–Yogo, Hansen J, Wu–Hausman and Anderson–Rubin (β = 0),
   * computed on first access and kept.
   */
  get ivDiagnostics(): IvDiagnostics {
    this.diagnosticsCache ??= this.computeDiagnostics();
    return this.diagnosticsCache;
  }

  /**
   * Anderson–Rubin test of H₀: β = β₀ for the single endogenous regressor, robust to weak
   * instruments: the Wald F of the excluded instruments in the regression of y − β₀x on them.
   */
  andersonRubin(beta0 = 0): FTest {
    if (!this.arTest) throw new NotSupportedError("The Anderson–Rubin test is implemented for one endogenous regressor.");
    return this.arTest(beta0);
  }

  /** The Anderson–Rubin confidence set for the single endogenous regressor's coefficient. */
  andersonRubinSet(level = 0.95): AndersonRubinSet {
    if (!this.arSet) throw new NotSupportedError("The Anderson–Rubin confidence set is implemented for one endogenous regressor.");
    return this.arSet(level);
  }

  /** The reduced form: y on the instruments and exogenous regressors, same fixed effects and variance. */
  reducedForm(): FeolsResult {
    this.reducedFormCache ??= this.reducedFormFit();
    return this.reducedFormCache;
  }

  /** The diagnostics block printed under the second stage. */
  diagnosticsText(): string {
    const d = this.ivDiagnostics;
    const rows: string[][] = [];
    for (const name of this.endogenous) {
      const fs = this.firstStage[name];
      rows.push([`First stage (${name}): partial F`, formatNumber(fs.partialF.stat), `F(${fs.partialF.df1}, ${fs.partialF.df2})`, formatP(fs.partialF.p)]);
      rows.push([`First stage (${name}): Wald F`, formatNumber(fs.waldF.stat), `F(${fs.waldF.df1}, ${fs.waldF.df2})`, formatP(fs.waldF.p)]);
    }
    rows.push(["Kleibergen–Paap rk LM (under-identification)", formatNumber(d.kpLM), `χ²(${d.kpLMdf})`, formatP(d.kpLMp)]);
    rows.push(["Kleibergen–Paap rk Wald F (weak identification)", formatNumber(d.kpWaldF), "", ""]);
    rows.push(["Cragg–Donald Wald F (fixest)", formatNumber(d.cdWaldF), "", ""]);
    rows.push(["Cragg–Donald Wald F (ivreg2, FE as dummies)", formatNumber(d.cdWaldFIvreg2), "", ""]);
    if (d.overidentification) {
      const o = d.overidentification;
      rows.push([`${o.test} (over-identification)`, formatNumber(o.stat), `χ²(${o.df})`, formatP(o.p)]);
    } else {
      rows.push(["Over-identification", "exactly identified", "", ""]);
    }
    rows.push(["Wu–Hausman (endogeneity)", formatNumber(d.wuHausman.stat), `F(${d.wuHausman.df1}, ${d.wuHausman.df2})`, formatP(d.wuHausman.p)]);
    if (d.andersonRubin) {
      rows.push(["Anderson–Rubin test of β = 0", formatNumber(d.andersonRubin.stat), `F(${d.andersonRubin.df1}, ${d.andersonRubin.df2})`, formatP(d.andersonRubin.p)]);
    }
    const lines = ["IV diagnostics (first-stage statistics under the model's variance type):", textTable(rows)];
    const sy = d.stockYogo;
    if (sy.size) {
      lines.push(
        `Stock–Yogo critical values, 2SLS maximal size: 10% ${sy.size["10%"]}, 15% ${sy.size["15%"]}, 20% ${sy.size["20%"]}, 25% ${sy.size["25%"]}`,
      );
    }
    if (sy.bias) {
      lines.push(`Stock–Yogo critical values, 2SLS maximal relative bias: 5% ${sy.bias["5%"]}, 10% ${sy.bias["10%"]}, 20% ${sy.bias["20%"]}, 30% ${sy.bias["30%"]}`);
    }
    if (!sy.size && !sy.bias) lines.push("Stock–Yogo critical values: not tabulated for this number of endogenous regressors and instruments.");
    if (this.arSet) {
      const set = this.andersonRubinSet(0.95);
      const shown =
        set.shape === "interval"
          ? `[${formatNumber(set.lower as number)}, ${formatNumber(set.upper as number)}]`
          : set.shape === "two rays"
            ? `(−∞, ${formatNumber(set.lower as number)}] ∪ [${formatNumber(set.upper as number)}, ∞)`
            : set.shape === "empty"
              ? "empty"
              : set.shape === "real line"
                ? "(−∞, ∞)"
                : set.intervals.map(([lo, hi]) => `[${formatNumber(lo)}, ${formatNumber(hi)}]`).join(" ∪ ");
      lines.push(`Anderson–Rubin 95% confidence set for ${this.endogenous[0]}: ${shown}`);
    }
    return lines.join("\n");
  }

  override summary(): string {
    return `${super.summary()}\n\n${this.diagnosticsText()}`;
  }
}

/** Narrows a fit to an IvResult (for formulas held in variables, whose IV part the type system cannot see). */
export function isIvResult(fit: FeolsResult): fit is IvResult {
  return fit instanceof IvResult;
}
