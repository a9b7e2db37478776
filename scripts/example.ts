/**
 * The kit's main job. Until the notebooks land it fits the example model of the estimator
 * library on the Grunfeld panel bundled for the tests and prints fixest-style summaries.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { feols } from "../lib/index";

function readCsv(path: string): Record<string, number[]> {
  const [header, ...lines] = readFileSync(path, "utf8").trim().split(/\r?\n/);
  const names = header.split(",").map((h) => h.replace(/"/g, ""));
  const columns: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (const line of lines) line.split(",").forEach((cell, k) => columns[names[k]].push(Number(cell)));
  return columns;
}

const grunfeld = readCsv(join(__dirname, "..", "test", "golden", "grunfeld.csv"));
console.log("Example: the Grunfeld investment panel (10 firms × 20 years, R's plm version).\n");
console.log(feols("inv ~ value + capital | firm + year", grunfeld, { vcov: { cluster: "firm" } }).summary());
console.log();
console.log(feols("inv ~ value + capital | firm + year", grunfeld, { vcov: { cluster: ["firm", "year"] } }).summary());
