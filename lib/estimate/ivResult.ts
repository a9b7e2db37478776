import { NotSupportedError } from "../errors";
import type { AndersonRubinSet } from "../diagnostics/andersonRubin";
import type { RobustFTest } from "../diagnostics/controlFunctionHausman";
import type { EffectiveF, WeakIvCriticalValues } from "../diagnostics/effectiveF";
import type { FirstStage } from "../diagnostics/firstStage";
import type { OveridentificationTest } from "../diagnostics/hansenJ";
import type { StockYogoCriticalValues } from "../diagnostics/stockYogo";
import type { TFAdjustment } from "../diagnostics/tF";
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
  /** Durbin–Wu–Hausman endogeneity test (regression form, fixest `wh`), which assumes iid errors whatever the model's variance. */
  wuHausman: FTest;
  /**
   * The control-function Wu–Hausman test under the model's variance (cluster-robust when clustered):
   * the Wald F that the first-stage residuals' coefficients are zero when added to the structural
   * equation, df (q, the model's t degrees of freedom).
   */
  wuHausmanRobust: RobustFTest;
  /**
   * Montiel Olea–Pflueger (2013) effective F under the model's variance, with `weakivtest`'s
   * critical values for a worst-case 2SLS bias of 5/10/20/30% (one endogenous regressor only).
   */
  effectiveF?: EffectiveF;
  /** Lee, McCrary, Moreira & Porter (2022) tF adjustment (one endogenous regressor and one instrument only). */
  tF?: TFAdjustment;
  /** Anderson–Rubin test of β = 0 (single endogenous regressor only). */
  andersonRubin?: FTest;
  /**
   * Set when the score-based statistics (Kleibergen–Paap, the effective F, Hansen J) cannot follow the
   * model's variance: under Driscoll–Kraay, Newey–West and Conley they use heteroskedasticity-robust
   * (HC0) scores, and this says so. Absent under iid, hetero and cluster (they follow the model).
   */
  scoreVarianceNote?: string;
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
   * Kleibergen–Paap, Cragg–Donald, Stock–Yogo, Hansen J, Wu–Hausman (iid and control-function
   * under the model's variance), the Montiel Olea–Pflueger effective F, the tF adjustment and
   * Anderson–Rubin (β = 0), computed on first access and kept.
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

  /**
   * The diagnostics block printed under the second stage. The last column names the variance each
   * statistic assumes: "iid" (partial F, Cragg–Donald, Stock–Yogo, the classical Wu–Hausman) or
   * "model" (the fit's own variance, stated in the first line).
   */
  diagnosticsText(): string {
    const d = this.ivDiagnostics;
    const rows = [...this.identificationRows(), ...this.endogeneityRows()];
    const lines = [`IV diagnostics (last column: the variance each statistic assumes; model = ${this.vcovType}):`, textTable(rows)];
    if (d.scoreVarianceNote) lines.push(`* ${d.scoreVarianceNote}`);
    lines.push(...effectiveFLines(d), ...stockYogoLines(d.stockYogo));
    if (this.arSet) lines.push(`Anderson–Rubin 95% confidence set for ${this.endogenous[0]} (model's variance): ${arSetText(this.andersonRubinSet(0.95))}`);
    return lines.join("\n");
  }

  /** First-stage F statistics, Kleibergen–Paap, Cragg–Donald and the effective F, one row each. */
  private identificationRows(): string[][] {
    const d = this.ivDiagnostics;
    const rows: string[][] = [];
    for (const name of this.endogenous) {
      const fs = this.firstStage[name];
      rows.push([`First stage (${name}): partial F (fixest ivf)`, formatNumber(fs.partialF.stat), `F(${fs.partialF.df1}, ${fs.partialF.df2})`, formatP(fs.partialF.p), "iid"]);
      rows.push([`First stage (${name}): Wald F (fixest ivwald)`, formatNumber(fs.waldF.stat), `F(${fs.waldF.df1}, ${fs.waldF.df2})`, formatP(fs.waldF.p), "model"]);
    }
    const scores = d.scoreVarianceNote ? "HC0*" : "model";
    rows.push(["Kleibergen–Paap rk LM (under-identification)", formatNumber(d.kpLM), `χ²(${d.kpLMdf})`, formatP(d.kpLMp), scores]);
    rows.push(["Kleibergen–Paap rk Wald F (weak identification)", formatNumber(d.kpWaldF), "", "", scores]);
    rows.push(["Cragg–Donald Wald F (fixest)", formatNumber(d.cdWaldF), "", "", "iid"]);
    rows.push(["Cragg–Donald Wald F (ivreg2, FE as dummies)", formatNumber(d.cdWaldFIvreg2), "", "", "iid"]);
    if (d.effectiveF) {
      const e = d.effectiveF;
      rows.push(["Effective F (Montiel Olea–Pflueger)", formatNumber(e.F), `10% cv ${formatNumber(e.critical["10%"], 5)}`, "", scores]);
    }
    return rows;
  }

  /** Over-identification, the two Wu–Hausman tests and the Anderson–Rubin test, one row each. */
  private endogeneityRows(): string[][] {
    const d = this.ivDiagnostics;
    const rows: string[][] = [];
    if (d.overidentification) {
      const o = d.overidentification;
      rows.push([`${o.test} (over-identification)`, formatNumber(o.stat), `χ²(${o.df})`, formatP(o.p), d.scoreVarianceNote ? "HC0*" : "model"]);
    } else {
      rows.push(["Over-identification", "exactly identified", "", "", ""]);
    }
    const wh = d.wuHausman;
    rows.push(["Wu–Hausman (endogeneity; fixest wh)", formatNumber(wh.stat), `F(${wh.df1}, ${wh.df2})`, formatP(wh.p), "iid"]);
    const rw = d.wuHausmanRobust;
    rows.push(["Wu–Hausman, control function (endogeneity)", formatNumber(rw.stat), `F(${rw.df1}, ${rw.df2})`, formatP(rw.p), "model"]);
    if (d.andersonRubin) {
      const ar = d.andersonRubin;
      rows.push(["Anderson–Rubin test of β = 0", formatNumber(ar.stat), `F(${ar.df1}, ${ar.df2})`, formatP(ar.p), "model"]);
    }
    return rows;
  }

  override summary(): string {
    return `${super.summary()}\n\n${this.diagnosticsText()}`;
  }
}

