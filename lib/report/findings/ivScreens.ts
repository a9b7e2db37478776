/**
 * Sentences setting a 2SLS fit's iid statistics beside their counterparts under the model's variance:
 * the Cragg–Donald F (which Stock–Yogo's critical values assume) beside the Kleibergen–Paap F, and the
 * classical Wu–Hausman test beside the control-function one.
 */
import type { FTest } from "../../diagnostics/wuHausman";
import { OptionsError } from "../../errors";
import { checkOptions } from "../../options";
import { pValueText } from "../../result/format";
import { formatFixed } from "../format";
import type { Lang } from "../labels";
import { optionKeys } from "../optionKeys";
import type { SentenceFit } from "./sentence";

/** The fields of a 2SLS fit that `describeIidVersusRobustF` and `describeWuHausman` read (an IvResult has them). */
export interface IvScreenFit extends SentenceFit {
  /** The model's variance label ("Clustered (code): …", "Heteroskedasticity-robust (HC1): …", "IID: …"). */
  vcovType?: string;
  /** The diagnostics block. */
  ivDiagnostics: {
    /** Kleibergen–Paap rk Wald F (cluster-robust when clustered). */
    kpWaldF: number;
    /** Cragg–Donald Wald F (iid errors). */
    cdWaldF: number;
    /** The classical Wu–Hausman F test (iid errors). */
    wuHausman: FTest;
    /** The control-function Wu–Hausman test under the model's variance. */
    wuHausmanRobust?: FTest;
  };
}

/** Options of `describeIidVersusRobustF` and `describeWuHausman`. */
export interface IvScreenOptions {
  /** Language of the sentence (default "en"). */
  lang?: Lang;
}

/** The keys of IvScreenOptions, for the options check. */
const IV_SCREEN_OPTION_KEYS = optionKeys<IvScreenOptions>()(["lang"]);

/** How the model's variance is named in a sentence: "cluster-robust", "heteroskedasticity-robust", or "" under iid. */
function robustWord(vcovType: string | undefined, lang: Lang | undefined): string {
  const kind = /^Clustered/.test(vcovType ?? "") ? 0 : /^Heteroskedasticity/.test(vcovType ?? "") ? 1 : 2;
  return lang === "zh" ? ["聚类稳健的", "异方差稳健的", ""][kind] : ["cluster-robust ", "heteroskedasticity-robust ", ""][kind];
}

/**
 * Why Stock–Yogo's critical values do not screen a clustered model: they were derived for the
 * Cragg–Donald F under iid errors (Stock & Yogo 2005), and the sentence reports the ratio of the
 * Kleibergen–Paap F (under the model's variance) to that iid F, with which way the iid statistic errs.
 * The screen for non-iid errors is the Montiel Olea–Pflueger (2013) effective F, which
 * `describeIvEffect` reads.
 * @throws OptionsError for an unknown option.
 * @example describeIidVersusRobustF(iv) // "Stock–Yogo's critical values assume iid errors: here the cluster-robust Kleibergen–Paap F (42.03) is 0.25 times the iid Cragg–Donald F (166.87), …"
 */
export function describeIidVersusRobustF(fit: Pick<IvScreenFit, "ivDiagnostics" | "vcovType">, options: IvScreenOptions = {}): string {
  checkOptions("describeIidVersusRobustF", options, IV_SCREEN_OPTION_KEYS);
  const { kpWaldF: kp, cdWaldF: cd } = fit.ivDiagnostics;
  const f2 = (v: number) => formatFixed(v, 2);
  const robust = robustWord(fit.vcovType, options.lang);
  const ratio = f2(kp / cd);
  if (options.lang === "zh") {
    const errs = kp < cd ? "高估" : "低估";
    return `Stock–Yogo临界值以iid误差为前提：此处${robust}Kleibergen–Paap F（${f2(kp)}）是iid的Cragg–Donald F（${f2(cd)}）的${ratio}倍，iid统计量会${errs}工具变量的强度；适用的筛查是按模型方差计算的有效F。`;
  }
  const errs = kp < cd ? "overstate" : "understate";
  return `Stock–Yogo's critical values assume iid errors: here the ${robust}Kleibergen–Paap F (${f2(kp)}) is ${ratio} times the iid Cragg–Donald F (${f2(cd)}), so the iid statistic would ${errs} the instrument's strength; the screen that fits is the effective F, computed under the model's variance.`;
}

/**
 * The two Wu–Hausman tests side by side: the classical regression form (fixest `wh`; Wu 1973, Hausman
 * 1978), which assumes iid errors, and the control-function form under the model's variance (the Wald
 * test of the first-stage residuals added to the structural equation; Wooldridge 2010, §6.3.1), with
 * the decision at 5 % of each.
 * @throws OptionsError for an unknown option or a fit without the control-function test.
 * @example describeWuHausman(iv) // "The classical Wu–Hausman test, which assumes iid errors, rejects exogeneity at 5% (F = 5.30, p = 0.021); …"
 */
export function describeWuHausman(fit: Pick<IvScreenFit, "ivDiagnostics">, options: IvScreenOptions = {}): string {
  checkOptions("describeWuHausman", options, IV_SCREEN_OPTION_KEYS);
  const { wuHausman: iid, wuHausmanRobust: robust } = fit.ivDiagnostics;
  if (!robust) throw new OptionsError("describeWuHausman: the fit has no control-function Wu–Hausman test (ivDiagnostics.wuHausmanRobust).");
  const F = (t: FTest) => `F = ${formatFixed(t.stat, 2)}, ${pValueText(t.p)}`;
  if (options.lang === "zh") {
    const at5 = (t: FTest) => (t.p < 0.05 ? "在5%水平上拒绝外生性" : "在5%水平上不能拒绝外生性");
    return `假定iid误差的经典Wu–Hausman检验${at5(iid)}（${F(iid)}）；在模型的方差设定下的控制函数形式${at5(robust)}（${F(robust)}）。`;
  }
  const at5 = (t: FTest, it: string) => (t.p < 0.05 ? `rejects ${it} at 5%` : `does not reject ${it} at 5%`);
  return `The classical Wu–Hausman test, which assumes iid errors, ${at5(iid, "exogeneity")} (${F(iid)}); its control-function form under the model's variance ${at5(robust, "it")} (${F(robust)}).`;
}
