/**
 * The city attributes the simulator reads from the registry (data/cities.csv): a structural subset of
 * the registry's `City`, so any registry row (flags as 0/1, booleans or "0"/"1") can be passed in.
 */
import { DataError } from "../../errors";

/** A city as the simulator reads it from the registry. */
export interface SimCity {
  /** 6-digit administrative code (current). */
  code: string;
  /** Chinese name. */
  name_zh: string;
  /** Province code (2 digits, or the 6-digit form); empty falls back to the code's first two digits. */
  province_code: string;
  /** NBS region: east, central, west or northeast. */
  region: string;
  /** One of the four municipalities. */
  municipality: LooseFlag;
  /** A provincial capital. */
  provincial_capital: LooseFlag;
  /** A peripheral city. */
  peripheral: LooseFlag;
  /** A resource-based city. */
  resource_based: LooseFlag;
  /** South-east of the Hu line. */
  hu_se: LooseFlag;
}

/** A 0/1 flag as the registry may type it. */
export type LooseFlag = boolean | number | string;

/** True for 1, "1", true. */
export function flag(x: LooseFlag): boolean {
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
