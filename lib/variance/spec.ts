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
    };

/** What users write in `options.vcov`. */
export type VcovOption =
  | "iid"
  | "hetero"
  | "HC1"
  | {
      /** The cluster variable, or two for two-way clustering. */
      cluster: string | string[];
    };

/**
 * Reads `options.vcov`: "iid" (default), "hetero" (alias "HC1"), or { cluster: "code" } /
 * { cluster: ["code", "year"] } for one- or two-way clustering.
 * @throws OptionsError naming the unknown type.
 */
export function parseVcov(option: unknown): VcovSpec {
  if (option === undefined || option === "iid") return { type: "iid" };
  if (option === "hetero" || option === "HC1") return { type: "hetero" };
  if (option !== null && typeof option === "object" && !Array.isArray(option) && "cluster" in option) {
    checkOptions("vcov", option, ["cluster"]);
    const raw = (option as { cluster: unknown }).cluster;
    const variables = typeof raw === "string" ? [raw] : Array.isArray(raw) ? raw : undefined;
    if (!variables || variables.length === 0 || !variables.every((v) => typeof v === "string" && v.length > 0)) {
      throw new OptionsError(`vcov: { cluster } needs a column name or an array of one or two names, got ${JSON.stringify(raw)}.`);
    }
    if (variables.length > 2) {
      throw new OptionsError(`vcov: clustering in ${variables.length} dimensions (${variables.join(", ")}) is not supported; use one or two cluster variables.`);
    }
    if (variables.length === 2 && variables[0] === variables[1]) {
      throw new OptionsError(`vcov: the two cluster variables are both "${variables[0]}"; give two different columns.`);
    }
    return { type: "cluster", variables: variables as string[] };
  }
  const shown = typeof option === "string" ? `"${option}"` : JSON.stringify(option);
  throw new OptionsError(`Unknown vcov type ${shown}: use "iid", "hetero" or { cluster: "column" } (or two columns for two-way clustering).`);
}

/** Cluster variables a spec needs read from the data. */
export function clusterVariables(spec: VcovSpec): string[] {
  return spec.type === "cluster" ? spec.variables : [];
}
