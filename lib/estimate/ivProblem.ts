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
import { prefixReportedLast } from "../solve/leastSquares";
import { extendBasis, normalizedColumns, orthogonalBasis, projections, type OrthogonalBasis } from "../solve/orthogonalize";
import type { LastResults } from "./lastResults";
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
  /** Gram–Schmidt basis of the kept demeaned exogenous regressors (the second stage carries it on with X̂). */
  exogenousGramSchmidt: OrthogonalBasis;
  /** Orthonormal basis of the kept demeaned exogenous regressors (formed on first use). */
  readonly exogenousBasis: Float64Array[];
  /** Names of the exogenous regressors dropped as collinear. */
  collinear: string[];
  /**
   * Gram–Schmidt basis of Z = [kept exogenous, excluded instruments]: the exogenous basis carried on
   * with the instruments. The first stages, the reduced form and the Anderson–Rubin regressions work on it.
   */
  instrumentGramSchmidt: OrthogonalBasis;
  /** Orthonormal basis of [exogenous, excluded instruments] (formed on first use). */
  readonly instrumentSpace: Float64Array[];
  instrumentNames: string[];
  /** A prepared model's memo of its refits' shared steps (absent in a one-off fit). */
  memo?: LastResults;
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

/** A Gram–Schmidt basis (shared, never written) with its orthonormal columns, copied on first use. */
interface BasisAndQ {
  basis: OrthogonalBasis;
  q: () => Float64Array[];
}

/** `compute()` on the first call, its value afterwards. */
function once<T>(compute: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= compute());
}

/** The demeaned exogenous regressors' basis, collinear ones dropped in order; from `memo` when they are the same arrays as last time. */
function exogenousBasisOf(absorbed: AbsorbedFrame, reference: number[], tolerance: number | undefined, memo: LastResults | undefined): BasisAndQ {
  const compute = (): BasisAndQ => {
    const basis = orthogonalBasis(absorbed.exogenous, reference, tolerance);
    return { basis, q: once(() => normalizedColumns(basis, basis.basis.length)) };
  };
  return memo ? memo.get("exogenous basis", [...absorbed.exogenous, ...reference, tolerance], compute) : compute();
}

/**
 * The basis of [kept exogenous, excluded instruments]: the exogenous basis carried on (`extendBasis`,
 * the same numbers as orthogonalising the whole list), so its first columns are the exogenous
 * basis itself; with the instruments' indices counted after the exogenous regressors kept.
 */
function instrumentSpaceOf(exogenous: BasisAndQ, instruments: Float64Array[], reference: number[], tolerance: number | undefined, memo: LastResults | undefined): BasisAndQ {
  const compute = (): BasisAndQ => {
    const p = exogenous.basis.kept.length;
    const basis = extendBasis(exogenous.basis, instruments, reference, tolerance);
    const tail = () => normalizedColumns({ ...basis, basis: basis.basis.slice(p), norms: basis.norms.subarray(p) }, basis.basis.length - p);
    return { basis, q: once(() => [...exogenous.q(), ...tail()]) };
  };
  return memo ? memo.get("instrument space", [exogenous, ...instruments, ...reference, tolerance], compute) : compute();
}

/**
 * SSR₀ − SSR of regressing x on [exogenous] and on [exogenous, excluded instruments]: what the
 * instruments explain beyond the exogenous regressors, ‖P_{M_W Z} x‖² = Σ (q_k'x)² over the
 * instrument space's orthonormal columns q_k after the exogenous ones.
 */
export function sumOfSquaresAddedByInstruments(problem: IvProblem, x: Float64Array): number {
  const { basis, norms } = problem.instrumentGramSchmidt;
  const p = problem.exogenous.length;
  const tail = basis.slice(p);
  const qx = new Float64Array(tail.length);
  projections(tail, x, qx, Float64Array.from(norms.subarray(p), (norm) => 1 / norm));
  let ss = 0;
  for (let k = 0; k < qx.length; k++) ss += qx[k] * qx[k];
  return ss;
}

/**
 * Builds the 2SLS problem: drops collinear exogenous regressors (with a note, as OLS does), checks
 * the order condition and that every instrument moves beyond the exogenous regressors, and forms
 * the instrument space Z = [exogenous, excluded instruments]. With a prepared model's `memo`, the
 * bases of columns unchanged since its last refit are reused.
 * @throws IdentificationError when under-identified or an instrument adds no variation.
 */
export function buildIvProblem(formulaText: string, frame: ModelFrame, absorbed: AbsorbedFrame, spec: VcovSpec, tolerance?: number, memo?: LastResults): IvProblem {
  checkOrderCondition(formulaText, frame);
  const centred = isCentred(frame);
  const exogenousReference = referenceSumsOfSquares(frame.exogenous, centred, frame.weights);
  const exogenousBasis = exogenousBasisOf(absorbed, exogenousReference, tolerance, memo);
  const kept = exogenousBasis.basis.kept;
  const exogenous = kept.map((k) => frame.exogenous[k]);
  const exogenousDemeaned = kept.map((k) => absorbed.exogenous[k]);
  const instrumentReference = referenceSumsOfSquares(frame.instruments, centred, frame.weights);
  const instrumentBasis = instrumentSpaceOf(exogenousBasis, absorbed.instruments, instrumentReference, tolerance, memo);
  checkInstrumentsAddVariation(instrumentBasis.basis.dropped.map((k) => frame.instruments[k - exogenous.length].name));
  const problem: IvProblem = {
    formulaText,
    frame,
    absorbed,
    spec,
    tolerance,
    centred,
    exogenous,
    exogenousDemeaned,
    exogenousGramSchmidt: exogenousBasis.basis,
    get exogenousBasis() {
      return exogenousBasis.q();
    },
    collinear: exogenousBasis.basis.dropped.map((k) => frame.exogenous[k].name),
    instrumentGramSchmidt: instrumentBasis.basis,
    get instrumentSpace() {
      return instrumentBasis.q();
    },
    instrumentNames: frame.instruments.map((c) => c.name),
    memo,
    auxiliary: (response, demeaned, label) => auxiliaryProblem(problem, response, demeaned, label),
  };
  return problem;
}

/**
 * The regression of one column on [excluded instruments, exogenous regressors] | fixed effects, on
 * the instrument space's basis (built exogenous first, reported instruments first).
 */
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
    basis: { basis: problem.instrumentGramSchmidt, column: prefixReportedLast(problem.exogenous.length, frame.instruments.length) },
  };
}
