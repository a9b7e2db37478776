import { OptionsError } from "../errors";

/** The variance types of design §3. */
export type VcovSpec = { type: "iid" } | { type: "hetero" } | { type: "cluster"; variables: string[] };

/** What users write in `options.vcov`. */
export type VcovOption = "iid" | "hetero" | "HC1" | { cluster: string | string[] };

/**
 * Reads `options.vcov`: "iid" (default), "hetero" (alias "HC1"), or { cluster: "code" } /
 * { cluster: ["code", "year"] } for one- or two-way clustering.
 * @throws OptionsError naming the unknown type.
 */
export function parseVcov(option: unknown): VcovSpec {
  if (option === undefined || option === "iid") return { type: "iid" };
  if (option === "hetero" || option === "HC1") return { type: "hetero" };
  if (option !== null && typeof option === "object" && !Array.isArray(option) && "cluster" in option) {
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
