import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";

export const GOLDEN_DIR = join(__dirname, "..", "golden");

/** Reads a golden JSON file from test/golden/. */
export function readGolden<T = any>(file: string): T {
  return JSON.parse(readFileSync(join(GOLDEN_DIR, file), "utf8")) as T;
}

/**
 * Reads a small numeric CSV from test/golden/ into an object of columns: empty fields and NA
 * become null, quoted headers are unquoted, everything else must parse as a number
 * (string columns are listed in `textColumns`).
 */
export function readGoldenCsv(file: string, textColumns: string[] = []): Record<string, (number | string | null)[]> {
  const lines = readFileSync(join(GOLDEN_DIR, file), "utf8").trim().split(/\r?\n/);
  const header = lines[0].split(",").map((h) => h.replace(/^"|"$/g, ""));
  const columns: Record<string, (number | string | null)[]> = {};
  for (const h of header) columns[h] = [];
  for (let r = 1; r < lines.length; r++) {
    const cells = lines[r].split(",");
    header.forEach((h, k) => {
      const raw = (cells[k] ?? "").replace(/^"|"$/g, "");
      if (raw === "" || raw === "NA") columns[h].push(null);
      else if (textColumns.includes(h)) columns[h].push(raw);
      else {
        const value = Number(raw);
        if (Number.isNaN(value)) throw new Error(`${file}: row ${r}, column ${h}: "${raw}" is not a number`);
        columns[h].push(value);
      }
    });
  }
  return columns;
}

/** |actual − expected| ≤ rel · |expected| (absolute `rel` when expected is 0). */
export function assertClose(actual: number, expected: number, rel = 1e-8, what = ""): void {
  const scale = Math.abs(expected) > 0 ? Math.abs(expected) : 1;
  const error = Math.abs(actual - expected) / scale;
  assert.ok(Number.isFinite(actual) && error <= rel, `${what}: got ${actual}, expected ${expected} (relative error ${error.toExponential(2)} > ${rel})`);
}

/** Compares estimate, se, t and p of every coefficient in a fixest-style golden entry. */
export function assertCoefficients(
  fit: { coef: Record<string, number>; se: Record<string, number>; tstat: Record<string, number>; pvalue: Record<string, number> },
  expected: Record<string, { estimate: number; se: number; t: number; p: number }>,
  rel = 1e-8,
  rename: Record<string, string> = {},
  what = "",
): void {
  const names = Object.keys(expected);
  assert.ok(names.length > 0, "golden entry has no coefficients");
  for (const goldenName of names) {
    const name = rename[goldenName] ?? goldenName;
    const e = expected[goldenName];
    const label = what ? `${what} ${name}` : name;
    assertClose(fit.coef[name], e.estimate, rel, `${label} estimate`);
    assertClose(fit.se[name], e.se, rel, `${label} se`);
    assertClose(fit.tstat[name], e.t, rel, `${label} t`);
    assertClose(fit.pvalue[name], e.p, rel, `${label} p`);
  }
}

/** Adds the within-firm lag of `column` by `k` years of a Grunfeld-shaped panel (matched on the year, null where absent). */
export function withLag(data: Record<string, (number | null)[]>, column: string, k: number): (number | null)[] {
  const index = new Map<string, number | null>();
  data.firm.forEach((f, i) => index.set(`${f}:${data.year[i]}`, data[column][i]));
  return data.firm.map((f, i) => index.get(`${f}:${(data.year[i] as number) - k}`) ?? null);
}
