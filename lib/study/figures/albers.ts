/** The Albers equal-area conic projection on the sphere, forward and inverse, for the city map. */
import { OptionsError } from "../../errors";

/** Radians per degree. */
const RAD = Math.PI / 180;

/** The constants of an Albers projection on a sphere. */
export interface AlbersParams {
  /** The two standard parallels φ1, φ2, degrees north (distinct, not symmetric about the equator). */
  parallels: [number, number];
  /** The central meridian λ0, degrees east. */
  centralMeridian: number;
  /** The latitude of the origin φ0 (where y = 0 on the central meridian), degrees north. */
  originLatitude: number;
  /** The sphere's radius R; x and y come out in its unit. */
  radius: number;
}

/** A map projection: longitude/latitude in degrees to plane coordinates and back. */
export interface Projection {
  /** The constants the projection was made with. */
  params: AlbersParams;
  /** Plane coordinates [x, y] of a point at longitude `lon` and latitude `lat` (degrees). */
  forward(lon: number, lat: number): [number, number];
  /** Longitude and latitude [lon, lat] (degrees) of the plane point (x, y). */
  inverse(x: number, y: number): [number, number];
}

/**
 * The city map's projection: standard parallels 25°N and 47°N, central meridian 105°E, origin at
 * 0°N, on a sphere of radius 6371 km (so x and y are in km) — the conic equal-area parameters
 * commonly used for maps of China.
 */
export const CHINA_ALBERS: Readonly<AlbersParams> = Object.freeze({ parallels: [25, 47] as [number, number], centralMeridian: 105, originLatitude: 0, radius: 6371 });

/**
 * The Albers equal-area conic projection of a sphere (Snyder 1987, *Map Projections — A Working
 * Manual*, USGS Professional Paper 1395, pp. 98–103, equations 14-1 to 14-11):
 *
 *   n = (sin φ1 + sin φ2)/2,  C = cos² φ1 + 2n sin φ1,  ρ(φ) = R √(C − 2n sin φ) / n,
 *   θ = n (λ − λ0),  x = ρ(φ) sin θ,  y = ρ(φ0) − ρ(φ) cos θ;
 *
 * inverse: ρ = √(x² + (ρ0 − y)²) (sign of n), θ = atan2(x, ρ0 − y) (both negated when n < 0),
 * φ = asin((C − (ρn/R)²)/(2n)), λ = λ0 + θ/n. Areas are preserved: a cell of dλ × dφ maps to
 * R² cos φ dλ dφ. Longitudes are taken within 180° of λ0.
 * @throws OptionsError when the parallels are equal, symmetric about the equator (n = 0) or outside ±90°.
 * @example albersEqualArea(CHINA_ALBERS).forward(105, 0) // [0, 0]: the origin
 */
export function albersEqualArea(params: AlbersParams = CHINA_ALBERS): Projection {
  const [p1, p2] = params.parallels;
  if (!(Math.abs(p1) <= 90 && Math.abs(p2) <= 90) || p1 === p2) throw new OptionsError(`albersEqualArea: the standard parallels must be two distinct latitudes within ±90°, got ${String(p1)} and ${String(p2)}.`);
  const n = (Math.sin(p1 * RAD) + Math.sin(p2 * RAD)) / 2;
  if (Math.abs(n) < 1e-10) throw new OptionsError(`albersEqualArea: parallels ${p1} and ${p2} are symmetric about the equator (n = 0); choose two on the same side, e.g. [25, 47].`);
  const R = params.radius;
  const C = Math.cos(p1 * RAD) ** 2 + 2 * n * Math.sin(p1 * RAD);
  const rho = (lat: number): number => (R * Math.sqrt(Math.max(0, C - 2 * n * Math.sin(lat * RAD)))) / n;
  const rho0 = rho(params.originLatitude);
  const wrap = (dLon: number): number => ((((dLon + 180) % 360) + 360) % 360) - 180;
  return {
    params: { ...params, parallels: [p1, p2] },
    forward(lon, lat) {
      const theta = n * wrap(lon - params.centralMeridian) * RAD;
      const r = rho(lat);
      return [r * Math.sin(theta), rho0 - r * Math.cos(theta)];
    },
    inverse(x, y) {
      const s = Math.sign(n);
      const r = s * Math.hypot(x, rho0 - y);
      const theta = Math.atan2(s * x, s * (rho0 - y));
      const sinLat = (C - ((r * n) / R) ** 2) / (2 * n);
      return [params.centralMeridian + theta / n / RAD, Math.asin(Math.max(-1, Math.min(1, sinLat))) / RAD];
    },
  };
}
