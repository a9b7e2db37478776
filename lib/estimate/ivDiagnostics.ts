/**
 * The diagnostics block of a 2SLS fit, computed from its problem value on first access:
 * Kleibergen–Paap rk LM and Wald F, Cragg–Donald, Stock–Yogo critical values, Hansen J (when
 * over-identified), Wu–Hausman and the Anderson–Rubin test of β = 0 (design §4 has each definition).
 */
import { craggDonald } from "../diagnostics/craggDonald";
import type { FirstStage } from "../diagnostics/firstStage";
import { overidentificationTest } from "../diagnostics/hansenJ";
import { kleibergenPaap } from "../diagnostics/kleibergenPaap";
import { residualize } from "../diagnostics/partial";
import { stockYogoCriticalValues } from "../diagnostics/stockYogo";
import { wuHausman, type FTest } from "../diagnostics/wuHausman";
import type { IvProblem } from "./ivProblem";
import type { IvDiagnostics } from "./ivResult";

/** What the second stage hands to the diagnostics. */
export interface SecondStagePieces {
  /** Demeaned [endogenous, exogenous] columns (the structural regressors) and their fitted endogenous part X̂. */
  structural: Float64Array[];
  fitted: Float64Array[];
  /** Structural residuals y − Xb and the full parameter count. */
  residuals: Float64Array;
  kFull: number;
  /** The first stage of the first endogenous regressor (its K is the KP scaling's K). */
  firstStage: FirstStage;
  andersonRubinTest?: (beta0: number) => FTest;
}

/** x − x̂ for each endogenous regressor: the first-stage residuals Wu–Hausman adds to the equation. */
function firstStageResiduals(problem: IvProblem, fitted: Float64Array[]): Float64Array[] {
  return problem.absorbed.endogenous.map((x, j) => {
    const out = new Float64Array(x.length);
    for (let i = 0; i < x.length; i++) out[i] = x[i] - fitted[j][i];
    return out;
  });
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
 * The diagnostics on the instruments and endogenous regressors partialled of the exogenous ones
 * (and, through the demeaning, of the fixed effects).
 */
export function computeIvDiagnostics(problem: IvProblem, pieces: SecondStagePieces): IvDiagnostics {
  const { absorbed, frame, spec } = problem;
  const K = frame.endogenous.length;
  const L = frame.instruments.length;
  const partialledEndogenous = absorbed.endogenous.map((x) => residualize(problem.exogenousBasis, x));
  const partialledInstruments = absorbed.instruments.map((z) => residualize(problem.exogenousBasis, z));
  const kp = kleibergenPaap(partialledEndogenous, partialledInstruments, spec, frame.clusters, pieces.firstStage.fit.dofK);
  const cd = craggDonald(kp.canonicalCorrelations, frame.nobs, K, L, pieces.firstStage.fit.kFull);
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
    wuHausman: wuHausman(absorbed.response, pieces.structural, firstStageResiduals(problem, pieces.fitted), pieces.kFull),
    ...(L > K ? overidentification(problem, pieces) : {}),
  };
  if (pieces.andersonRubinTest) diagnostics.andersonRubin = pieces.andersonRubinTest(0);
  return diagnostics;
}
