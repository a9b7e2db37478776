/**
 * Lists of option keys for `checkOptions` (lib/options.ts) that the compiler holds to their
 * interface: a list that names a key the interface lacks, or leaves one out, does not compile, so
 * an option added to an interface cannot be forgotten by the check.
 */

/** The keys of T that a list K leaves out, as a type the list cannot satisfy; unknown when none is missing. */
type MissingKeys<T, K extends readonly unknown[]> = [Exclude<keyof T, K[number]>] extends [never] ? unknown : { missingOptionKeys: Exclude<keyof T, K[number]> };

/**
 * Every key of the options interface T, listed once, checked by the compiler. Curried so that T
 * is given and the list is inferred: `optionKeys<T>()([...])`. Lists extend with spreads
 * (`[...FIGURE_OPTION_KEYS, "level"]`), as the returned list keeps its literal type.
 * @typeParam T the options interface
 * @example
 * interface PlotOptions { title?: string; bins?: number }
 * const PLOT_OPTION_KEYS = optionKeys<PlotOptions>()(["title", "bins"]); // ["title"] would not compile
 * checkOptions("plot", options, PLOT_OPTION_KEYS);
 */
export function optionKeys<T extends object>(): <const K extends readonly (keyof T & string)[]>(keys: K & MissingKeys<T, K>) => K {
  return (keys) => keys;
}
