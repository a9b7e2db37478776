import { Rng } from "../random/rng";
import { unknownNameHint } from "../names";
import type { DataInput } from "../design/input";
import { DataError, OptionsError } from "../errors";
import { checkOptions } from "../options";
import { pValueText } from "../result/format";
import { PreparedModel } from "../estimate/refit";
import { parseFormula } from "../formula/parse";
import { termVariables } from "../formula/types";
import type { VcovOption } from "../variance/spec";

/** Options of `placeboTest`. */
export interface PlaceboOptions {
  /** The data and an OLS formula; or pass a prepared `model` instead. */
  data?: DataInput;
  /** The OLS formula in fixest syntax, e.g. "shrink ~ ai + lnpgdp | code + year" (with `data`). */
  formula?: string;
  /** A prepared model (its sample, fixed-effect codes and variance type are reused). */
  model?: PreparedModel;
  /** The regressor to permute (a plain variable of the formula), e.g. "ai". */
  coef: string;
  /** The variance of the placebo t statistics (default "iid"; the notebooks cluster by city). */
  vcov?: VcovOption;
  /** Placebo refits (default 499, design §7; 999+ for publication). */
  draws?: number;
  /** Seed of the permutations (lib/random/rng.ts, xoshiro128**): the same seed gives the same draws. */
  seed: number;
  /** The panel unit whose series are permuted (default "code"). */
  unit?: string;
  /** The time column that lines the series up (default "year"). */
  time?: string;
  /**
   * Permute the regressor across units within each period of this column (e.g. "year") instead of
   * permuting whole series; this breaks each unit's time path.
   */
  permuteWithin?: string;
  /** Also refit with SEs to collect placebo t statistics (default true; coefficients only are faster). */
  tstats?: boolean;
}

/** The keys `placeboTest` accepts (checked by `checkOptions`). */
const PLACEBO_OPTION_KEYS = ["data", "formula", "model", "coef", "vcov", "draws", "seed", "unit", "time", "permuteWithin", "tstats"] as const;

/** What `placeboTest` returns. */
export interface PlaceboResult {
  /** The regressor permuted (the `coef` option). */
  coef: string;
  /** The real estimate b of `coef`. */
  estimate: number;
  /** The real estimate's t statistic under the model's vcov. */
  tstat: number;
  /** Placebo coefficients, in draw order (NaN for a draw where the regressor came out collinear). */
  placebo: Float64Array;
  /** Placebo t statistics (when `tstats`). */
  placeboT?: Float64Array;
  /** Two-sided permutation p-value (1 + #{|b*| ≥ |b|})/(1 + draws). */
  p: number;
  /** The same from the t statistics (studentized permutation test), when `tstats`. */
  pT?: number;
  /** Number of placebo draws (refits). */
  draws: number;
  /** The seed of the permutations. */
  seed: number;
  /** Mean of the finite placebo coefficients. */
  mean: number;
  /** Standard deviation of the finite placebo coefficients, √(Σ(b* − mean)²/(n − 1)). */
  sd: number;
  /** "series" (unit paths permuted) or "within:<column>". */
  scheme: string;
  /** Units that could not be permuted: no other unit shares their set of periods. */
  fixedUnits: number;
  /** A sentence for the notebook: draws, scheme, the placebo mean and SD, the real estimate and p. */
  description: string;
}

/** A reassignment of the regressor's values on the estimation sample, drawn afresh on each call. */
export interface Permuter {
  /** Writes into `out` the values of `x` reassigned by a fresh permutation drawn from `rng`. */
  apply(x: Float64Array, out: Float64Array, rng: Rng): void;
  /** Units left in place because no other unit shares their set of periods (0 within periods). */
  fixedUnits: number;
}

/**
 * Permutes whole series: units are grouped by their set of periods, and within a group unit k receives
 * the series of unit π(k) (one `rng.shuffle` per group of two or more units, groups in order of their
 * first unit). Exported for tests.
 */
export function seriesPermuter(model: PreparedModel, unit: string, time: string): Permuter {
  const units = model.codes(unit);
  const times = model.numeric(time);
  const n = model.nobs;
  const rowsOf: number[][] = Array.from({ length: units.levels.length }, () => []);
  for (let i = 0; i < n; i++) rowsOf[units.codes[i]].push(i);
  const byPattern = new Map<string, number[]>();
  rowsOf.forEach((rows, u) => {
    if (rows.length === 0) return;
    rows.sort((a, b) => times[a] - times[b]);
    for (let k = 1; k < rows.length; k++) {
      if (times[rows[k]] === times[rows[k - 1]]) {
        throw new DataError(`placeboTest: ${unit} = ${units.levels[u]} has two rows for ${time} = ${times[rows[k]]} in the estimation sample; permuting series needs one row per unit and period.`);
      }
    }
    const key = rows.map((r) => times[r]).join(",");
    const group = byPattern.get(key);
    if (group) group.push(u);
    else byPattern.set(key, [u]);
  });
  const groups = Array.from(byPattern.values());
  const fixedUnits = groups.filter((g) => g.length === 1).length;
  return {
    fixedUnits,
    apply(x, out, rng) {
      for (const group of groups) {
        const source = group.length > 1 ? rng.shuffle(group) : group;
        for (let k = 0; k < group.length; k++) {
          const to = rowsOf[group[k]];
          const from = rowsOf[source[k]];
          for (let s = 0; s < to.length; s++) out[to[s]] = x[from[s]];
        }
      }
    },
  };
}

