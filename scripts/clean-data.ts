/**
 * Bring your own data: runs the kit's cleaning pipeline on a folder of real yearbook files in the
 * documented schema (data/CODEBOOK.md, "raw files") and writes the analysis panel and its audit.
 * A file with a missing column, a wrong type, an unknown city, a duplicated city-year or an
 * impossible value stops the run with an error naming the file, row and column; nothing in the
 * output folder is touched until every file has been read and checked.
 *
 *   node --import tsx scripts/clean-data.ts --raw my-yearbooks/ --out my-data/
 *
 * Then point the notebooks at my-data/panel.csv (readPanel("my-data/panel.csv")).
 */
import * as path from "path";
import { writeCleaned } from "../lib/study/buildDataset";
import { cleanRawFolder } from "../lib/study/clean/store";
import { loadRegistry } from "../lib/study/registry";

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const k = args.indexOf(name);
  return k >= 0 ? args[k + 1] : undefined;
};
const rawDir = option("--raw");
const outDir = option("--out");
if (!rawDir || !outDir) {
  console.error("usage: node --import tsx scripts/clean-data.ts --raw <folder of raw files> --out <output folder>");
  process.exit(2);
}
try {
  const clean = cleanRawFolder(path.resolve(rawDir), loadRegistry());
  const files = writeCleaned(path.resolve(outDir), clean, `Counts of the cleaning run that made ${path.join(outDir, "panel.csv")} from ${rawDir}`);
  console.log(`Cleaned ${rawDir}: ${clean.panel.code.length} panel rows; wrote ${files.join(", ")} to ${outDir}.`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
