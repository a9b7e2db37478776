/** Points along the Hu Huanyong line for drawing: spherical interpolation between its two ends. */
import { OptionsError } from "../../errors";
import { HU_LINE_HEIHE, HU_LINE_TENGCHONG, unitVector } from "../huLine";

/** Degrees per radian. */
const DEG = 180 / Math.PI;

/**
 * Points along the great circle through Heihe (127.49°E, 50.25°N) and Tengchong (98.49°E, 25.02°N)
 * by spherical linear interpolation of their unit vectors a, b (angle Ω = acos(a·b)):
 *
 *   p(t) = sin((1 − t)Ω)/sin Ω · a + sin(tΩ)/sin Ω · b,  t from −extend to 1 + extend,
 *
 * converted back to longitude atan2(y, x) and latitude asin(z). Every point lies on the line's
 * great circle (n̂ · p = 0), so it is drawn as the kit's south-east rule reads it, not as a straight
 * line in longitude/latitude (which would put Xi'an and Chengdu on the wrong side).
 * @param n number of points (≥ 2, default 101)
 * @param extend fraction of the Heihe–Tengchong arc added beyond each end (default 0)
 * @throws OptionsError when `n` is not an integer ≥ 2 or `extend` is outside [0, 1).
 * @example huLinePath(3) // [Heihe, the midpoint of the arc, Tengchong]
 */
export function huLinePath(
  n = 101,
  extend = 0,
): {
  /** Longitudes of the points, degrees east, from the Heihe end to the Tengchong end. */
  lon: number[];
  /** Latitudes of the points, degrees north, in the same order. */
  lat: number[];
} {
  if (!Number.isInteger(n) || n < 2) throw new OptionsError(`huLinePath: n must be an integer ≥ 2, got ${String(n)}.`);
  if (!(extend >= 0 && extend < 1)) throw new OptionsError(`huLinePath: extend must lie in [0, 1), got ${String(extend)}.`);
  const a = unitVector(HU_LINE_HEIHE.lon, HU_LINE_HEIHE.lat);
  const b = unitVector(HU_LINE_TENGCHONG.lon, HU_LINE_TENGCHONG.lat);
  const omega = Math.acos(Math.min(1, a[0] * b[0] + a[1] * b[1] + a[2] * b[2]));
  const s = Math.sin(omega);
  const lon: number[] = [];
  const lat: number[] = [];
  for (let k = 0; k < n; k++) {
    const t = -extend + ((1 + 2 * extend) * k) / (n - 1);
    const wa = Math.sin((1 - t) * omega) / s;
    const wb = Math.sin(t * omega) / s;
    const x = wa * a[0] + wb * b[0];
    const y = wa * a[1] + wb * b[1];
    const z = wa * a[2] + wb * b[2];
    lon.push(Math.atan2(y, x) * DEG);
    lat.push(Math.asin(Math.max(-1, Math.min(1, z / Math.hypot(x, y, z)))) * DEG);
  }
  return { lon, lat };
}
