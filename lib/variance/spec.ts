import { OptionsError } from "../errors";
import { checkOptions } from "../options";

/** The variance types of design §3, as parsed from `options.vcov`. */
export type VcovSpec =
  | {
      /** Homoskedastic errors: σ² = SSR/(N − K_full). */
      type: "iid";
    }
  | {
      /** Heteroskedasticity-robust HC1. */
      type: "hetero";
    }
  | {
      /** Cluster-robust CR1, one- or two-way. */
      type: "cluster";
      /** The cluster variables (one or two). */
      variables: string[];
    }
  | {
      /** Driscoll–Kraay: period sums of the scores, Bartlett-weighted across periods. */
      type: "driscollKraay";
      /** The time column. */
      time: string;
      /** The Bartlett lag; undefined: fixest's default floor(T^(1/4)). */
      lag?: number;
    }
  | {
      /** Panel Newey–West: Bartlett-weighted autocovariances of the scores within each unit. */
      type: "neweyWest";
      /** The unit (panel) column. */
      unit: string;
      /** The time column. */
      time: string;
      /** The Bartlett lag; undefined: fixest's default floor(T^(1/4)). */
      lag?: number;
    }
  | {
      /** Conley: scores summed by location, uniform kernel within `cutoff` km (haversine, R = 6376 km). */
      type: "conley";
      /** The latitude column, degrees. */
      lat: string;
      /** The longitude column, degrees. */
      lon: string;
      /** The distance cutoff in km (inclusive). */
      cutoff: number;
    };

/**
 * What users write in `options.vcov`: "iid", "hetero" (aliases "HC1", "robust"), `{ cluster: "code" }` or
 * `{ cluster: ["code", "year"] }`, or fixest's one-sided formula "~code" / "~code + year".
 */
export type VcovOption =
  | "iid"
  | "hetero"
  | "HC1"
  | "robust"
  | `~${string}`
  | {
      /** The cluster variable, or two for two-way clustering; fixest's "~code" and "~code + year" are accepted too. */
      cluster: string | string[];
    }
  | {
      /** fixest's `vcov_DK(time, lag)`: the time column and an optional Bartlett lag (default floor(T^(1/4))). */
      driscollKraay: {
        /** The time column (periods in sorted order; calendar gaps ignored). */
        time: string;
        /** The Bartlett lag, a non-negative integer (default floor(T^(1/4))). */
        lag?: number;
      };
    }
  | {
      /** fixest's `vcov_NW(unit, time, lag)`: panel Newey–West; lag defaults to floor(T^(1/4)). */
      neweyWest: {
        /** The unit (panel) column: one row per unit and period. */
        unit: string;
        /** The time column. */
        time: string;
        /** The Bartlett lag, a non-negative integer (default floor(T^(1/4))). */
        lag?: number;
      };
    }
  | {
      /** fixest's `vcov_conley(lat, lon, cutoff, distance = "spherical")`; cutoff in km. */
      conley: {
        /** The latitude column, degrees within ±90. */
        lat: string;
        /** The longitude column, degrees. */
        lon: string;
        /** The distance cutoff in km (inclusive; haversine with R = 6376 km). */
        cutoff: number;
      };
    };

/** The forms `options.vcov` takes, for error messages. */
const VCOV_FORMS =
  '"iid", "hetero" (aliases "HC1" and Stata\'s "robust"), { cluster: "code" }, { cluster: ["code", "year"] }, fixest\'s "~code" and "~code + year", ' +
  '{ driscollKraay: { time: "year", lag?: 2 } }, { neweyWest: { unit: "code", time: "year", lag?: 2 } }, or { conley: { lat: "lat", lon: "lon", cutoff: 500 } }';

/** The variables of a fixest one-sided formula "~a + b" (or of a plain name), trimmed. */
function clusterNames(raw: string): string[] {
  return raw.replace(/^\s*~/, "").split("+").map((v) => v.trim()).filter((v) => v.length > 0);
}

/**
 * Reads `options.vcov`: "iid" (default), "hetero" (alias "HC1"), or { cluster: "code" } /
 * { cluster: ["code", "year"] } for one- or two-way clustering; fixest's one-sided formulas
 * "~code" and "~code + year" (as `vcov = ~code` or `cluster = ~code` in R) mean the same;
 * { driscollKraay: { time, lag? } }, { neweyWest: { unit, time, lag? } } and { conley: { lat, lon, cutoff } }
 * as fixest's `vcov_DK`, `vcov_NW` and `vcov_conley(distance = "spherical")`.
 * @example parseVcov({ driscollKraay: { time: "year" } }) // { type: "driscollKraay", time: "year", lag: undefined }
 * @throws OptionsError naming the unknown type, or the option (e.g. driscollKraay.lag) that is invalid.
 */
