/**
 * The one check every public function that takes an options object makes: the object is an
 * object and every key in it is one the function knows. A misspelt key is an error that names it
 * and suggests the nearest valid key — never silently ignored (a `draw: 9` that runs 999 draws).
 */
import { OptionsError } from "./errors";
import { closestNames } from "./names";

/**
 * Throws an OptionsError when `options` is not a plain object or has a key outside `known`.
 * `undefined` passes (the function's defaults apply).
 * @param where the function's name, for the message
 * @example checkOptions("wildClusterBootstrap", { draw: 9 }, ["draws", "seed"]) // throws: unknown option "draw". Did you mean "draws"?
 */
export function checkOptions(where: string, options: unknown, known: readonly string[]): void {
  if (options === undefined) return;
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw new OptionsError(`${where}: the options must be an object such as { ${known[0]}: … }, got ${options === null ? "null" : Array.isArray(options) ? "an array" : typeof options}.`);
  }
  for (const key of Object.keys(options)) {
    if (known.includes(key)) continue;
    if (key === "cluster" && known.includes("vcov")) {
      const value = JSON.stringify((options as Record<string, unknown>).cluster) ?? '"code"';
      throw new OptionsError(`${where}: "cluster" is not an option of its own; it goes inside vcov: { vcov: { cluster: ${value} } } (R fixest's cluster = ~x is vcov: "~x" here).`);
    }
    const close = closestNames(key, known);
    const hint = close.length > 0 ? ` Did you mean "${close[0]}"?` : "";
    throw new OptionsError(`${where}: unknown option "${key}".${hint} The options are ${known.join(", ")}.`);
  }
}