/** Shuffles values across the rows of each period (one `rng.shuffle` per period, in sorted order). Exported for tests. */
export function withinPermuter(model: PreparedModel, column: string): Permuter {
  const period = model.codes(column);
  const rowsOf: number[][] = Array.from({ length: period.levels.length }, () => []);
  for (let i = 0; i < model.nobs; i++) rowsOf[period.codes[i]].push(i);
  const groups = rowsOf.filter((rows) => rows.length > 0);
  return {
    fixedUnits: 0,
    apply(x, out, rng) {
      for (const rows of groups) {
        const source = rows.length > 1 ? rng.shuffle(rows) : rows;
        for (let k = 0; k < rows.length; k++) out[rows[k]] = x[source[k]];
      }
    },
  };
}

/** Mean and standard deviation (n − 1 denominator) of the finite values. */
function meanSd(xs: Float64Array): { mean: number; sd: number } {
  let n = 0;
  let s = 0;
  for (const x of xs) {
    if (!Number.isFinite(x)) continue;
    n++;
    s += x;
  }
  const mean = s / n;
  let ss = 0;
  for (const x of xs) if (Number.isFinite(x)) ss += (x - mean) * (x - mean);
  return { mean, sd: Math.sqrt(ss / (n - 1)) };
}

/** Two-sided permutation p-value (1 + #{|b*| ≥ |b|})/(1 + B) (Phipson & Smyth 2010), ties within a relative 1e-12 counted. */
function permutationP(real: number, draws: Float64Array): number {
  let hits = 0;
  const threshold = Math.abs(real) * (1 - 1e-12);
  for (const b of draws) if (Math.abs(b) >= threshold) hits++;
  return (1 + hits) / (1 + draws.length);
}

/** Checks the options (unknown keys, draws, seed) and returns the draws and whether t statistics are collected. */
function placeboSettings(options: PlaceboOptions): { draws: number; withT: boolean } {
  if (options === null || typeof options !== "object") throw new OptionsError(`placeboTest: pass options such as { data, formula, coef: "ai", draws: 499, seed: 1 }.`);
  checkOptions("placeboTest", options, PLACEBO_OPTION_KEYS);
  const draws = options.draws ?? 499;
  if (!(Number.isInteger(draws) && draws >= 1)) throw new OptionsError(`placeboTest: draws must be a positive whole number, got ${draws}.`);
  if (!Number.isFinite(options.seed)) throw new OptionsError(`placeboTest: give a seed (a number), e.g. seed: 20260301, so that the permutations can be reproduced.`);
  return { draws, withT: options.tstats ?? true };
}

/**
 * The model (prepared from data and formula unless given), checked so that permuting `coef` alone is a
 * placebo of the whole treatment: a plain regressor of the formula, in no product or i() term.
 */
function placeboModel(options: PlaceboOptions): PreparedModel {
  let model = options.model;
  if (!model) {
    if (options.data === undefined || typeof options.formula !== "string") throw new OptionsError(`placeboTest: give data and formula (or a prepared model).`);
    model = new PreparedModel(options.formula, options.data, { vcov: options.vcov });
  }
  const coef = options.coef;
  const parsed = parseFormula(model.formula);
  const plain = parsed.terms.some((t) => t.kind === "variable" && t.name === coef);
  const elsewhere = parsed.terms.some((t) => t.kind !== "variable" && termVariables(t).includes(coef));
  if (!plain || elsewhere) {
    throw new OptionsError(
      !plain
        ? `placeboTest: "${coef}" is not a plain regressor of "${model.formula}". ${unknownNameHint(coef, model.regressorNames, "Its regressors are")}`
        : `placeboTest: "${coef}" also enters a product or i() term of "${model.formula}"; permuting it alone would leave those terms unpermuted. Build the interaction as its own column first.`,
    );
  }
  return model;
}

/** The permutation scheme: within periods of `permuteWithin`, or whole series of `unit` lined up by `time`. */
function placeboPermuter(model: PreparedModel, options: PlaceboOptions): { permuter: Permuter; scheme: string } {
  if (options.permuteWithin !== undefined) return { permuter: withinPermuter(model, options.permuteWithin), scheme: `within:${options.permuteWithin}` };
  return { permuter: seriesPermuter(model, options.unit ?? "code", options.time ?? "year"), scheme: "series" };
}

/**
 * The placebo refits, in draw order: each draw permutes the regressor (one `permuter.apply` from the
 * seeded generator) and refits with only that column replaced; NaN where it came out collinear.
 */
