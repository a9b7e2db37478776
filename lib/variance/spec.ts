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
    };

/** The forms `options.vcov` takes, for error messages. */
const VCOV_FORMS = '"iid", "hetero" (aliases "HC1" and Stata\'s "robust"), { cluster: "code" }, { cluster: ["code", "year"] }, or fixest\'s "~code" and "~code + year"';

/** The variables of a fixest one-sided formula "~a + b" (or of a plain name), trimmed. */
function clusterNames(raw: string): string[] {
  return raw.replace(/^\s*~/, "").split("+").map((v) => v.trim()).filter((v) => v.length > 0);
}

/**
 * Reads `options.vcov`: "iid" (default), "hetero" (alias "HC1"), or { cluster: "code" } /
 * { cluster: ["code", "year"] } for one- or two-way clustering; fixest's one-sided formulas
 * "~code" and "~code + year" (as `vcov = ~code` or `cluster = ~code` in R) mean the same.
 * @throws OptionsError naming the unknown type.
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
  const shown = typeof option === "string" ? `"${option}"` : JSON.stringify(option);
  throw new OptionsError(`Unknown vcov type ${shown}. The forms are ${VCOV_FORMS}.`);
}

/** Cluster variables a spec needs read from the data. */
export function clusterVariables(spec: VcovSpec): string[] {
  return spec.type === "cluster" ? spec.variables : [];
}
