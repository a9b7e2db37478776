/**
 * The Anderson–Rubin test and confidence set for the single endogenous regressor of a 2SLS fit:
 * the Wald F of the excluded instruments in the regression of y − β₀x on the instruments and
 * exogenous regressors (same fixed effects and variance), robust to weak instruments.
 * Anderson & Rubin (1949), Annals of Mathematical Statistics 20(1); Andrews, Stock & Sun (2019), §4.
 */
import { andersonRubinSet as invertAndersonRubin, type AndersonRubinPieces, type AndersonRubinSet } from "../diagnostics/andersonRubin";
import { waldTest } from "../diagnostics/waldTest";
import type { FTest } from "../diagnostics/wuHausman";
import type { IvProblem } from "./ivProblem";
import { fitLinear } from "./linear";

/** y − c·x, elementwise. */
function minusMultiple(y: Float64Array, c: number, x: Float64Array): Float64Array {
  const out = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) out[i] = y[i] - c * x[i];
  return out;
}

/** The Anderson–Rubin test of H₀: β = β₀ and the set inverting it, for a problem with one endogenous regressor. */
export interface AndersonRubinFunctions {
  test: (beta0: number) => FTest;
  set: (level: number) => AndersonRubinSet;
}

/**
 * The Anderson–Rubin test and set of a 2SLS problem with one endogenous regressor; `centre` and
 * `scale` (the 2SLS estimate and its SE) start the search for the set's end points.
 */
export function andersonRubinFunctions(problem: IvProblem, centre: number, scale: number): AndersonRubinFunctions {
  const { frame, absorbed, instrumentNames } = problem;
  const x = absorbed.endogenous[0];
  const xRaw = frame.endogenous[0].values;
  const label = `${frame.response.name} − β₀·${frame.endogenous[0].name}`;
  const arFit = (beta0: number) => {
    const yRaw = minusMultiple(frame.response.values, beta0, xRaw);
    const y0 = minusMultiple(absorbed.response, beta0, x);
    return fitLinear(problem.auxiliary({ name: label, values: yRaw }, y0, "ar"), problem.centred).result;
  };
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
  return {
    test: (beta0: number) => waldTest(arFit(beta0), instrumentNames),
    set: (level: number) => invertAndersonRubin(pieces, level, centre, scale),
  };
}
