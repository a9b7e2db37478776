/**
 * The first-stage F statistic of one sector's share used alone as the instrument, with the controls:
 * the Wald test of π_k = 0 in x = π_k Z_k + V δ + e (weighted), which Goldsmith-Pinkham, Sorkin & Swift
 * (2020) report beside each Rotemberg weight (their replication runs `regress x z_k controls [aw = w],
 * cluster(czone)` and `test z_k`). By Frisch–Waugh–Lovell, with Z̃_k = MZ_k and x̃ = Mx (M partials the
 * controls out under the weights),
 *
 *   π_k = Z̃_k′Ωx̃ / Z̃_k′ΩZ̃_k,   e = x̃ − π_k Z̃_k,   F_k = π_k² / V(π_k)
 *   iid:     V = Σ ω e² / (n − K) / Z̃_k′ΩZ̃_k
 *   hetero:  V = n/(n − K) · Σ (ω Z̃_k e)² / (Z̃_k′ΩZ̃_k)²                        (HC1)
 *   cluster: V = G/(G − 1) · (n − 1)/(n − K) · Σ_g (Σ_{i∈g} ω Z̃_k e)² / (Z̃_k′ΩZ̃_k)²  (CR1, Stata and fixest)
 *
 * n counts the rows with a positive weight, G the clusters with such a row, K = the kept controls (intercept
 * included) + 1 + the absorbed fixed effects' Σ L_f − (F − 1), those nested in the cluster not counted under
 * clustering — R fixest 0.12's count (design §4; absorbedEffects.ts). The F is invariant to rescaling the
 * weights, so Stata's aweights give the same number.
 */
import type { FixedEffectFactor } from "../../design/factor";
import { absorbedParameterCount } from "./absorbedEffects";
import type { DataColumns } from "../../design/input";
import { factorColumn } from "../../design/columns";
import { DataError, OptionsError } from "../../errors";
import { unknownNameHint } from "../../names";

/** The variance behind each sector's first-stage F: iid, HC1, or clustered by a column (CR1). */
export type FirstStageVcov = "iid" | "hetero" | FirstStageCluster;

/** A clustered first-stage F (CR1). */
export interface FirstStageCluster {
  /** The column whose values are the clusters, e.g. "czone". */
  cluster: string;
}

/** What the per-sector F needs besides the sector's columns. */
export interface FirstStageSetup {
  /** "iid", "hetero" or "cluster". */
  kind: "iid" | "hetero" | "cluster";
  /** The label shown with the statistics, e.g. "clustered by czone (CR1)". */
  label: string;
  /** Rows with a positive weight. */
  n: number;
  /** Parameters of the per-sector first stage: kept controls (with the intercept) + 1 + the fixed effects' count. */
  k: number;
  /** Cluster code per row (cluster only). */
  codes?: Int32Array;
  /** Number of clusters with a positive-weight row (cluster only). */
  nClusters: number;
  /** Scratch sums per cluster (cluster only). */
  sums?: Float64Array;
}

/**
 * Checks the variance option and prepares what `sectorFirstStageF` needs; `slopes` counts the kept controls
 * (with the intercept) and the share, `fixedEffects` are the absorbed ones (counted as fixest does).
 * @throws OptionsError for an unknown form; DataError for a cluster column that is unknown or has a missing value;
 *   DataError when fewer than two clusters remain.
 * @example firstStageSetup(table, { cluster: "czone" }, weights, 17, "rotembergWeights").label // "clustered by czone (CR1)"
 */
export function firstStageSetup(data: DataColumns, vcov: unknown, weights: Float64Array, slopes: number, where: string, fixedEffects: FixedEffectFactor[] = []): FirstStageSetup {
  let n = 0;
  for (let i = 0; i < weights.length; i++) if (weights[i] > 0) n++;
  if (vcov === "iid" || vcov === "hetero") {
    const k = slopes + absorbedParameterCount(fixedEffects, weights);
    return { kind: vcov, label: vcov === "iid" ? "iid" : "heteroskedasticity-robust (HC1)", n, k, nClusters: 0 };
  }
  const cluster = (vcov as { cluster?: unknown } | null)?.cluster;
  if (vcov === null || typeof vcov !== "object" || typeof cluster !== "string" || Object.keys(vcov).length !== 1) {
    throw new OptionsError(`${where}: firstStageVcov must be "iid", "hetero" or { cluster: "column" } (GPSS cluster by region: { cluster: "czone" }), got ${JSON.stringify(vcov)}.`);
  }
  if (!data.has(cluster)) {
    throw new DataError(`${where}: the cluster variable "${cluster}" is not a column of the data. ${unknownNameHint(cluster, data.names(), "Available columns")}`);
  }
  const factor = factorColumn(data, cluster);
  const first = factor.codes.indexOf(-1);
  if (first >= 0) {
    throw new DataError(`${where}: the cluster variable "${cluster}" is missing in row ${first + 1}; fill it in or drop the row (and its shares).`);
  }
  const seen = new Uint8Array(factor.nLevels);
  let nClusters = 0;
  for (let i = 0; i < weights.length; i++) {
    if (weights[i] > 0 && !seen[factor.codes[i]]) {
      seen[factor.codes[i]] = 1;
      nClusters++;
    }
  }
  if (nClusters < 2) {
    throw new DataError(`${where}: the cluster variable "${cluster}" has ${nClusters} cluster(s) with a positive weight; a clustered F needs at least two. Use firstStageVcov "hetero" instead.`);
  }
  const k = slopes + absorbedParameterCount(fixedEffects, weights, factor.codes);
  return { kind: "cluster", label: `clustered by ${cluster} (CR1)`, n, k, codes: factor.codes, nClusters, sums: new Float64Array(factor.nLevels) };
}

/**
 * F_k for one sector from its columns on the √ω scale: `zt` = √ω ⊙ Z̃_k, `xs` = √ω ⊙ x̃, with
 * zz = Z̃_k′ΩZ̃_k and π_k already computed. NaN when zz = 0 (a share column explained by the controls).
 * @example sectorFirstStageF(setup, zt, xs, zz, pi) // e.g. 52.3
 */
export function sectorFirstStageF(setup: FirstStageSetup, zt: Float64Array, xs: Float64Array, zz: number, pi: number): number {
  if (!(zz > 0)) return NaN;
  const n = zt.length;
  const dfResid = setup.n - setup.k;
  if (setup.kind === "iid") {
    let ssr = 0;
    for (let i = 0; i < n; i++) {
      const e = xs[i] - pi * zt[i];
      ssr += e * e;
    }
    return (pi * pi * zz * dfResid) / ssr;
  }
  let meat = 0;
  if (setup.kind === "hetero") {
    for (let i = 0; i < n; i++) {
      const s = zt[i] * (xs[i] - pi * zt[i]);
      meat += s * s;
    }
    meat *= setup.n / dfResid;
  } else {
    const sums = setup.sums as Float64Array;
    const codes = setup.codes as Int32Array;
    sums.fill(0);
    for (let i = 0; i < n; i++) sums[codes[i]] += zt[i] * (xs[i] - pi * zt[i]);
    for (let g = 0; g < sums.length; g++) meat += sums[g] * sums[g];
    const gc = setup.nClusters;
    meat *= (gc / (gc - 1)) * ((setup.n - 1) / dfResid);
  }
  return (pi * pi * zz * zz) / meat;
}
