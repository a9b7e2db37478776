import type { AbsorbedFrame } from "../absorb/absorbFrame";
import type { ModelFrame } from "../design/modelFrame";
import type { Allocate } from "../linalg/workBuffers";
import { IdentificationError } from "../errors";
import type { FeolsResult } from "../result/fit";
import type { VcovSpec } from "../variance/index";
import { fitLinear, isCentred, type LinearFit } from "./linear";

/**
 * OLS on the demeaned columns (Frisch–Waugh–Lovell: the slopes of y on X and the fixed
 * effects equal those of ỹ on X̃), with collinear regressors dropped in formula order.
 * Work arrays come from `allocate` (see linalg/workBuffers); the result never holds one.
 * @throws IdentificationError when there is no regressor, or every one is collinear.
 */
export function fitOls(formulaText: string, frame: ModelFrame, absorbed: AbsorbedFrame, spec: VcovSpec, tolerance?: number, allocate?: Allocate): FeolsResult {
  return olsLinearFit(formulaText, frame, absorbed, spec, tolerance, allocate).result;
}

/** As `fitOls`, with the pieces (least squares, variance, kept columns) that score-based tests reuse. */
export function olsLinearFit(formulaText: string, frame: ModelFrame, absorbed: AbsorbedFrame, spec: VcovSpec, tolerance?: number, allocate?: Allocate): LinearFit {
  const centred = isCentred(frame);
  if (frame.exogenous.length === 0) {
    throw new IdentificationError(`The model "${formulaText}" has no regressor to estimate; add one to the right of "~".`);
  }
  return fitLinear(
    {
      formulaText,
      frame,
      response: frame.response,
      demeanedResponse: absorbed.response,
      regressors: frame.exogenous,
      demeanedRegressors: absorbed.exogenous,
      spec,
      tolerance,
      messages: absorbed.messages,
      allocate,
      sqrtWeights: absorbed.sqrtWeights,
    },
    centred,
  );
}