function drawPlacebos(model: PreparedModel, coef: string, permuter: Permuter, draws: number, seed: number, withT: boolean): { placebo: Float64Array; placeboT?: Float64Array } {
  const x = model.numeric(coef);
  const xStar = new Float64Array(x.length);
  const placebo = new Float64Array(draws);
  const placeboT = withT ? new Float64Array(draws) : undefined;
  const rng = new Rng(seed);
  for (let b = 0; b < draws; b++) {
    permuter.apply(x, xStar, rng);
    const input = { regressors: { [coef]: xStar } };
    if (placeboT) {
      const fit = model.fit(input);
      placebo[b] = coef in fit.coef ? fit.coef[coef] : NaN;
      placeboT[b] = coef in fit.tstat ? fit.tstat[coef] : NaN;
    } else {
      const b1 = model.coefficients(input)[coef];
      placebo[b] = b1 === undefined ? NaN : b1;
    }
  }
  return { placebo, placeboT };
}

/** The result's `description` sentence. */
function placeboDescription(options: PlaceboOptions, draws: number, fixedUnits: number, r: { mean: number; sd: number; estimate: number; p: number; pT?: number }): string {
  const coef = options.coef;
  const unit = options.unit ?? "code";
  const how = options.permuteWithin !== undefined
    ? `${coef} shuffled across units within each ${options.permuteWithin}`
    : `${coef} series permuted across ${unit}${fixedUnits > 0 ? ` (${fixedUnits} units with a unique set of periods left in place)` : ""}`;
  const fmt = (v: number): string => v.toPrecision(3);
  return (
    `Placebo test, ${draws} draws (seed ${options.seed}), ${how}: placebo estimates have mean ${fmt(r.mean)} and SD ${fmt(r.sd)}; ` +
    `the real estimate ${fmt(r.estimate)} gives permutation ${pValueText(r.p, { draws })}` +
    (r.pT !== undefined ? ` (${pValueText(r.pT, { draws })} from t statistics)` : "") +
    "."
  );
}

/**
 * Placebo (randomization-inference) test of one regressor: reassign its values across units many
 * times, refit, and compare the real estimate with the distribution of placebo estimates. If the
 * effect is real, placebo estimates centre on zero and the real one sits in the tail.
 *
 * Two schemes:
 * - default — permute whole series: unit u receives the regressor's time path of unit π(u), so each
 *   placebo series keeps the persistence of a real one (the "随机分配处理组" placebo of Chinese
 *   papers). In an unbalanced panel units are permuted only among units observed in exactly the
 *   same periods (`fixedUnits` counts those left in place), so no row loses its value.
 * - `permuteWithin: "year"` — shuffle the regressor across units within each period (keeps every
 *   year's cross-section of values, breaks the time paths).
 *
 * Every refit reuses the prepared sample and fixed-effect codes (PreparedModel): only the permuted
 * column is demeaned again. The p-value counts the real estimate as one of the draws,
 * p = (1 + #{|b*| ≥ |b|})/(1 + draws) (Phipson & Smyth 2010); `pT` does the same with t statistics.
 * The generator is lib/random/rng.ts: the same seed gives the same draws, byte for byte.
 *
 * @example
 *   const pl = placeboTest({ data: panel, formula: "shrink ~ ai + lnpgdp | code + year", coef: "ai",
 *     vcov: { cluster: "code" }, draws: 499, seed: 7 });
 *   pl.p; pl.mean; pl.placebo;   // Float64Array of 499 placebo coefficients
 * The steps: `placeboSettings` (options), `placeboModel` (the model and the regressor's checks),
 * `placeboPermuter`, `drawPlacebos` (the refits), `placeboDescription`.
 *
 * @throws OptionsError for an unknown or misspelt option, or when coef is not a plain regressor (or
 *         also enters a product or i() term); DataError for duplicate unit-period rows; and the errors
 *         of `feols` for bad data.
 */
export function placeboTest(options: PlaceboOptions): PlaceboResult {
  const { draws, withT } = placeboSettings(options);
  const model = placeboModel(options);
  const coef = options.coef;
  const real = model.fit();
  if (!(coef in real.coef)) throw new OptionsError(`placeboTest: "${coef}" was dropped as collinear in the real fit; there is nothing to compare the placebos with.`);
  const { permuter, scheme } = placeboPermuter(model, options);
  const { placebo, placeboT } = drawPlacebos(model, coef, permuter, draws, options.seed, withT);
  const { mean, sd } = meanSd(placebo);
  const estimate = real.coef[coef];
  const tstat = real.tstat[coef];
  const p = permutationP(estimate, placebo);
  const pT = placeboT ? permutationP(tstat, placeboT) : undefined;
  const description = placeboDescription(options, draws, permuter.fixedUnits, { mean, sd, estimate, p, pT });
  return { coef, estimate, tstat, placebo, placeboT, p, pT, draws, seed: options.seed, mean, sd, scheme, fixedUnits: permuter.fixedUnits, description };
}
