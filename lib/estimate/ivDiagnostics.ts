/**
 * The diagnostics block of a 2SLS fit, computed from its problem value on first access:
 * Kleibergen–Paap rk LM and Wald F, Cragg–Donald, Stock–Yogo critical values, Hansen J (when
 * over-identified), Wu–Hausman (iid, and the control-function form under the model's variance),
 * the Montiel Olea–Pflueger effective F, the Lee et al. (2022) tF adjustment and the
 * Anderson–Rubin test of β = 0 (design §4 has each definition).
 */
import { controlFunctionWuHausman, type RobustFTest } from "../diagnostics/controlFunctionHausman";
import { craggDonald } from "../diagnostics/craggDonald";
import { effectiveF, type EffectiveF } from "../diagnostics/effectiveF";
import type { FirstStage } from "../diagnostics/firstStage";
import { overidentificationTest } from "../diagnostics/hansenJ";
import { kleibergenPaap } from "../diagnostics/kleibergenPaap";
import { stockYogoCriticalValues } from "../diagnostics/stockYogo";
import { tFAdjustment, type TFAdjustment } from "../diagnostics/tF";
import { wuHausman, type FTest } from "../diagnostics/wuHausman";
import { weightedResiduals } from "../absorb/absorbFrame";
import type { VcovSpec } from "../variance/spec";
import type { IvProblem } from "./ivProblem";
import type { IvDiagnostics } from "./ivResult";
import { fitLinear } from "./linear";

/** What the second stage hands to the diagnostics. */
export interface SecondStagePieces {
  /** Demeaned [endogenous, exogenous] columns (the structural regressors) and their fitted endogenous part X̂. */
  structural: Float64Array[];
  fitted: Float64Array[];
  /** x − x̂ for each endogenous regressor: the first-stage residuals Wu–Hausman adds to the equation. */
  firstStageResiduals: Float64Array[];
  /** Structural residuals y − Xb and the full parameter count. */
  residuals: Float64Array;
  kFull: number;
  /** The first stage of the first endogenous regressor (its K is the KP scaling's K). */
  firstStage: FirstStage;
  andersonRubinTest?: (beta0: number) => FTest;
  /** The 2SLS estimates and standard errors of the endogenous regressors, in order (for the tF adjustment). */
  endogenousEstimates: { name: string; estimate: number; se: number }[];
}

/** Hansen J (Sargan under iid) for an over-identified problem. */
function overidentification(problem: IvProblem, pieces: SecondStagePieces): Pick<IvDiagnostics, "overidentification" | "hansenJ" | "hansenJp" | "hansenJdf"> {
  const { absorbed, frame } = problem;
  const overid = overidentificationTest(
    absorbed.response,
    pieces.structural,
    [...absorbed.instruments, ...problem.exogenousDemeaned],
    problem.instrumentSpace,
    pieces.residuals,
    problem.spec,
    frame.clusters,
    frame.instruments.length - frame.endogenous.length,
  );
  return { overidentification: overid, hansenJ: overid.stat, hansenJp: overid.p, hansenJdf: overid.df };
}

/**
 * The control-function Wu–Hausman test under the model's variance: ỹ on [endogenous, exogenous,
 * v̂] with the model's fixed effects and variance, then the Wald F on the v̂ coefficients.
 */
function robustWuHausman(problem: IvProblem, residuals: Float64Array[]): RobustFTest {
  const { frame, absorbed } = problem;
  const controls = residuals.map((values, j) => ({ name: `v̂[${frame.endogenous[j].name}]`, values }));
  const regressors = [...frame.endogenous, ...problem.exogenous, ...controls];
  const fixedEffectText = frame.fixedEffects.length > 0 ? ` | ${frame.fixedEffects.map((f) => f.name).join(" + ")}` : "";
  const right = regressors.filter((c) => c.name !== "(Intercept)").map((c) => c.name).join(" + ");
  const fit = fitLinear(
    {
      formulaText: `${frame.response.name} ~ ${right}${fixedEffectText}`,
      frame,
      response: frame.response,
      demeanedResponse: absorbed.response,
      regressors,
      demeanedRegressors: [...absorbed.endogenous, ...problem.exogenousDemeaned, ...residuals],
      spec: problem.spec,
      tolerance: problem.tolerance,
      messages: [],
      sqrtWeights: absorbed.sqrtWeights,
    },
    problem.centred,
  ).result;
  return controlFunctionWuHausman(fit, controls.map((c) => c.name));
}

