/**
 * The default city list of the simulator: data/cities.csv through the registry's strict loader, read once
 * per process and cached.
 */
import { loadRegistry } from "../registry";
import { SimCity } from "./cities";

let cache: SimCity[] | null = null;

/** The registry (or the file named by the environment variable KIT_CITIES), cached. */
export function defaultCities(): SimCity[] {
  if (!cache) cache = loadRegistry(process.env.KIT_CITIES || undefined);
  return cache;
}
