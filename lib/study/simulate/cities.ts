/**
 * The city attributes the simulator reads from the registry (data/cities.csv): a structural subset of
 * the registry's `City`, so any registry row (flags as 0/1, booleans or "0"/"1") can be passed in.
 */
import { DataError } from "../../errors";
export interface SimCity {
  code: string;
  name_zh: string;
  province_code: string;
  region: string;
  municipality: Flag;
  provincial_capital: Flag;
  peripheral: Flag;
  resource_based: Flag;
  hu_se: Flag;
}

/** A 0/1 flag as the registry may type it. */
export type Flag = boolean | number | string;

/** True for 1, "1", true. */
export function flag(x: Flag): boolean {
  return x === true || x === 1 || x === "1";
}

/** The four regions of the NBS east/central/west/north-east classification. */
export type Region = "east" | "central" | "west" | "northeast";

/** The region of a city, checked. */
export function regionOf(c: SimCity): Region {
  const r = String(c.region).toLowerCase().replace(/[^a-z]/g, "");
  if (r === "east" || r === "central" || r === "west" || r === "northeast") return r;
  throw new DataError(`City ${c.code} has region "${c.region}"; expected east, central, west or northeast.`);
}

/** The 2-digit province code of a city (from province_code, or the first two digits of its code). */
export function provinceOf(c: SimCity): string {
  const p = String(c.province_code ?? "").trim();
  return p.length >= 2 ? p.slice(0, 2) : String(c.code).slice(0, 2);
}
