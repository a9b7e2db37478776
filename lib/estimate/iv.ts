import type { AbsorbedFrame } from "../absorb/absorbFrame";
import { referenceSumsOfSquares } from "../absorb/absorbFrame";
import type { ModelFrame, NamedColumn } from "../design/modelFrame";
import { andersonRubinSet as invertAndersonRubin, type AndersonRubinPieces, type AndersonRubinSet } from "../diagnostics/andersonRubin";
import { craggDonald } from "../diagnostics/craggDonald";
import { firstStageStatistics, type FirstStage } from "../diagnostics/firstStage";
import { overidentificationTest } from "../diagnostics/hansenJ";
import { kleibergenPaap } from "../diagnostics/kleibergenPaap";
import { residualize } from "../diagnostics/partial";
import { stockYogoCriticalValues } from "../diagnostics/stockYogo";
import { waldTest } from "../diagnostics/waldTest";
import { wuHausman, type FTest } from "../diagnostics/wuHausman";
import { IdentificationError } from "../errors";
import { IvResult, type IvDiagnostics } from "./ivResult";
import { estimateVariance, fullParameterCount, type VcovSpec } from "../variance/index";
import { checkDegreesOfFreedom, describeFit } from "./common";
import { leastSquares, project } from "../solve/leastSquares";
import { centredSumOfSquares, fitLinear, isCentred, type LinearProblem } from "./linear";
import { orthogonalize } from "../solve/orthogonalize";

/** y − c·x, elementwise. */
function minusMultiple(y: Float64Array, c: number, x: Float64Array): Float64Array {
  const out = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) out[i] = y[i] - c * x[i];
  return out;
}

function sumOfSquares(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * x[i];
  return s;
}

/**
 * Two-stage least squares with absorbed fixed effects (on the demeaned columns):
 *
 *   X̂ = P_Z X,  b = (X̂'X̂)⁻¹ X̂'y,  u = y − X b,
 *
 * Z = [excluded instruments, exogenous regressors], X = [endogenous, exogenous]. The variance
 * uses the bread (X̂'X̂)⁻¹ and the scores X̂_i u_i with the structural residuals (actual X), as
 * fixest and ivreg2 do; K_full counts every slope and fixed-effect level.
 * Wooldridge (2010), Econometric Analysis of Cross Section and Panel Data, §5.2.
 * @throws IdentificationError when under-identified, or when an instrument or endogenous regressor
 *         is collinear with the fixed effects or exogenous regressors.
 */
