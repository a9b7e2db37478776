/**
 * The 2SLS problem, built once from a model frame and its demeaned columns: which exogenous
 * regressors are kept, the space the instruments span beyond them (one Gram–Schmidt basis, the
 * exogenous regressors' carried on), a column's fit on the exogenous regressors and its projections
 * on the instruments beyond them, and the auxiliary regressions (first stages, reduced form,
 * Anderson–Rubin) that share its regressors. The 2SLS fit, its diagnostics and the Anderson–Rubin
 * inversion all read this one value.
 */
import type { AbsorbedFrame } from "../absorb/absorbFrame";
import { referenceSumsOfSquares } from "../absorb/absorbFrame";
import type { ModelFrame, NamedColumn } from "../design/modelFrame";
import { IdentificationError } from "../errors";
import { leastSquaresInOrder, leastSquaresOnExtension, prefixFit, prefixReportedLast, projectionsFrom, type PrefixFit } from "../solve/leastSquares";
import { extendBasis, normalizedColumns, orthogonalBasis, type OrthogonalBasis } from "../solve/orthogonalize";
import { LastResults } from "./lastResults";
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
  /** Gram–Schmidt basis of the kept demeaned exogenous regressors W = Q_W R_W (shared, never written). */
  exogenousBasis: OrthogonalBasis;
  /** Names of the exogenous regressors dropped as collinear. */
  collinear: string[];
  /**
   * Gram–Schmidt basis of Z = [W, excluded instruments], Q = [Q_W, Q_T]: the exogenous basis carried
   * on with the instruments (shared, never written). Every regression on Z works on it.
   */
  instrumentBasis: OrthogonalBasis;
  /** The orthonormal columns Q of the instrument space (formed on first use). */
  readonly instrumentSpace: Float64Array[];
  instrumentNames: string[];
  /** Steps reused while their inputs are the same arrays: a prepared model's memo across its refits, else the fit's own. */
  memo: LastResults;
  /** A column's least squares on W: Q_W'c and M_W c; under a `slot` (e.g. "response") reused while the column and W are the same arrays. */
  exogenousFit(demeaned: Float64Array, slot?: string): PrefixFit;
  /** Q_T'c = Q_T'M_W c, the column's projections on the instruments beyond W, from its fit on W. */
  instrumentProjections(onExogenous: PrefixFit): Float64Array;
  /** An auxiliary regression of `response` on [excluded instruments, exogenous] with the model's fixed effects and variance (`slot` as in `exogenousFit`). */
  auxiliary(response: NamedColumn, demeaned: Float64Array, label: string, slot?: string): LinearProblem;
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
 * The columns' collinearity yardsticks (`referenceSumsOfSquares` of the raw columns); from `memo`
 * while their demeaned columns are the same arrays, each of which is made from one set of values
 * (a prepared model demeans a replaced column afresh unless its values are the last ones).
 */
function referencesOf(slot: string, raw: NamedColumn[], demeaned: Float64Array[], centred: boolean, weights: Float64Array | undefined, memo: LastResults): number[] {
  return memo.get(`references of ${slot}`, [...demeaned, centred, weights], () => referenceSumsOfSquares(raw, centred, weights));
}

/** The demeaned exogenous regressors' basis, collinear ones dropped in order; from `memo` when they are the same arrays as last time. */
function exogenousBasisOf(absorbed: AbsorbedFrame, reference: number[], tolerance: number | undefined, memo: LastResults): OrthogonalBasis {
  return memo.get("exogenous basis", [...absorbed.exogenous, ...reference, tolerance], () => orthogonalBasis(absorbed.exogenous, reference, tolerance));
}

/**
 * The basis of [kept exogenous, excluded instruments]: the exogenous basis carried on (`extendBasis`,
 * the same numbers as orthogonalising the whole list), so its first columns are the exogenous
 * basis itself; with the instruments' indices counted after the exogenous regressors kept.
 */
function instrumentBasisOf(exogenous: OrthogonalBasis, instruments: Float64Array[], reference: number[], tolerance: number | undefined, memo: LastResults): OrthogonalBasis {
  return memo.get("instrument space", [exogenous, ...instruments, ...reference, tolerance], () => extendBasis(exogenous, instruments, reference, tolerance));
}

/** `compute()` on the first call, its value afterwards. */
function once<T>(compute: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= compute());
}

/**
 * Builds the 2SLS problem: drops collinear exogenous regressors (with a note, as OLS does), checks
 * the order condition and that every instrument moves beyond the exogenous regressors, and forms
 * the instrument space Z = [exogenous, excluded instruments]. With a prepared model's `memo`, the
 * bases and fits of columns unchanged since its last refit are reused.
 * @throws IdentificationError when under-identified or an instrument adds no variation.
 */
export function buildIvProblem(formulaText: string, frame: ModelFrame, absorbed: AbsorbedFrame, spec: VcovSpec, tolerance?: number, memo = new LastResults()): IvProblem {
  checkOrderCondition(formulaText, frame);
  const centred = isCentred(frame);
  const exogenousReference = referencesOf("exogenous", frame.exogenous, absorbed.exogenous, centred, frame.weights, memo);
  const exogenousBasis = exogenousBasisOf(absorbed, exogenousReference, tolerance, memo);
  const kept = exogenousBasis.kept;
  const exogenous = kept.map((k) => frame.exogenous[k]);
  const instrumentReference = referencesOf("instruments", frame.instruments, absorbed.instruments, centred, frame.weights, memo);
  const instrumentBasis = instrumentBasisOf(exogenousBasis, absorbed.instruments, instrumentReference, tolerance, memo);
  checkInstrumentsAddVariation(instrumentBasis.dropped.map((k) => frame.instruments[k - exogenous.length].name));
  const instrumentSpace = once(() => normalizedColumns(instrumentBasis, instrumentBasis.basis.length));
  const fitOnExogenous = (c: Float64Array) => prefixFit(exogenousBasis, c);
  const problem: IvProblem = {
    formulaText,
    frame,
    absorbed,
    spec,
    tolerance,
    centred,
    exogenous,
    exogenousDemeaned: kept.map((k) => absorbed.exogenous[k]),
    exogenousBasis,
    collinear: exogenousBasis.dropped.map((k) => frame.exogenous[k].name),
    instrumentBasis,
    get instrumentSpace() {
      return instrumentSpace();
    },
    instrumentNames: frame.instruments.map((c) => c.name),
    memo,
    exogenousFit: (c, slot) => (slot ? memo.get(`exogenous fit of ${slot}`, [exogenousBasis, c], () => fitOnExogenous(c)) : fitOnExogenous(c)),
    instrumentProjections: (onExogenous) => projectionsFrom(instrumentBasis, exogenous.length, onExogenous.residuals),
    auxiliary: (response, demeaned, label, slot) => auxiliaryProblem(problem, response, demeaned, label, slot),
  };
  return problem;
}

/**
 * The regression of one column on [excluded instruments, exogenous regressors] | fixed effects, on
 * the instrument space's basis (built exogenous first, reported instruments first).
 */
function auxiliaryProblem(problem: IvProblem, response: NamedColumn, demeaned: Float64Array, label: string, slot?: string): LinearProblem {
  const { frame } = problem;
  const onExogenous = problem.exogenousFit(demeaned, slot);
  const onZ = leastSquaresOnExtension(problem.instrumentBasis, onExogenous, problem.instrumentProjections(onExogenous));
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
    leastSquares: leastSquaresInOrder(onZ, prefixReportedLast(problem.exogenous.length, frame.instruments.length)),
  };
}
