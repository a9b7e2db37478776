import { combineCodes, densifyCodes, type FixedEffectFactor } from "../design/factor";
import { DataError, VarianceError } from "../errors";
import { sandwich, scale, zeros } from "../linalg/dense";
import { nestedParameterCount } from "./dof";
import { sumScoresBy } from "./meat";
import type { VarianceEstimate, VarianceInput } from "./types";

/** fixest's Earth radius for `distance = "spherical"` (km): `12752 * asin(…)` in src/vcov_related.cpp. */
export const CONLEY_EARTH_RADIUS_KM = 6376;

/** Degrees to radians as fixest computes them (x / 180 · π), so that pairs at the cutoff fall on the same side. */
function radians(degrees: number): number {
  return (degrees / 180) * Math.PI;
}

/**
 * Great-circle (haversine) distance in km between two points given in degrees, with fixest's
 * Earth radius of 6376 km:
 *
 *   d = 2R · asin(min(1, √(sin²(Δφ/2) + cos φ_a cos φ_b sin²(Δλ/2)))).
 *
 * @example haversineKm(39.9042, 116.4074, 31.2304, 121.4737) // ≈ 1068 (Beijing–Shanghai)
 */
export function haversineKm(latA: number, lonA: number, latB: number, lonB: number): number {
  const pa = radians(latA);
  const pb = radians(latB);
  const sinLat = Math.sin((pb - pa) / 2);
  const sinLon = Math.sin((radians(lonB) - radians(lonA)) / 2);
  const a = sinLat * sinLat + Math.cos(pa) * Math.cos(pb) * sinLon * sinLon;
  return 2 * CONLEY_EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** The distinct locations: a code per row and the coordinates of each location. */
interface Locations {
  codes: Int32Array;
  lat: Float64Array;
  lon: Float64Array;
}

/** @throws DataError naming the column when a latitude lies outside ±90° or a coordinate is not finite. */
function locationsOf(lat: Float64Array, lon: Float64Array, latFactor: FixedEffectFactor, lonFactor: FixedEffectFactor): Locations {
  for (let i = 0; i < lat.length; i++) {
    if (!(Math.abs(lat[i]) <= 90)) {
      throw new DataError(`Conley: the latitude column "${latFactor.name}" has ${lat[i]} on row ${i + 1} of the estimation sample; latitudes are degrees within ±90 (did you swap lat and lon?).`);
    }
    if (!Number.isFinite(lon[i]) || Math.abs(lon[i]) > 360) {
      throw new DataError(`Conley: the longitude column "${lonFactor.name}" has ${lon[i]} on row ${i + 1} of the estimation sample; longitudes are degrees within ±180.`);
    }
  }
  const dense = densifyCodes(combineCodes([latFactor.codes, lonFactor.codes]));
  const G = dense.nLevels;
  const locLat = new Float64Array(G).fill(NaN);
  const locLon = new Float64Array(G);
  for (let i = 0; i < lat.length; i++) {
    const g = dense.codes[i];
    if (Number.isNaN(locLat[g])) {
      locLat[g] = lat[i];
      locLon[g] = lon[i];
    }
  }
  return { codes: dense.codes, lat: locLat, lon: locLon };
}

/** Per-location trigonometry, so that a pair costs no sine or cosine (see `neighbourSums`). */
interface Trig {
  cosLat: Float64Array;
  sinHalfLat: Float64Array;
  cosHalfLat: Float64Array;
  sinHalfLon: Float64Array;
  cosHalfLon: Float64Array;
}

function trigOf(loc: Locations): Trig {
  const G = loc.lat.length;
  const t: Trig = { cosLat: new Float64Array(G), sinHalfLat: new Float64Array(G), cosHalfLat: new Float64Array(G), sinHalfLon: new Float64Array(G), cosHalfLon: new Float64Array(G) };
  for (let g = 0; g < G; g++) {
    const phi = radians(loc.lat[g]);
    const lambda = radians(loc.lon[g]);
    t.cosLat[g] = Math.cos(phi);
    t.sinHalfLat[g] = Math.sin(phi / 2);
    t.cosHalfLat[g] = Math.cos(phi / 2);
    t.sinHalfLon[g] = Math.sin(lambda / 2);
    t.cosHalfLon[g] = Math.cos(lambda / 2);
  }
  return t;
}

/** Whether locations a and b are within the cutoff: the haversine term against sin²(cutoff/2R), exact near the edge. */
function within(loc: Locations, t: Trig, a: number, b: number, cutoff: number, threshold: number): boolean {
  if (threshold >= 1) return true; // a cutoff of half the Earth's circumference or more
  const sLat = t.sinHalfLat[b] * t.cosHalfLat[a] - t.cosHalfLat[b] * t.sinHalfLat[a]; // sin((φ_b − φ_a)/2)
  const sLon = t.sinHalfLon[b] * t.cosHalfLon[a] - t.cosHalfLon[b] * t.sinHalfLon[a];
  const h = sLat * sLat + t.cosLat[a] * t.cosLat[b] * sLon * sLon;
  if (h < threshold * (1 - 1e-9)) return true;
  if (h > threshold * (1 + 1e-9)) return false;
  return haversineKm(loc.lat[a], loc.lon[a], loc.lat[b], loc.lon[b]) <= cutoff;
}

/**
 * N_a = Σ_b 1[d_ab ≤ cutoff] S_b for every location a (row-major G × p). Locations are visited in order of
 * latitude and a pair is skipped unless |Δφ| ≤ cutoff/(R·π/180), which no pair within the cutoff fails
 * (the great-circle distance is at least R·|Δφ|): O(G²) pairs at worst, far fewer on a wide map, each
 * compared as sin²(Δφ/2) + cos φ_a cos φ_b sin²(Δλ/2) ≤ sin²(cutoff/2R) from per-location sines and cosines
 * (the full haversine only for pairs within 1e-9 of the cutoff).
 */
function neighbourSums(loc: Locations, S: Float64Array, p: number, cutoff: number): Float64Array {
  const G = loc.lat.length;
  const order = Array.from({ length: G }, (_, g) => g).sort((a, b) => loc.lat[a] - loc.lat[b]);
  const band = (cutoff / CONLEY_EARTH_RADIUS_KM) * (180 / Math.PI) * (1 + 1e-9);
  const half = cutoff / (2 * CONLEY_EARTH_RADIUS_KM);
  const threshold = half >= Math.PI / 2 ? 1 : Math.sin(half) ** 2;
  const t = trigOf(loc);
  const sums = new Float64Array(G * p);
  for (let x = 0; x < G; x++) {
    const a = order[x];
    for (let q = 0; q < p; q++) sums[a * p + q] += S[a * p + q];
    for (let y = x + 1; y < G; y++) {
      const b = order[y];
      if (loc.lat[b] - loc.lat[a] > band) break;
      if (!within(loc, t, a, b, cutoff, threshold)) continue;
      for (let q = 0; q < p; q++) {
        sums[a * p + q] += S[b * p + q];
        sums[b * p + q] += S[a * p + q];
      }
    }
  }
  return sums;
}

/**
 * Conley (1999) spatial-HAC variance, as fixest 0.12.1's `vcov_conley(lat, lon, cutoff, distance = "spherical")`:
 * the scores are first summed by distinct (lat, lon), S_a = Σ_{i at a} x̃_i e_i (on a panel, all years of a
 * location are one unit), then with a uniform kernel
 *
 *   M = Σ_a Σ_b 1[d_ab ≤ cutoff] S_a S_b',   V = (N − 1)/(N − K) · (X̃'X̃)⁻¹ M (X̃'X̃)⁻¹,
 *
 * d the haversine distance with R = 6376 km, the cutoff inclusive, K leaving out fixed effects nested in the
 * latitude or the longitude (a city effect). Inference uses t(N − K). Cost: one pass over the rows, then
 * distances between locations only (never between rows).
 * @example feols("y ~ x1 + x2 | code + year", panel, { vcov: { conley: { lat: "lat", lon: "lon", cutoff: 500 } } })
 * @throws DataError for a latitude outside ±90°; VarianceError when the coordinates did not reach the variance.
 */
export function conleyVariance(input: VarianceInput, latFactor: FixedEffectFactor, lonFactor: FixedEffectFactor, cutoff: number): VarianceEstimate {
  if (!input.coordinates) {
    throw new VarianceError(`Conley: the coordinates "${latFactor.name}" and "${lonFactor.name}" did not reach the variance; fit with feols(…, { vcov: { conley: … } }) or fit.withVcov(…).`);
  }
  const loc = locationsOf(input.coordinates.lat, input.coordinates.lon, latFactor, lonFactor);
  const p = input.columns.length;
  const G = loc.lat.length;
  const S = sumScoresBy(input.columns, input.residuals, loc.codes, G);
  const near = neighbourSums(loc, S, p, cutoff);
  const meat = zeros(p);
  for (let g = 0; g < G; g++) {
    for (let a = 0; a < p; a++) {
      const sa = S[g * p + a];
      const row = meat[a];
      for (let b = 0; b < p; b++) row[b] += sa * near[g * p + b];
    }
  }
  // Σ_a S_a N_a' is symmetric in exact arithmetic; average to make it so in floating point.
  for (let a = 0; a < p; a++) for (let b = 0; b < a; b++) meat[a][b] = meat[b][a] = (meat[a][b] + meat[b][a]) / 2;
  const N = input.nobs;
  const k = nestedParameterCount(input.kFull, input.fixedEffects, [latFactor, lonFactor]);
  const df = N - k;
  return {
    matrix: scale(sandwich(input.bread, meat), (N - 1) / df),
    dfT: df,
    k,
    label: `Conley (${cutoff}km): ${G} locations (${latFactor.name}, ${lonFactor.name}), uniform kernel, haversine R = ${CONLEY_EARTH_RADIUS_KM} km, × (N − 1)/(N − K), N = ${N}, K = ${k}, t(${df})`,
  };
}
