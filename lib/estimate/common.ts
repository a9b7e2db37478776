import type { ModelFrame } from "../design/modelFrame";
import { IdentificationError } from "../errors";
import type { FitFields } from "../result/types";
import type { VarianceEstimate, VcovSpec } from "../variance/index";

/** @throws IdentificationError when there are no more observations than parameters. */
export function checkDegreesOfFreedom(nobs: number, kFull: number, formulaText: string): void {
  if (nobs <= kFull) {
    throw new IdentificationError(
      `"${formulaText}" has ${kFull} parameters (slopes and fixed-effect levels) but only ${nobs} observations; drop regressors or fixed effects, or use more data.`,
    );
  }
}

/** The fields every fit shares: sample, variance and bookkeeping. */
export function describeFit(
  frame: ModelFrame,
  variance: VarianceEstimate,
  spec: VcovSpec,
  kFull: number,
  collinear: string[],
  messages: string[],
): Pick<
  FitFields,
  "depVar" | "vcovMatrix" | "vcovSpec" | "vcovType" | "dfT" | "dofK" | "kFull" | "nobs" | "nClusters" | "dropped" | "fixedEffectSizes" | "collinear" | "messages" | "rows"
> {
  const fixedEffectSizes: Record<string, number> = {};
  for (const fe of frame.fixedEffects) fixedEffectSizes[fe.name] = fe.nLevels;
  return {
    depVar: frame.response.name,
    vcovMatrix: variance.matrix,
    vcovSpec: spec,
    vcovType: variance.label,
    dfT: variance.dfT,
    dofK: variance.k,
    kFull,
    nobs: frame.nobs,
    nClusters: variance.nClusters,
    dropped: { ...frame.dropped },
    fixedEffectSizes,
    collinear,
    messages,
    rows: frame.listRows,
  };
}