/** The Montiel Olea–Pflueger critical values and the tF adjustment, when defined. */
function effectiveFLines(d: IvDiagnostics): string[] {
  const lines: string[] = [];
  const e = d.effectiveF;
  if (e) {
    const list = (c: WeakIvCriticalValues) => (["5%", "10%", "20%", "30%"] as const).map((k) => `${k} ${c[k].toFixed(2)}`).join(", ");
    lines.push(
      `Montiel Olea–Pflueger critical values for the effective F (5% test; worst-case 2SLS bias τ; model's variance; K_eff ${formatNumber(e.kEff, 4)}): generalized ${list(e.critical)}; simplified ${list(e.criticalSimplified)}`,
    );
  }
  const t = d.tF;
  if (t) {
    for (const [name, [lo, hi]] of Object.entries(t.ci)) {
      lines.push(
        `tF (Lee, McCrary, Moreira & Porter 2022): c(F = ${formatNumber(t.F, 4)}) = ${formatNumber(t.criticalValue, 4)}; ${name}: adjusted SE ${formatNumber(t.se[name])}, 95% interval [${formatNumber(lo)}, ${formatNumber(hi)}]`,
      );
    }
  }
  return lines;
}

/** The Stock–Yogo lines: values for the Cragg–Donald F, derived under iid errors. */
function stockYogoLines(sy: StockYogoCriticalValues): string[] {
  const lines: string[] = [];
  if (sy.size) {
    lines.push(`Stock–Yogo critical values, 2SLS maximal size: 10% ${sy.size["10%"]}, 15% ${sy.size["15%"]}, 20% ${sy.size["20%"]}, 25% ${sy.size["25%"]} (iid errors: for the Cragg–Donald F)`);
  }
  if (sy.bias) {
    lines.push(`Stock–Yogo critical values, 2SLS maximal relative bias: 5% ${sy.bias["5%"]}, 10% ${sy.bias["10%"]}, 20% ${sy.bias["20%"]}, 30% ${sy.bias["30%"]} (iid errors)`);
  }
  if (!sy.size && !sy.bias) lines.push("Stock–Yogo critical values: not tabulated for this number of endogenous regressors and instruments.");
  return lines;
}

/** An Anderson–Rubin set as text: [a, b], two rays, empty, the real line or a union. */
function arSetText(set: AndersonRubinSet): string {
  switch (set.shape) {
    case "interval":
      return `[${formatNumber(set.lower as number)}, ${formatNumber(set.upper as number)}]`;
    case "two rays":
      return `(−∞, ${formatNumber(set.lower as number)}] ∪ [${formatNumber(set.upper as number)}, ∞)`;
    case "empty":
      return "empty";
    case "real line":
      return "(−∞, ∞)";
    default:
      return set.intervals.map(([lo, hi]) => `[${formatNumber(lo)}, ${formatNumber(hi)}]`).join(" ∪ ");
  }
}

/** Narrows a fit to an IvResult (for formulas held in variables, whose IV part the type system cannot see). */
export function isIvResult(fit: FeolsResult): fit is IvResult {
  return fit instanceof IvResult;
}
