/**
 * The Hu Huanyong line (胡焕庸线, the Heihe–Tengchong line) as a great circle.
 *
 * Hu Huanyong (1935), "中国人口之分布——附统计表与密度图" (The distribution of China's population),
 * 地理学报 (Acta Geographica Sinica) 2(2): 33–74, drew the line from Aihui (today's Heihe) to
 * Tengchong; about 94 % of the population lived south-east of it on about 36 % of the land.
 *
 * The kit's rule (design §5): with the unit vector
 *
 *   u(λ, φ) = (cos φ cos λ, cos φ sin λ, sin φ)
 *
 * and the normal n = u(Heihe) × u(Tengchong), Heihe = (127.49°E, 50.25°N) and
 * Tengchong = (98.49°E, 25.02°N), a point is south-east of the line iff n · u(point) ≥ 0.
 * A point exactly on the line (Heihe itself) counts as south-east; a tolerance of 1e-12 on the
 * normalised dot product absorbs floating-point noise there.
 *
 * A straight line in raw longitude/latitude is NOT the same thing: it puts Xi'an and Chengdu on the
 * wrong side. Checks of the orientation: Shanghai, Xi'an, Chengdu, Taiyuan and Guangzhou are
 * south-east; Lanzhou, Hohhot, Xining, Yinchuan, Baotou and Lhasa north-west.
 */

import { DataError } from "../errors";

/** A point in decimal degrees: longitude east, latitude north. */
export interface LonLat {
  /** Longitude λ, degrees east (negative west), in [−180, 180]. */
  readonly lon: number;
  /** Latitude φ, degrees north (negative south), in [−90, 90]. */
  readonly lat: number;
}

/** Heihe, the north-eastern end of the line (decimal degrees). */
export const HU_LINE_HEIHE: LonLat = { lon: 127.49, lat: 50.25 };

/** Tengchong, the south-western end of the line (decimal degrees). */
export const HU_LINE_TENGCHONG: LonLat = { lon: 98.49, lat: 25.02 };

/** Tolerance on the normalised dot product n̂ · u below which a point counts as on the line. */
export const HU_LINE_TOLERANCE = 1e-12;

/** Radians per degree. */
const DEG = Math.PI / 180;

/** A vector in R³. */
type Vec3 = readonly [number, number, number];

/**
 * Throws unless `lon` is a finite number in [−180, 180] and `lat` one in [−90, 90].
 * @throws DataError naming the offending coordinate.
 * @example checkCoordinate(200, 30) // throws: Longitude 200 is not a finite number of degrees in [-180, 180]
 */
function checkCoordinate(lon: number, lat: number): void {
  if (typeof lon !== "number" || !Number.isFinite(lon) || lon < -180 || lon > 180) {
    throw new DataError(
      `Longitude ${String(lon)} is not a finite number of degrees in [-180, 180]; pass decimal degrees east.`,
    );
  }
  if (typeof lat !== "number" || !Number.isFinite(lat) || lat < -90 || lat > 90) {
    throw new DataError(
      `Latitude ${String(lat)} is not a finite number of degrees in [-90, 90]; pass decimal degrees north.`,
    );
  }
}

/**
 * Unit vector of a point on the sphere: u(λ, φ) = (cos φ cos λ, cos φ sin λ, sin φ).
 * @throws DataError when a coordinate is not a finite number in range.
 * @example unitVector(0, 90) // ≈ [0, 0, 1]
 */
export function unitVector(lon: number, lat: number): [number, number, number] {
  checkCoordinate(lon, lat);
  const l = lon * DEG;
  const p = lat * DEG;
  return [Math.cos(p) * Math.cos(l), Math.cos(p) * Math.sin(l), Math.sin(p)];
}

/**
 * The cross product a × b = (a₂b₃ − a₃b₂, a₃b₁ − a₁b₃, a₁b₂ − a₂b₁).
 * @example cross([1, 0, 0], [0, 1, 0]) // [0, 0, 1]
 */
function cross(a: Vec3, b: Vec3): [number, number, number] {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

/**
 * v / |v|, the unit vector along v.
 * @example normalise([3, 0, 4]) // [0.6, 0, 0.8]
 */
function normalise(v: Vec3): [number, number, number] {
  const len = Math.hypot(v[0], v[1], v[2]);
  return [v[0] / len, v[1] / len, v[2] / len];
}

/**
 * The unit normal of the line's great circle, n̂ = (u(Heihe) × u(Tengchong)) / |u(Heihe) × u(Tengchong)|.
 * It points to the south-east side: n̂ · u(Shanghai) > 0.
 */
export const HU_LINE_NORMAL: readonly [number, number, number] = Object.freeze(
  normalise(
    cross(
      unitVector(HU_LINE_HEIHE.lon, HU_LINE_HEIHE.lat),
      unitVector(HU_LINE_TENGCHONG.lon, HU_LINE_TENGCHONG.lat),
    ),
  ),
);

/**
 * Signed angular distance from the line's great circle, in degrees of arc:
 * asin(n̂ · u(λ, φ)) — positive south-east, negative north-west. One degree of arc is about 111 km.
 * @throws DataError when a coordinate is not a finite number in range.
 * @example huLineDistanceDeg(121.47, 31.23) // ≈ 11.6 (Shanghai, far south-east)
 */
export function huLineDistanceDeg(lon: number, lat: number): number {
  const v = unitVector(lon, lat);
  const dot = HU_LINE_NORMAL[0] * v[0] + HU_LINE_NORMAL[1] * v[1] + HU_LINE_NORMAL[2] * v[2];
  return Math.asin(Math.max(-1, Math.min(1, dot))) / DEG;
}

/**
 * True when the point lies south-east of the Hu Huanyong line (or on it): n̂ · u(λ, φ) ≥ −1e-12,
 * with n̂ the normal of the great circle through Heihe (127.49°E, 50.25°N) and Tengchong
 * (98.49°E, 25.02°N). Hu (1935), Acta Geographica Sinica 2(2).
 * @throws DataError when a coordinate is not a finite number in range.
 * @example isSouthEastOfHuLine(108.94, 34.34) // true (Xi'an)
 * @example isSouthEastOfHuLine(103.83, 36.06) // false (Lanzhou)
 */
export function isSouthEastOfHuLine(lon: number, lat: number): boolean {
  const v = unitVector(lon, lat);
  const dot = HU_LINE_NORMAL[0] * v[0] + HU_LINE_NORMAL[1] * v[1] + HU_LINE_NORMAL[2] * v[2];
  return dot >= -HU_LINE_TOLERANCE;
}