export function parseVcov(option: unknown): VcovSpec {
  if (option === undefined || option === "iid") return { type: "iid" };
  if (option === "hetero" || option === "HC1" || option === "robust") return { type: "hetero" };
  if (typeof option === "string" && option.trim().startsWith("~")) return parseVcov({ cluster: option });
  if (option === "cluster") {
    throw new OptionsError(`vcov: "cluster" needs the cluster variable: write { vcov: { cluster: "code" } } (or vcov: "~code"). The forms are ${VCOV_FORMS}.`);
  }
  if (option !== null && typeof option === "object" && !Array.isArray(option) && "cluster" in option) {
    checkOptions("vcov", option, ["cluster"]);
    const given = (option as { cluster: unknown }).cluster;
    const raw = typeof given === "string" ? clusterNames(given) : given;
    const variables = Array.isArray(raw) ? raw.flatMap((v) => (typeof v === "string" ? clusterNames(v) : [v])) : undefined;
    if (!variables || variables.length === 0 || !variables.every((v) => typeof v === "string" && v.length > 0)) {
      throw new OptionsError(`vcov: { cluster } needs a column name or an array of one or two names, got ${JSON.stringify(given)}.`);
    }
    if (variables.length > 2) {
      throw new OptionsError(`vcov: clustering in ${variables.length} dimensions (${variables.join(", ")}) is not supported; use one or two cluster variables.`);
    }
    if (variables.length === 2 && variables[0] === variables[1]) {
      throw new OptionsError(`vcov: the two cluster variables are both "${variables[0]}"; give two different columns.`);
    }
    return { type: "cluster", variables: variables as string[] };
  }
  const panel = parsePanelVcov(option);
  if (panel) return panel;
  const shown = typeof option === "string" ? `"${option}"` : JSON.stringify(option);
  throw new OptionsError(`Unknown vcov type ${shown}. The forms are ${VCOV_FORMS}.`);
}

/** A column name given in a vcov option, or an OptionsError naming the option. */
function columnName(where: string, value: unknown): string {
  if (typeof value !== "string" || value.trim().length === 0) {
    throw new OptionsError(`vcov: ${where} must be the name of a column, got ${JSON.stringify(value) ?? "undefined"}.`);
  }
  return value.trim();
}

/** A Bartlett lag: undefined (fixest's default) or a non-negative integer. */
function lagOption(where: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0) {
    throw new OptionsError(`vcov: ${where}.lag must be a non-negative integer (a number of periods), got ${JSON.stringify(value) ?? String(value)}; leave it out for fixest's default floor(T^(1/4)).`);
  }
  return value;
}

/** The Driscoll–Kraay, Newey–West and Conley forms; undefined for anything else. */
function parsePanelVcov(option: unknown): VcovSpec | undefined {
  if (option === null || typeof option !== "object" || Array.isArray(option)) return undefined;
  const keys = Object.keys(option);
  if (keys.length !== 1) return undefined;
  const body = (option as Record<string, unknown>)[keys[0]];
  if (keys[0] === "driscollKraay") {
    checkOptions("vcov: driscollKraay", body, ["time", "lag"]);
    const given = (body ?? {}) as { time?: unknown; lag?: unknown };
    return { type: "driscollKraay", time: columnName("driscollKraay.time", given.time), lag: lagOption("driscollKraay", given.lag) };
  }
  if (keys[0] === "neweyWest") {
    checkOptions("vcov: neweyWest", body, ["unit", "time", "lag"]);
    const given = (body ?? {}) as { unit?: unknown; time?: unknown; lag?: unknown };
    return { type: "neweyWest", unit: columnName("neweyWest.unit", given.unit), time: columnName("neweyWest.time", given.time), lag: lagOption("neweyWest", given.lag) };
  }
  if (keys[0] === "conley") {
    checkOptions("vcov: conley", body, ["lat", "lon", "cutoff"]);
    const given = (body ?? {}) as { lat?: unknown; lon?: unknown; cutoff?: unknown };
    const cutoff = given.cutoff;
    if (typeof cutoff !== "number" || !(cutoff > 0) || !Number.isFinite(cutoff)) {
      throw new OptionsError(`vcov: conley.cutoff must be a positive distance in km (e.g. 500), got ${JSON.stringify(cutoff) ?? "undefined"}.`);
    }
    return { type: "conley", lat: columnName("conley.lat", given.lat), lon: columnName("conley.lon", given.lon), cutoff };
  }
  return undefined;
}

/**
 * The columns a spec needs read from the data as factors, so that the model frame drops rows missing in them
 * and the nesting rule sees them: the cluster variables; Driscoll–Kraay's time; Newey–West's unit and time;
 * Conley's latitude and longitude.
 * @example clusterVariables(parseVcov({ neweyWest: { unit: "code", time: "year" } })) // ["code", "year"]
 */
export function clusterVariables(spec: VcovSpec): string[] {
  switch (spec.type) {
    case "cluster":
      return spec.variables;
    case "driscollKraay":
      return [spec.time];
    case "neweyWest":
      return [spec.unit, spec.time];
    case "conley":
      return [spec.lat, spec.lon];
    default:
      return [];
  }
}

/**
 * What each column of {@link clusterVariables} is for, in the same order, for messages.
 * @example varianceColumnRoles(parseVcov({ driscollKraay: { time: "year" } })) // ["Driscoll–Kraay time variable"]
 */
export function varianceColumnRoles(spec: VcovSpec): string[] {
  switch (spec.type) {
    case "cluster":
      return spec.variables.map(() => "cluster variable");
    case "driscollKraay":
      return ["Driscoll–Kraay time variable (vcov: { driscollKraay: { time } })"];
    case "neweyWest":
      return ["Newey–West unit variable (vcov: { neweyWest: { unit } })", "Newey–West time variable (vcov: { neweyWest: { time } })"];
    case "conley":
      return ["Conley latitude column (vcov: { conley: { lat } })", "Conley longitude column (vcov: { conley: { lon } })"];
    default:
      return [];
  }
}

/**
 * The latitude and longitude columns of a Conley spec (read as numbers by the model frame), else undefined.
 * @example conleyCoordinates(parseVcov({ conley: { lat: "lat", lon: "lon", cutoff: 500 } })) // ["lat", "lon"]
 */
export function conleyCoordinates(spec: VcovSpec): [lat: string, lon: string] | undefined {
  return spec.type === "conley" ? [spec.lat, spec.lon] : undefined;
}
