/**
 * The 2SLS problem, built once from a model frame and its demeaned columns: which exogenous
 * regressors are kept, the space the instruments span beyond them, and the auxiliary regressions
 * (first stages, reduced form, Anderson–Rubin) that share its regressors. The 2SLS fit, its
 * diagnostics and the Anderson–Rubin inversion all read this one value.
 */
import type { AbsorbedFrame } from "../absorb/absorbFrame";
import { referenceSumsOfSquares } from "../absorb/absorbFrame";
import type { ModelFrame, NamedColumn } from "../design/modelFrame";
import { IdentificationError } from "../errors";
import { orthogonalize } from "../solve/orthogonalize";
import type { VcovSpec } from "../variance/index";
import type { LinearProblem } from "./linear";
import { isCentred } from "./linear";

/** Everything 2SLS and its diagnostics need, computed once. */
export interface IvProblem {
  formulaText: string;
  frame: ModelFrame;
  absorbed: AbsorbedFrame;
  spec: VcovSpec;
  tolerance: number | undefined;
  /** Whether the model has an intercept (no fixed effects): sums of squares about the mean. */
  centred: boolean;
  /** Exogenous regressors kept (collinear ones dropped in formula order), raw and demeaned. */
  exogenous: NamedColumn[];
  exogenousDemeaned: Float64Array[];
  /** Orthonormal basis of the kept demeaned exogenous regressors. */
  exogenousBasis: Float64Array[];
  /** Names of the exogenous regressors dropped as collinear. */
  collinear: string[];
  /** Orthonormal basis of [exogenous, excluded instruments]: X̂ = P_Z X projects on it. */
  instrumentSpace: Float64Array[];
  instrumentNames: string[];
  /** An auxiliary regression of `response` on [excluded instruments, exogenous] with the model's fixed effects and variance. */
  auxiliary(response: NamedColumn, demeaned: Float64Array, label: string): LinearProblem;
}

/** @throws IdentificationError when there are fewer excluded instruments than endogenous regressors. */
function checkOrderCondition(formulaText: string, frame: ModelFrame): void {
  const K = frame.endogenous.length;
  const L = frame.instruments.length;
  if (L >= K) return;
  throw new IdentificationError(
    `"${formulaText}" is under-identified: ${K} endogenous regressors (${frame.endogenous.map((c) => c.name).join(", ")}) but only ${L} excluded instrument${L === 1 ? "" : "s"} (${frame.instruments.map((c) => c.name).join(", ")}); add instruments or drop endogenous regressors.`,
  );
}

/** @throws IdentificationError naming the instruments that add nothing beyond the fixed effects and exogenous regressors. */
function checkInstrumentsAddVariation(names: string[]): void {
  if (names.length === 0) return;
  const many = names.length > 1;
  throw new IdentificationError(
    `The instrument${many ? "s" : ""} ${names.map((n) => `"${n}"`).join(", ")} ${many ? "are" : "is"} collinear with the fixed effects, the exogenous regressors or earlier instruments, so ${many ? "they add" : "it adds"} no identifying variation; drop ${many ? "them" : "it"} or choose another instrument.`,
  );
}

/**
 * Builds the 2SLS problem: drops collinear exogenous regressors (with a note, as OLS does), checks
 * the order condition and that every instrument moves beyond the exogenous regressors, and forms
 * the instrument space Z = [exogenous, excluded instruments].
 * @throws IdentificationError when under-identified or an instrument adds no variation.
 */
export function buildIvProblem(formulaText: string, frame: ModelFrame, absorbed: AbsorbedFrame, spec: VcovSpec, tolerance?: number): IvProblem {
  checkOrderCondition(formulaText, frame);
  const centred = isCentred(frame);
  const exogenousReference = referenceSumsOfSquares(frame.exogenous, centred, frame.weights);
  const exogenousBasis = orthogonalize(absorbed.exogenous, exogenousReference, tolerance);
  const exogenous = exogenousBasis.kept.map((k) => frame.exogenous[k]);
  const exogenousDemeaned = exogenousBasis.kept.map((k) => absorbed.exogenous[k]);
  const instrumentBasis = orthogonalize(
    [...exogenousDemeaned, ...absorbed.instruments],
    [...exogenousBasis.kept.map((k) => exogenousReference[k]), ...referenceSumsOfSquares(frame.instruments, centred, frame.weights)],
    tolerance,
  );
  checkInstrumentsAddVariation(instrumentBasis.dropped.map((k) => frame.instruments[k - exogenous.length].name));
  const problem: IvProblem = {
    formulaText,
    frame,
    absorbed,
    spec,
    tolerance,
    centred,
    exogenous,
    exogenousDemeaned,
    exogenousBasis: exogenousBasis.q,
    collinear: exogenousBasis.dropped.map((k) => frame.exogenous[k].name),
    instrumentSpace: instrumentBasis.q,
    instrumentNames: frame.instruments.map((c) => c.name),
    auxiliary: (response, demeaned, label) => auxiliaryProblem(problem, response, demeaned, label),
  };
  return problem;
}

/** The regression of one column on [excluded instruments, exogenous regressors] | fixed effects. */
function auxiliaryProblem(problem: IvProblem, response: NamedColumn, demeaned: Float64Array, label: string): LinearProblem {
  const { frame } = problem;
  const regressors = [...frame.instruments, ...problem.exogenous];
  const fixedEffectText = frame.fixedEffects.length > 0 ? ` | ${frame.fixedEffects.map((f) => f.name).join(" + ")}` : "";
  const right = regressors.filter((c) => c.name !== "(Intercept)").map((c) => c.name).join(" + ") || "1";
  return {
    formulaText: `${label} ~ ${right}${fixedEffectText}`,
    frame,
    response,
    demeanedResponse: demeaned,
    regressors,
    demeanedRegressors: [...problem.absorbed.instruments, ...problem.exogenousDemeaned],
    spec: problem.spec,
    tolerance: problem.tolerance,
    messages: [],
    sqrtWeights: problem.absorbed.sqrtWeights,
  };
}