/**
 * The Montiel Olea–Pflueger effective F of the single endogenous regressor: the first stage's
 * instrument coefficients and variance, its residuals and the reduced form's.
 */
function effectiveFOf(problem: IvProblem, firstStage: FirstStage, partialledInstruments: Float64Array[]): EffectiveF {
  const fs = firstStage.fit;
  const names = problem.instrumentNames;
  const reducedForm = fitLinear(problem.auxiliary(problem.frame.response, problem.absorbed.response, problem.frame.response.name, "response"), problem.centred).result;
  return effectiveF({
    instruments: partialledInstruments,
    firstStageCoef: names.map((n) => fs.coef[n]),
    // On the scale of the (√w-scaled) instruments: √w·e when weighted.
    firstStageResiduals: weightedResiduals(fs.residuals, problem.absorbed.sqrtWeights),
    reducedFormResiduals: weightedResiduals(reducedForm.residuals, problem.absorbed.sqrtWeights),
    firstStageVcov: names.map((a) => Float64Array.from(names, (b) => fs.vcov(a, b))),
    spec: problem.spec,
    clusters: problem.frame.clusters,
    vcovType: fs.vcovType,
  });
}

/** The tF adjustment (one endogenous regressor, one instrument), on the robust first-stage Wald F. */
function tFOf(pieces: SecondStagePieces): TFAdjustment {
  const { name, estimate, se } = pieces.endogenousEstimates[0];
  return tFAdjustment(pieces.firstStage.waldF.stat, name, estimate, se);
}

/**
 * The diagnostics on the instruments and endogenous regressors partialled of the exogenous ones
 * (and, through the demeaning, of the fixed effects).
 */
export function computeIvDiagnostics(problem: IvProblem, pieces: SecondStagePieces): IvDiagnostics {
  const { absorbed, frame, spec } = problem;
  const K = frame.endogenous.length;
  const L = frame.instruments.length;
  const partialledEndogenous = absorbed.endogenous.map((x, j) => problem.exogenousFit(x, `endogenous ${j}`).residuals);
  const partialledInstruments = absorbed.instruments.map((z) => problem.exogenousFit(z).residuals);
  const kp = kleibergenPaap(partialledEndogenous, partialledInstruments, spec, frame.clusters, pieces.firstStage.fit.dofK);
  const cd = craggDonald(kp.canonicalCorrelations, frame.nobs, K, L, pieces.firstStage.fit.kFull);
  const residuals = pieces.firstStageResiduals;
  const diagnostics: IvDiagnostics = {
    kpLM: kp.lm,
    kpLMp: kp.lmP,
    kpLMdf: kp.lmDf,
    kpWaldChi2: kp.waldChi2,
    kpWaldF: kp.waldF,
    cdWaldF: cd.waldF,
    cdWaldFIvreg2: cd.waldFIvreg2,
    canonicalCorrelations: kp.canonicalCorrelations,
    stockYogo: stockYogoCriticalValues(K, L),
    wuHausman: wuHausman(absorbed.response, pieces.structural, residuals, pieces.kFull),
    wuHausmanRobust: robustWuHausman(problem, residuals),
    ...(L > K ? overidentification(problem, pieces) : {}),
  };
  if (K === 1) diagnostics.effectiveF = effectiveFOf(problem, pieces.firstStage, partialledInstruments);
  if (K === 1 && L === 1) diagnostics.tF = tFOf(pieces);
  if (pieces.andersonRubinTest) diagnostics.andersonRubin = pieces.andersonRubinTest(0);
  const note = scoreVarianceNote(spec);
  if (note) diagnostics.scoreVarianceNote = note;
  return diagnostics;
}

/**
 * What the score-based statistics use when the model's variance has no form for them
 * (lib/diagnostics/scoreCovariance.ts handles iid, hetero and cluster): undefined when they follow the model.
 * @example scoreVarianceNote(parseVcov({ driscollKraay: { time: "year" } })) // "The Kleibergen–Paap …"
 */
export function scoreVarianceNote(spec: VcovSpec): string | undefined {
  const names: Partial<Record<VcovSpec["type"], string>> = { driscollKraay: "Driscoll–Kraay", neweyWest: "Newey–West", conley: "Conley" };
  const name = names[spec.type];
  if (!name) return undefined;
  return `The Kleibergen–Paap statistics, the effective F and Hansen J use heteroskedasticity-robust (HC0) scores: the kit has no ${name} form of them (the coefficients' SEs and the first-stage Wald F do follow ${name}).`;
}
