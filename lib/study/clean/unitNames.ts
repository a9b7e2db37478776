/**
 * Which codes a printed city name belongs to, by the registry and the crosswalk (lib/study/crosswalk.ts):
 * the check that a row's code and name agree, and the warning for a name neither knows.
 *
 * Names are compared by their base ({@link baseName}): 广州, 广州市 and " 广州市 " are one name.
 */
import { MERGES, OUT_OF_SAMPLE_UNITS, RENAMES, SPLITS } from "../crosswalk";
import type { AuditWarning } from "./audit";
import type { ParsedRow, RegistryNames } from "./parsedRow";

/**
 * A name without white space (ASCII and the full-width U+3000) and without its administrative suffix
 * (市, 地区, 盟, 自治州), so that a yearbook's 广州 and the registry's 广州市 compare equal.
 * @example baseName(" 毕节地区") // "毕节"
 */
export function baseName(name: string): string {
  return name.replace(/[\s\u3000]+/g, "").replace(/(市|地区|盟|自治州)$/, "");
}

/** Base name → every code it is printed under, per registry (cached: the registry maps do not change). */
const indexes = new WeakMap<RegistryNames, Map<string, Set<string>>>();

/**
 * Base name → codes: a registry city's name belongs to its code; a rename's old and new names to both
 * its old and new code; a merged, split or out-of-sample unit's name to its own code only.
 * @example codesNamed(registry).get("深圳") // Set { "440300" }
 */
export function codesNamed(registry: RegistryNames): ReadonlyMap<string, ReadonlySet<string>> {
  const cached = indexes.get(registry);
  if (cached) return cached;
  const index = new Map<string, Set<string>>();
  const add = (name: string, ...codes: string[]): void => {
    const set = index.get(baseName(name)) ?? new Set<string>();
    for (const c of codes) set.add(c);
    index.set(baseName(name), set);
  };
  for (const [code, name] of registry) add(name, code);
  for (const r of RENAMES) {
    add(r.oldName, r.oldCode, r.newCode);
    add(r.newName, r.oldCode, r.newCode);
  }
  for (const m of MERGES) add(m.name, m.code);
  for (const s of SPLITS) add(s.name, s.code);
  for (const u of OUT_OF_SAMPLE_UNITS) add(u.name, u.code);
  indexes.set(registry, index);
  return index;
}

/**
 * The codes the printed name belongs to when they do not include the printed code (code and name
 * disagree); null when they agree, the name is empty, or the name is unknown.
 * @example otherOwners("440100", "深圳市", registry) // ["440300"]
 */
export function otherOwners(code: string, name: string, registry: RegistryNames): string[] | null {
  const owners = codesNamed(registry).get(baseName(name));
  if (baseName(name) === "" || owners === undefined || owners.has(code)) return null;
  return Array.from(owners).sort();
}

/**
 * One "name_not_registry" warning per used row whose non-empty name the registry and the crosswalk do
 * not know: such a row is kept by its code, and the warning asks to check that code.
 * @param file the file's name, as in the audit
 * @example unitNameWarnings(rows, "economy.csv", registry)[0]?.kind // "name_not_registry"
 */
export function unitNameWarnings(rows: readonly ParsedRow[], file: string, registry: RegistryNames): AuditWarning[] {
  const index = codesNamed(registry);
  const out: AuditWarning[] = [];
  for (const r of rows) {
    if (r.dropReason || r.target === null || baseName(r.printedName) === "" || index.has(baseName(r.printedName))) continue;
    const official = registry.get(r.target) ?? r.target;
    out.push({
      kind: "name_not_registry",
      file,
      line: r.line,
      code: r.printedCode,
      year: r.year,
      variable: "city",
      detail: `the name "${r.printedName}" is not a name of ${r.target} ${official} in the registry or the crosswalk; the row was kept by its code — check that the code is this city's.`,
    });
  }
  return out;
}