export function fitIv(formulaText: string, frame: ModelFrame, absorbed: AbsorbedFrame, spec: VcovSpec, tolerance?: number): IvResult {
  const centred = isCentred(frame);
  const K = frame.endogenous.length;
  const L = frame.instruments.length;
  if (L < K) {
    throw new IdentificationError(
      `"${formulaText}" is under-identified: ${K} endogenous regressors (${frame.endogenous.map((c) => c.name).join(", ")}) but only ${L} excluded instrument${L === 1 ? "" : "s"} (${frame.instruments.map((c) => c.name).join(", ")}); add instruments or drop endogenous regressors.`,
    );
  }

  // Exogenous regressors: collinear ones are dropped with a note, as in OLS.
  const exogenousReference = referenceSumsOfSquares(frame.exogenous, centred);
  const exogenousBasis = orthogonalize(absorbed.exogenous, exogenousReference, tolerance);
  const exogenous = exogenousBasis.kept.map((k) => frame.exogenous[k]);
  const exogenousDemeaned = exogenousBasis.kept.map((k) => absorbed.exogenous[k]);
  const collinear = exogenousBasis.dropped.map((k) => frame.exogenous[k].name);

  // Instruments must add something beyond the fixed effects and exogenous regressors.
  const instrumentReference = referenceSumsOfSquares(frame.instruments, centred);
  const instrumentBasis = orthogonalize(
    [...exogenousDemeaned, ...absorbed.instruments],
    [...exogenousBasis.kept.map((k) => exogenousReference[k]), ...instrumentReference],
    tolerance,
  );
  const badInstruments = instrumentBasis.dropped.map((k) => frame.instruments[k - exogenous.length].name);
  if (badInstruments.length > 0) {
    throw new IdentificationError(
      `The instrument${badInstruments.length > 1 ? "s" : ""} ${badInstruments.map((n) => `"${n}"`).join(", ")} ${badInstruments.length > 1 ? "are" : "is"} collinear with the fixed effects, the exogenous regressors or earlier instruments, so ${badInstruments.length > 1 ? "they add" : "it adds"} no identifying variation; drop ${badInstruments.length > 1 ? "them" : "it"} or choose another instrument.`,
    );
  }
  const instrumentSpace = instrumentBasis.q;

  // First stages: each endogenous regressor on [excluded instruments, exogenous regressors].
  const firstStageRegressors: NamedColumn[] = [...frame.instruments, ...exogenous];
  const firstStageDemeaned = [...absorbed.instruments, ...exogenousDemeaned];
  const fixedEffectText = frame.fixedEffects.length > 0 ? ` | ${frame.fixedEffects.map((f) => f.name).join(" + ")}` : "";
  const auxiliary = (response: NamedColumn, demeaned: Float64Array, label: string): LinearProblem => ({
    formulaText: `${label} ~ ${firstStageRegressors.filter((c) => c.name !== "(Intercept)").map((c) => c.name).join(" + ") || "1"}${fixedEffectText}`,
    frame,
    response,
    demeanedResponse: demeaned,
    regressors: firstStageRegressors,
    demeanedRegressors: firstStageDemeaned,
    spec,
    tolerance,
    messages: [],
  });
  const instrumentNames = frame.instruments.map((c) => c.name);
  const firstStage: Record<string, FirstStage> = {};
  frame.endogenous.forEach((endo, j) => {
    const fit = fitLinear(auxiliary(endo, absorbed.endogenous[j], endo.name), centred).result;
    firstStage[endo.name] = firstStageStatistics(fit, instrumentNames, absorbed.endogenous[j], exogenousBasis.q);
  });
  const firstStageFit = firstStage[frame.endogenous[0].name].fit;

  // Second stage on [X̂, exogenous].
  const fitted = absorbed.endogenous.map((x) => project(instrumentSpace, x));
  const secondStageColumns = [...fitted, ...exogenousDemeaned];
  const second = leastSquares(secondStageColumns, absorbed.response, secondStageColumns.map(sumOfSquares), tolerance);
  const names = [...frame.endogenous.map((c) => c.name), ...exogenous.map((c) => c.name)];
  if (second.dropped.length > 0) {
    throw new IdentificationError(
      `"${formulaText}" is not identified: the instrumented ${second.dropped.map((k) => `"${names[k]}"`).join(", ")} is collinear with the other regressors once projected on the instruments; the instruments do not move it independently.`,
    );
  }
  const structural = [...absorbed.endogenous, ...exogenousDemeaned];
  const residuals = Float64Array.from(absorbed.response);
  structural.forEach((x, k) => {
    const b = second.coef[k];
    for (let i = 0; i < residuals.length; i++) residuals[i] -= b * x[i];
  });
  const ssr = sumOfSquares(residuals);
  const kFull = fullParameterCount(names.length, frame.fixedEffects);
  checkDegreesOfFreedom(frame.nobs, kFull, formulaText);
  const variance = estimateVariance(
    spec,
    { bread: second.bread, columns: secondStageColumns, residuals, ssr, nobs: frame.nobs, kFull, fixedEffects: frame.fixedEffects },
    frame.clusters,
  );

  // Anderson–Rubin: regress y − β₀x on the first-stage regressors (one endogenous regressor).
  let andersonRubinTest: ((beta0: number) => FTest) | undefined;
  let andersonRubinSet: ((level: number) => AndersonRubinSet) | undefined;
  if (K === 1) {
    const x = absorbed.endogenous[0];
    const xRaw = frame.endogenous[0].values;
    const arFit = (beta0: number) => {
      const yRaw = minusMultiple(frame.response.values, beta0, xRaw);
      const y0 = minusMultiple(absorbed.response, beta0, x);
      return fitLinear(auxiliary({ name: `${frame.response.name} − β₀·${frame.endogenous[0].name}`, values: yRaw }, y0, "ar"), centred).result;
    };
    const test = (beta0: number) => waldTest(arFit(beta0), instrumentNames);
    const pieces = (beta0: number): AndersonRubinPieces => {
      const fit = arFit(beta0);
      const { df1, df2 } = waldTest(fit, instrumentNames);
      return {
        coefficients: instrumentNames.map((n) => fit.coef[n]),
        variance: instrumentNames.map((a) => Float64Array.from(instrumentNames, (b) => fit.vcov(a, b))),
        df1,
        df2,
      };
    };
    andersonRubinTest = test;
    const centre = second.coef[0];
    const scale = Math.sqrt(variance.matrix[0][0]) || Math.abs(centre) || 1;
    andersonRubinSet = (level: number) => invertAndersonRubin(pieces, level, centre, scale);
  }

  // Diagnostics on the instruments and endogenous regressors partialled of the exogenous ones —
  // computed on first access (a Monte Carlo that needs only b and its SE never pays for them).
  const computeDiagnostics = (): IvDiagnostics => {
    const partialledEndogenous = absorbed.endogenous.map((x) => residualize(exogenousBasis.q, x));
    const partialledInstruments = absorbed.instruments.map((z) => residualize(exogenousBasis.q, z));
    const kp = kleibergenPaap(partialledEndogenous, partialledInstruments, spec, frame.clusters, firstStageFit.dofK);
    const cd = craggDonald(kp.canonicalCorrelations, frame.nobs, K, L, firstStageFit.kFull);
    const firstStageResiduals = absorbed.endogenous.map((x, j) => {
      const out = new Float64Array(x.length);
      for (let i = 0; i < x.length; i++) out[i] = x[i] - fitted[j][i];
      return out;
    });
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
      wuHausman: wuHausman(absorbed.response, structural, firstStageResiduals, kFull),
    };
    if (L > K) {
      const overid = overidentificationTest(
        absorbed.response,
        structural,
        [...absorbed.instruments, ...exogenousDemeaned],
        instrumentSpace,
        residuals,
        spec,
        frame.clusters,
        L - K,
      );
      diagnostics.overidentification = overid;
      diagnostics.hansenJ = overid.stat;
      diagnostics.hansenJp = overid.p;
      diagnostics.hansenJdf = overid.df;
    }
    if (andersonRubinTest) diagnostics.andersonRubin = andersonRubinTest(0);
    return diagnostics;
  };

  return new IvResult(
    {
      method: "2SLS",
      formula: formulaText,
      coefNames: names,
      estimates: second.coef,
      ssr,
      tss: centredSumOfSquares(frame.response.values, centred),
      tssWithin: sumOfSquares(absorbed.response),
      hasFixedEffects: frame.fixedEffects.length > 0,
      ...describeFit(frame, variance, spec, kFull, collinear, absorbed.messages),
      residuals,
    },
    {
      firstStage,
      ivDiagnostics: computeDiagnostics,
      endogenous: frame.endogenous.map((c) => c.name),
      instruments: instrumentNames,
      andersonRubinTest,
      andersonRubinSet,
      reducedForm: () => fitLinear(auxiliary(frame.response, absorbed.response, frame.response.name), centred).result,
    },
  );
}
