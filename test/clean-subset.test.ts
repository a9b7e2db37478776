/**
 * A subset of the raw files: the cleaner builds the variables it can, leaves the others empty and lists
 * them with the files they need (fileFeeds.ts RAW_FILE_FEEDS); a folder with none of the files is refused.
 * The expected lists are read off the formulas of lib/study/variables/build.ts by hand.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync } from "node:fs";
import { join } from "node:path";
import { cleanRawFolder, notBuilt } from "../lib/study/clean/store";
import { DataFileError } from "../lib/study/clean/errors";
import { RAW_FILE_FEEDS, rawFileFeedsMarkdown } from "../lib/study/clean/fileFeeds";
import { loadRegistry } from "../lib/study/registry";
import { tempDir } from "./helpers/tempDir";

const RAW = join(__dirname, "..", "data", "raw");
const registry = loadRegistry();

test("the two population files alone build the population outcomes and the registry flags, and list what every other variable needs", () => {
  const dir = tempDir("kit-subset-");
  for (const f of ["population_resident.csv", "population_registered.csv"]) copyFileSync(join(RAW, f), join(dir, f));
  const result = cleanRawFolder(dir, registry);
  const built = result.values.variables.filter((v) => v.missing === 0).map((v) => v.variable);
  assert.deepEqual(built, ["shrink", "shrink_hukou", "shrinking", "hu_se", "peripheral", "resource"]);
  const missing = Object.fromEntries(notBuilt(result.values).map((n) => [n.variable, n.needs]));
  assert.deepEqual(missing.open, ["economy.csv", "exchange_rates.csv"]);
  assert.deepEqual(missing.density, ["education_roads.csv"]);
  assert.deepEqual(missing.ai, ["robots_city.csv", "economy.csv"]);
  assert.equal(missing.shrink, undefined);
  for (const v of result.values.variables) assert.equal(v.computed + v.filled + v.missing, v.rows, `${v.variable} reconciles`);
  const cell = result.values.missing.find((m) => m.variable === "open");
  assert.match(cell?.cause ?? "", /^(economy|exchange_rates)\.csv not supplied/);
});

test("a folder with none of the schema's files is refused, naming the files it looked for", () => {
  const dir = tempDir("kit-subset-none-");
  assert.throws(
    () => cleanRawFolder(dir, registry),
    (e: unknown) => e instanceof DataFileError && e.kind === "missing_file" && /holds none of the 14 raw files of the schema \(population_resident\.csv, /.test(e.message),
  );
});

test("the file → variables table covers every raw file and every variable but the registry flags", () => {
  assert.equal(RAW_FILE_FEEDS.length, 14);
  const fed = new Set(RAW_FILE_FEEDS.flatMap((r) => r.feeds));
  assert.deepEqual([...fed].filter((v) => ["hu_se", "peripheral", "resource"].includes(v)), []);
  assert.equal(fed.size, 23 - 3);
  assert.deepEqual(RAW_FILE_FEEDS.find((r) => r.file === "price_deflators.csv")?.feeds, ["shrink_index", "lnpgdp"]);
  assert.match(rawFileFeedsMarkdown(), /\| `exchange_rates.csv` \| `open` \|/);
});
